import type { EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import type { AssignmentIR, InsertEdgeIR, InsertNodeIR } from '../../compiler/ir/mutation-ir.js';
import type { Cell, Row } from '../lance/index.js';
import { generatedId, keyedNodeId } from '../values/index.js';
import { edgeTypeOf, nodeTypeOf, type MutationScope } from './mutation-scope.js';
import { endpointId, propertyCell, propertyOf } from './mutation-values.js';

/** Every property of the type: assigned values, null for the rest (a whole row). */
function propertyValues(
  type: NodeType | EdgeType,
  assignments: readonly AssignmentIR[],
  scope: MutationScope,
): Record<string, Cell> {
  const values: Record<string, Cell> = {};
  for (const property of type.properties) values[property.name] = null;
  for (const { property, value } of assignments)
    values[property] = propertyCell(type, propertyOf(type, property), value, scope.operands);
  return values;
}

/**
 * `insert Node { … }`: a keyed type upserts the whole row under the id its `@key` derives (an
 * existing node is replaced); a type without a key inserts under a new ULID.
 */
export function insertNode(scope: MutationScope, statement: InsertNodeIR): void {
  const { key, type } = nodeTypeOf(scope, statement.typeName);
  const values = propertyValues(type, statement.assignments, scope);
  const id = type.key ? keyedNodeId(type, type.key, values) : generatedId();
  const row: Row = { id, ...values };
  scope.pending.upsert(key, row, type.key ? 'keyed' : 'generated');
}

/** `insert Edge { from, to, … }`: a strict insert under a new ULID. */
export function insertEdge(scope: MutationScope, statement: InsertEdgeIR): void {
  const { key, type } = edgeTypeOf(scope, statement.typeName);
  const src = endpointId(statement.from, scope.operands, `${type.name}.from`);
  const dst = endpointId(statement.to, scope.operands, `${type.name}.to`);
  const values = propertyValues(type, statement.assignments, scope);
  const row: Row = { id: generatedId(), src, dst, ...values };
  scope.pending.upsert(key, row, 'generated');
}
