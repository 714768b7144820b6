import { OmniError } from '../../util/omni-error.js';
import type { ChangeOp, EntityChangeOutput } from '../../api/commit-changes-output.js';

/** Which changes to keep (`ChangeFilter`): an empty or absent list keeps everything. */
export interface ChangeFilter {
  readonly kinds?: readonly ('node' | 'edge')[];
  readonly types?: readonly string[];
  readonly ops?: readonly ChangeOp[];
}

const KINDS: readonly string[] = ['node', 'edge'];
const OPS: readonly string[] = ['insert', 'update', 'delete'];

function checkValues(what: string, values: readonly string[], allowed: readonly string[]): void {
  const bad = values.find((value) => !allowed.includes(value));
  if (bad !== undefined) {
    throw new OmniError(
      'bad_request',
      `unknown change ${what} '${bad}'; expected ${allowed.join(', ')}`,
      { details: { [what]: bad } },
    );
  }
}

/** Checks a filter from outside (CLI flags, query parameters): unknown kinds or ops are refused. */
export function validateChangeFilter(filter: ChangeFilter): void {
  checkValues('kind', filter.kinds ?? [], KINDS);
  checkValues('op', filter.ops ?? [], OPS);
}

/** True when a filter keeps a type of this kind and name (ops are checked per change). */
export function keepsType(filter: ChangeFilter, kind: 'node' | 'edge', name: string): boolean {
  const { kinds = [], types = [] } = filter;
  return (
    (kinds.length === 0 || kinds.includes(kind)) && (types.length === 0 || types.includes(name))
  );
}

/** True when a filter keeps a change. */
export function keepsChange(filter: ChangeFilter, change: EntityChangeOutput): boolean {
  const ops = filter.ops ?? [];
  return (
    keepsType(filter, change.kind, change.type.name) &&
    (ops.length === 0 || ops.includes(change.op))
  );
}

/** A canonical text of the filter, which page tokens bind to. */
export function filterScope(filter: ChangeFilter): string {
  const sorted = (values: readonly string[] | undefined): string[] =>
    [...new Set(values ?? [])].sort();
  return JSON.stringify([sorted(filter.kinds), sorted(filter.types), sorted(filter.ops)]);
}
