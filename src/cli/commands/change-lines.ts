import { jsonText } from '../../api/json-text.js';
import type { ChangeCauseOutput, ChangeImageOutput, EntityChangeOutput } from '../../api/index.js';

/** A property value on a change line: strings bare, `<null>` for null, JSON otherwise. */
function valueText(value: unknown): string {
  if (value === null) return '<null>';
  return typeof value === 'string' ? value : jsonText(value);
}

/** The cause lines of a block of changes (docs/guide/branches-and-merge.md). */
export function causeLines(cause: ChangeCauseOutput): string[] {
  const lines = [`commit: ${cause.graph_commit_id}`, `branch: ${cause.authored_branch}`];
  if (cause.parent_commit_id !== null) lines.push(`parent: ${cause.parent_commit_id}`);
  if (cause.merged_parent_commit_id !== null)
    lines.push(`merged_parent: ${cause.merged_parent_commit_id}`);
  if (cause.actor_id !== null) lines.push(`actor: ${cause.actor_id}`);
  lines.push(`authored_at: ${cause.authored_at}`);
  return lines;
}

function endpointText(image: ChangeImageOutput | null): string | null {
  return image?.endpoints ? `${image.endpoints.from} -> ${image.endpoints.to}` : null;
}

function endpointLine(change: EntityChangeOutput): string[] {
  const before = endpointText(change.before);
  const after = endpointText(change.after);
  if (before !== null && after !== null && before !== after) return [`  ${before} => ${after}`];
  const text = after ?? before;
  return text === null ? [] : [`  ${text}`];
}

function propertyLines(change: EntityChangeOutput): string[] {
  const before = change.before?.properties;
  const after = change.after?.properties;
  if (before && after) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys
      .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      .map((key) => {
        const old = key in before ? valueText(before[key]) : '<absent>';
        const now = key in after ? valueText(after[key]) : '<absent>';
        return `  ${key}: ${old} -> ${now}`;
      });
  }
  const [sign, properties] = after ? ['+', after] : ['-', before ?? {}];
  return Object.entries(properties).map(([key, value]) => `  ${sign} ${key}: ${valueText(value)}`);
}

/**
 * One change as human lines: `<op> <kind> <Type> <id>`, edge endpoints (`from -> to`, a move
 * as `a -> b => c -> d`), then `+ key: v` for an insert, `- key: v` for a delete,
 * `key: before -> after` for the changed properties of an update.
 */
export function changeLines(change: EntityChangeOutput): string[] {
  return [
    `${change.op} ${change.kind} ${change.type.name} ${change.id}`,
    ...endpointLine(change),
    ...propertyLines(change),
  ];
}
