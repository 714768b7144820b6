import type { EdgeType, NodeType, Property } from '../../compiler/catalog/catalog.js';
import { findProperty } from '../../compiler/catalog/catalog-lookup.js';
import type { OperandIR } from '../../compiler/ir/expr-ir.js';
import { OmniError } from '../../util/omni-error.js';
import {
  type StrictJsonValue,
  operandValue,
  valueCell,
  type OperandScope,
  coerceValue,
} from '../values/index.js';
import type { Cell } from '../lance/index.js';

/** The property of a type a statement names (the typechecker resolved it already). */
export function propertyOf(type: NodeType | EdgeType, name: string): Property {
  const property = findProperty(type, name);
  if (!property) throw new OmniError('internal', `${type.name} has no property '${name}'`);
  return property;
}

/**
 * An operand's value as the stored cell of `property`: converted to the column's width and
 * checked (integer range, enum membership) as a load would check it; null stays null.
 */
export function propertyCell(
  type: NodeType | EdgeType,
  property: Property,
  operand: OperandIR,
  scope: OperandScope,
): Cell {
  const cell = valueCell(operandValue(operand, scope));
  if (cell === null) return null;
  return coerceValue(property, type.name, cell as StrictJsonValue);
}

/** An endpoint operand (`from` / `to`): a node id. */
export function endpointId(operand: OperandIR, scope: OperandScope, what: string): string {
  const cell = valueCell(operandValue(operand, scope));
  if (typeof cell !== 'string')
    throw new OmniError('bad_request', `${what} must be a node id (a String), got null`);
  return cell;
}
