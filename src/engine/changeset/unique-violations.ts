import type { EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import type { Cell, Row } from '../lance/index.js';
import { uniqueValueKey } from '../snapshot/index.js';
import { describeColumns, describeTuple } from '../load/index.js';
import type { ConstraintViolation, TableChanges } from './change-set.js';
import { violationOf, type ChangeContext } from './change-context.js';

interface Holder {
  readonly id: string;
  readonly tuple: readonly Cell[];
}

function message(
  type: NodeType | EdgeType,
  columns: readonly string[],
  tuple: readonly Cell[],
  a: string,
  b: string,
): string {
  return `@unique violation on ${describeColumns(type, columns)}: value '${describeTuple(tuple)}' held by '${a}' and '${b}'`;
}

/** Upserted rows by value tuple of `columns`; rows with a null member are exempt. */
function upsertHolders(
  upserts: ReadonlyMap<string, Row>,
  columns: readonly string[],
): Map<string, Holder[]> {
  const holders = new Map<string, Holder[]>();
  for (const [id, row] of upserts) {
    const tuple = columns.map((column) => row[column] ?? null);
    if (tuple.some((value) => value === null)) continue;
    const key = uniqueValueKey(tuple);
    holders.set(key, [...(holders.get(key) ?? []), { id, tuple }]);
  }
  return holders;
}

async function constraintViolations(
  context: ChangeContext,
  tableKey: string,
  type: NodeType | EdgeType,
  changes: TableChanges,
  columns: readonly string[],
): Promise<ConstraintViolation[]> {
  const holders = upsertHolders(changes.upserts, columns);
  if (holders.size === 0) return [];
  const found: ConstraintViolation[] = [];
  const firsts = [...holders.values()].flatMap((list) => list.slice(0, 1));
  const graph = await context.base.lookups().uniqueHolders(
    tableKey,
    columns,
    firsts.map((holder) => holder.tuple),
  );
  for (const [key, list] of holders) {
    const sorted = [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
    // A base row the change deletes or replaces no longer holds its old value.
    const kept = (graph.get(key) ?? [])
      .filter((id) => !changes.upserts.has(id) && !changes.deletes.has(id))
      .sort();
    const [first, ...others] = sorted;
    const holder = kept[0] ?? first?.id;
    if (holder === undefined) continue;
    for (const other of kept.length > 0 ? sorted : others) {
      const text = message(type, columns, other.tuple, holder, other.id);
      found.push(violationOf('unique_violation', type, other.id, text));
    }
  }
  return found;
}

/** `@unique` violations (nulls exempt) among upserts and against the base rows they keep. */
export async function uniqueViolations(context: ChangeContext): Promise<ConstraintViolation[]> {
  const found: ConstraintViolation[] = [];
  for (const { key, type, changes } of context.changedTables()) {
    for (const constraint of type.constraints) {
      if (constraint.kind !== 'unique') continue;
      found.push(
        ...(await constraintViolations(context, key, type, changes, constraint.properties)),
      );
    }
  }
  return found;
}
