import type { Snapshot } from '../../snapshot/index.js';
import { derivedColumns } from '../execution/derived-columns.js';
import type { OperandScope } from '../../values/index.js';

/**
 * Everything planning a read depends on, as plain data: planning reads no table and needs no
 * execution context, so a plan can be made (and explained) without running anything.
 */
export interface PlanInputs {
  /**
   * The bound parameters and the query's one `now()`: whether a filter pushes down depends on
   * its operand's value (a NULL parameter matches nothing; a value without a SQL literal stays
   * in memory).
   */
  readonly operands: OperandScope;
  /** Rows per table key (`node:Person`, `edge:Knows`), from the snapshot's manifest. */
  readonly rowCounts: ReadonlyMap<string, number>;
  /**
   * Per node type name, the columns whose values follow from the id (its single `@key`): an
   * equality on one pins a start variable without a read, and a group key on one is unique.
   */
  readonly derivedColumns: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The plan inputs of a snapshot (its manifest and catalog; no table is opened). */
export function planInputsOf(snapshot: Snapshot, operands: OperandScope): PlanInputs {
  const rowCounts = new Map(
    Object.entries(snapshot.commit.manifest.tables).map(([key, entry]) => [key, entry.rowCount]),
  );
  const derived = new Map(
    snapshot.catalog.nodeTypes.map((type) => [type.name, new Set(derivedColumns(type).keys())]),
  );
  return { operands, rowCounts, derivedColumns: derived };
}

/** The columns of `nodeType` derived from its ids (none for an unknown type). */
export function derivedOf(inputs: PlanInputs, nodeType: string): ReadonlySet<string> {
  return inputs.derivedColumns.get(nodeType) ?? new Set();
}

/** The rows of a node type's table (0 when the manifest has none). */
export function nodeRows(inputs: PlanInputs, nodeType: string): number {
  return inputs.rowCounts.get(`node:${nodeType}`) ?? 0;
}

/** The rows of an edge type's table (0 when the manifest has none). */
export function edgeRows(inputs: PlanInputs, edgeType: string): number {
  return inputs.rowCounts.get(`edge:${edgeType}`) ?? 0;
}
