import type { EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import type { PredicateIR } from '../../compiler/ir/mutation-ir.js';
import type { CompOp } from '../../compiler/query/ast.js';
import { assertNever } from '../../util/assert-never.js';
import { OmniError } from '../../util/omni-error.js';
import { where, type Filter, type Cell, type Row, type TableReader } from '../lance/index.js';
import { type OperandScope, compareCells, cellsEqual, orderHolds } from '../values/index.js';
import { filterValueFor } from '../snapshot/index.js';
import { endpointId, propertyCell, propertyOf } from './mutation-values.js';

/** A `where` with its value evaluated: the column it compares and the cell it compares with. */
export interface BoundPredicate {
  readonly column: string;
  readonly op: CompOp;
  /** Null: the comparison matches no row (NULL never matches). */
  readonly value: Cell;
}

/** Evaluates a statement's `where` value against the type's column. */
export function bindPredicate(
  type: NodeType | EdgeType,
  predicate: PredicateIR,
  scope: OperandScope,
): BoundPredicate {
  const { field, op } = predicate;
  if (field.kind === 'endpoint') {
    const column = field.endpoint === 'from' ? 'src' : 'dst';
    return {
      column,
      op,
      value: endpointId(predicate.value, scope, `${type.name}.${field.endpoint}`),
    };
  }
  const property = propertyOf(type, field.property);
  return { column: property.name, op, value: propertyCell(type, property, predicate.value, scope) };
}

/** The predicate as a typed Lance filter (never SQL text), or null when it matches nothing. */
export function predicateFilter(reader: TableReader, predicate: BoundPredicate): Filter | null {
  if (predicate.value === null) return null;
  const column = reader.columns.find((c) => c.name === predicate.column);
  if (!column)
    throw new OmniError('internal', `table ${reader.name} has no column '${predicate.column}'`);
  const value = filterValueFor(column, predicate.value);
  switch (predicate.op) {
    case '=':
      return where.eq(column.name, value);
    case '!=':
      return where.ne(column.name, value);
    case '<':
      return where.lt(column.name, value);
    case '<=':
      return where.le(column.name, value);
    case '>':
      return where.gt(column.name, value);
    case '>=':
      return where.ge(column.name, value);
    default:
      return assertNever(predicate.op, 'comparison operator');
  }
}

/** The same predicate over a pending (not yet written) row, with the filter's semantics. */
export function predicateMatches(row: Row, predicate: BoundPredicate): boolean {
  const cell = row[predicate.column] ?? null;
  if (cell === null || predicate.value === null) return false;
  if (predicate.op === '=') return cellsEqual(cell, predicate.value);
  if (predicate.op === '!=') return !cellsEqual(cell, predicate.value);
  return orderHolds(predicate.op, compareCells(cell, predicate.value));
}
