import type { UpdateNodeIR } from '../../compiler/ir/mutation-ir.js';
import { OmniError } from '../../util/omni-error.js';
import type { Cell, Row } from '../lance/index.js';
import { cellsEqual } from '../values/index.js';
import { bindPredicate } from './mutation-predicate.js';
import { matchingRows, nodeTypeOf, type MutationScope } from './mutation-scope.js';
import { propertyCell, propertyOf } from './mutation-values.js';

function sameCell(a: Cell, b: Cell): boolean {
  return (a === null && b === null) || cellsEqual(a, b);
}

/**
 * `update Node set { … } where …`: every matching node (pending rows included) gets the
 * assigned values; a row whose values would not change is not written. `@key` members are
 * never written (the typechecker refuses them; this keeps the engine safe on its own).
 */
export async function updateNode(scope: MutationScope, statement: UpdateNodeIR): Promise<void> {
  const { key, type } = nodeTypeOf(scope, statement.typeName);
  const values: Record<string, Cell> = {};
  for (const { property, value } of statement.assignments) {
    if (type.key?.includes(property) === true) {
      throw new OmniError(
        'bad_request',
        `${type.name}.${property} is a @key property and cannot be updated; @key values are immutable`,
      );
    }
    values[property] = propertyCell(type, propertyOf(type, property), value, scope.operands);
  }
  const predicate = bindPredicate(type, statement.where, scope.operands);
  for (const row of await matchingRows(scope, key, predicate)) {
    const changed = Object.entries(values).some(
      ([name, cell]) => !sameCell(row[name] ?? null, cell),
    );
    if (!changed) continue;
    const updated: Row = { ...row, ...values };
    scope.pending.upsert(key, updated);
  }
}
