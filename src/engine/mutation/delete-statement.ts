import type { DeleteEdgeIR, DeleteNodeIR } from '../../compiler/ir/mutation-ir.js';
import { settleAll } from '../../util/settle-all.js';
import { rowsWhereIn, type EdgeEnd } from '../changeset/index.js';
import { ROW_ID_COLUMN, type Row } from '../lance/index.js';
import { bindPredicate } from './mutation-predicate.js';
import { edgeTypeOf, matchingRows, nodeTypeOf, type MutationScope } from './mutation-scope.js';

/**
 * Deletes the edges of every edge type touching the deleted nodes, in both directions: those of
 * the base (read together: they are reads of the base snapshot alone, applied in order after)
 * and the pending ones.
 */
async function cascadeEdges(
  scope: MutationScope,
  nodeType: string,
  ids: readonly string[],
): Promise<void> {
  const sides = scope.base.catalog.edgeTypes.flatMap((edge) => {
    const { key } = edgeTypeOf(scope, edge.name);
    return [
      ...(edge.from === nodeType ? [{ key, column: 'src' }] : []),
      ...(edge.to === nodeType ? [{ key, column: 'dst' }] : []),
    ];
  });
  const reads = await settleAll(
    sides.map(({ key, column }) => rowsWhereIn(scope.base, key, column, ids, CASCADED_COLUMNS)),
  );
  const deleted = new Set(ids);
  for (const [index, { key, column }] of sides.entries()) {
    const held = reads[index] ?? [];
    scope.pending.markHeld(
      key,
      held.map((row) => String(row.id)),
    );
    for (const row of held)
      scope.pending.delete(key, String(row.id), true, endsOf(row), rowIdOf(row));
    for (const row of scope.pending.pendingRows(key))
      if (deleted.has(String(row[column])))
        scope.pending.delete(key, String(row.id), true, endsOf(row));
  }
}

/** `delete Node where …`: the matching nodes and every edge incident to them. */
export async function deleteNode(scope: MutationScope, statement: DeleteNodeIR): Promise<void> {
  const { key, type } = nodeTypeOf(scope, statement.typeName);
  const predicate = bindPredicate(type, statement.where, scope.operands);
  const columns = ['id', predicate.column];
  const ids = (await matchingRows(scope, key, predicate, columns)).map((row) => String(row.id));
  for (const id of ids) scope.pending.delete(key, id);
  if (ids.length === 0) return;
  await cascadeEdges(scope, type.name, ids);
  scope.pending.markCascaded(key, ids);
}

/** `delete Edge where …` on a property or on `from` / `to`. */
export async function deleteEdge(scope: MutationScope, statement: DeleteEdgeIR): Promise<void> {
  const { key, type } = edgeTypeOf(scope, statement.typeName);
  const predicate = bindPredicate(type, statement.where, scope.operands);
  const columns = [...new Set([...EDGE_COLUMNS, predicate.column])];
  for (const row of await matchingRows(scope, key, predicate, columns))
    scope.pending.delete(key, String(row.id), false, endsOf(row));
}

/** The columns of an edge read to delete it: its id, and its endpoints for the read caches. */
const EDGE_COLUMNS = ['id', 'src', 'dst'];

/** The columns of an edge a node delete takes with it: with its row id, to delete it by. */
const CASCADED_COLUMNS = [...EDGE_COLUMNS, ROW_ID_COLUMN];

/** A row's stable row id, when it was read. */
function rowIdOf(row: Row): bigint | undefined {
  const rowId = row[ROW_ID_COLUMN];
  return typeof rowId === 'bigint' ? rowId : undefined;
}

/** An edge row's endpoints, when it holds both as strings. */
function endsOf(row: Row): EdgeEnd | undefined {
  const { src, dst } = row;
  return typeof src === 'string' && typeof dst === 'string' ? { src, dst } : undefined;
}
