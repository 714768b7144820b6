import { closestName } from '../../util/closest-name.js';
import { OmniError } from '../../util/omni-error.js';
import type { EmbedSpec } from './embed-spec.js';
import { memberNamed, type NodeLine } from './record-line.js';

/** One `field=value` of a selector. */
interface Condition {
  readonly field: string;
  readonly value: string;
}

/** `--select Type:field=value|field=value`: records of `type` meeting any of the conditions. */
export interface Selector {
  /** As given, for messages. */
  readonly text: string;
  readonly type: string;
  readonly conditions: readonly Condition[];
}

/** Which records of the input a run acts on. */
export interface Selection {
  /** The types acted on: `--type`'s, else every type of the spec. */
  readonly types: ReadonlySet<string>;
  /** Empty: every record of those types. */
  readonly selectors: readonly Selector[];
}

const SELECTOR_FORM = '`Type:field=value`, with more `|field=value` alternatives';

function unknownType(flag: string, type: string, spec: EmbedSpec): OmniError {
  const known = [...spec.types.keys()];
  const near = closestName(type, known);
  return new OmniError(
    'usage',
    `${flag} names type '${type}', which the embedding spec '${spec.file}' does not embed${near === undefined ? '' : ` (did you mean '${near}'?)`}; its types: ${known.join(', ')}`,
    { details: { type, spec: spec.file } },
  );
}

/**
 * Parses `Type:field=value|field=value`: the type before the first `:`, then alternatives
 * split at `|`, each split at its first `=` (a value may hold `=` and `:`, never `|`).
 *
 * @example parseSelector('Doc:slug=a|slug=b') // { text: 'Doc:slug=a|slug=b', type: 'Doc', conditions: [{ field: 'slug', value: 'a' }, { field: 'slug', value: 'b' }] }
 */
export function parseSelector(text: string): Selector {
  const colon = text.indexOf(':');
  const type = text.slice(0, Math.max(colon, 0)).trim();
  const conditions = text
    .slice(colon + 1)
    .split('|')
    .map((part) => {
      const equals = part.indexOf('=');
      return { field: part.slice(0, Math.max(equals, 0)).trim(), value: part.slice(equals + 1) };
    });
  if (colon <= 0 || type === '' || conditions.some((c) => c.field === '')) {
    throw new OmniError('usage', `--select '${text}' is not ${SELECTOR_FORM}`, {
      details: { select: text },
    });
  }
  return { text, type, conditions };
}

/**
 * The selection the flags describe. A `--type` or a selector's type that the spec does not
 * embed, or a selector of a type left out by `--type`, is a `usage` error.
 */
export function selectionOf(
  spec: EmbedSpec,
  types: readonly string[],
  selects: readonly string[],
): Selection {
  for (const type of types) if (!spec.types.has(type)) throw unknownType('--type', type, spec);
  const chosen = new Set(types.length === 0 ? spec.types.keys() : types);
  const selectors = selects.map(parseSelector);
  for (const selector of selectors) {
    if (!spec.types.has(selector.type))
      throw unknownType(`--select '${selector.text}'`, selector.type, spec);
    if (!chosen.has(selector.type)) {
      throw new OmniError(
        'usage',
        `--select '${selector.text}' names type '${selector.type}', which --type leaves out: add --type ${selector.type} or drop the selector`,
      );
    }
  }
  return { types: chosen, selectors };
}

/** The value of a record's field as a selector compares it: strings as they are, scalars as spelled. */
function selectorValue(record: NodeLine, field: string): string | undefined {
  const data = record.data;
  const member = data === undefined ? undefined : memberNamed(data.span, field);
  if (data === undefined || member === undefined) return undefined;
  const value = data.values[field];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') {
    return record.text.slice(member.valueStart, member.valueEnd);
  }
  return undefined;
}

/** The selectors a record meets: of its type, with at least one condition its data meets. */
export function matchingSelectors(selection: Selection, record: NodeLine): Selector[] {
  return selection.selectors.filter(
    (selector) =>
      selector.type === record.type &&
      selector.conditions.some(({ field, value }) => selectorValue(record, field) === value),
  );
}
