import type { EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import { findEdgeType, findNodeType, typeKey } from '../../compiler/catalog/catalog-lookup.js';
import { OmniError } from '../../util/omni-error.js';
import type { Row } from '../lance/index.js';
import type { OperandScope } from '../values/index.js';
import type { Snapshot } from '../snapshot/index.js';
import { predicateFilter, predicateMatches, type BoundPredicate } from './mutation-predicate.js';
import { KEYED_WRITE_MAX_ROWS, resourceLimit } from './mutation-limit.js';
import type { PendingChanges } from './pending-changes.js';
import { derivedColumns } from '../query/index.js';

/** What the statements of one mutation are evaluated against. */
export interface MutationScope {
  readonly base: Snapshot;
  readonly pending: PendingChanges;
  readonly operands: OperandScope;
}

/** A node type a statement names, with its table key. */
export function nodeTypeOf(scope: MutationScope, name: string): { key: string; type: NodeType } {
  const type = findNodeType(scope.base.catalog, name);
  if (!type) throw new OmniError('internal', `node type '${name}' is not in the catalog`);
  return { key: typeKey(type), type };
}

/** An edge type a statement names, with its table key. */
export function edgeTypeOf(scope: MutationScope, name: string): { key: string; type: EdgeType } {
  const type = findEdgeType(scope.base.catalog, name);
  if (!type) throw new OmniError('internal', `edge type '${name}' is not in the catalog`);
  return { key: typeKey(type), type };
}

/**
 * The rows of a table matching a `where` as the statement sees them: base rows through a
 * pushed-down filter (bounded by the write limit; from the read cache when it holds the table)
 * unless an earlier statement wrote or deleted them, then the pending rows that match.
 * `columns` limits what base rows carry.
 */
export async function matchingRows(
  scope: MutationScope,
  tableKey: string,
  predicate: BoundPredicate,
  columns?: readonly string[],
): Promise<Row[]> {
  const reader = await scope.base.reader(tableKey);
  const filter = predicateFilter(reader, predicate);
  if (filter === null) return [];
  const type = scope.base.catalog.nodeTypes.find((node) => typeKey(node) === tableKey);
  const scanned = await scope.base
    .lookups()
    .matchingRows(
      tableKey,
      filter,
      columns,
      KEYED_WRITE_MAX_ROWS + 1,
      type === undefined ? undefined : derivedColumns(type),
    );
  if (scanned.length > KEYED_WRITE_MAX_ROWS) {
    const actual = await reader.count(filter);
    throw resourceLimit(`keyed write rows of ${tableKey}`, actual, KEYED_WRITE_MAX_ROWS);
  }
  scope.pending.markHeld(
    tableKey,
    scanned.map((row) => String(row.id)),
  );
  const rows = scanned.filter((row) => !scope.pending.shadows(tableKey, String(row.id)));
  for (const row of scope.pending.pendingRows(tableKey))
    if (predicateMatches(row, predicate)) rows.push(row);
  return rows;
}
