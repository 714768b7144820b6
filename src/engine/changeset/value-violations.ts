import type { EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import { OmniError } from '../../util/omni-error.js';
import type { Row } from '../lance/index.js';
import { checkRowConstraints, coerceValue } from '../values/index.js';
import type { ConstraintViolation } from './change-set.js';
import { violationOf, type ChangeContext } from './change-context.js';

/** The first value-constraint error of a row: enum membership, non-null, `@range`, `@check`. */
function rowError(type: NodeType | EdgeType, row: Row): string | undefined {
  try {
    for (const property of type.properties) {
      const value = row[property.name];
      if (property.type.kind === 'enum' && typeof value === 'string')
        coerceValue(property, type.name, value);
    }
    checkRowConstraints(type, row);
    return undefined;
  } catch (error) {
    if (error instanceof OmniError && error.code === 'bad_request') return error.message;
    throw error;
  }
}

/** Value-constraint violations of every upserted row (one per row: its first error). */
export function valueViolations(context: ChangeContext): ConstraintViolation[] {
  const found: ConstraintViolation[] = [];
  for (const { type, changes } of context.changedTables()) {
    for (const [id, row] of changes.upserts) {
      const message = rowError(type, row);
      if (message !== undefined)
        found.push(violationOf('value_constraint_violation', type, id, message));
    }
  }
  return found;
}
