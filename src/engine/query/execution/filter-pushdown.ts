import type { ArrowType } from '../../../compiler/catalog/catalog.js';
import { arrowTypeOf } from '../../../compiler/catalog/physical-layout.js';
import type { ExprIR, OperandIR } from '../../../compiler/ir/expr-ir.js';
import type { FilterIR } from '../../../compiler/ir/match-ir.js';
import type { Value } from '../../../compiler/ir/value.js';
import type { CompOp } from '../../../compiler/query/ast.js';
import { assertNever } from '../../../util/assert-never.js';
import { where, type Filter, type FilterValue } from '../../lance/index.js';
import { operandValue, type OperandScope } from '../../values/index.js';

const MS_PER_DAY = 86_400_000;

/** A filter on one variable's table, ready to push into its Lance scans. */
export interface PushedFilter {
  readonly variable: string;
  readonly filter: Filter;
}

const FLIPPED: Readonly<Record<CompOp, CompOp>> = {
  '=': '=',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

/**
 * The Lance filter of a match filter that compares one column of one variable with a parameter,
 * literal or `now()`, or undefined when it must be evaluated in memory (several variables, text
 * operators, lists, values without a SQL literal). The operand becomes a typed literal: parameter
 * text is never pasted into SQL. A NULL operand matches nothing, as in memory.
 */
export function pushdownFilter(filter: FilterIR, scope: OperandScope): PushedFilter | undefined {
  if (filter.op === 'contains' || filter.op === 'starts_with') return undefined;
  const oriented = orient(filter.left, filter.op, filter.right);
  if (oriented === undefined) return undefined;
  const { column, op, operand } = oriented;
  const value = operandValue(operand, scope);
  if (value.kind === 'null')
    return { variable: column.variable, filter: where.in(column.name, []) };
  const literal = filterValue(value, column.type);
  if (literal === undefined) return undefined;
  return { variable: column.variable, filter: compare(op, column.name, literal) };
}

interface ColumnRef {
  readonly variable: string;
  readonly name: string;
  readonly type: ArrowType;
}

function orient(
  left: ExprIR,
  op: CompOp,
  right: ExprIR,
): { column: ColumnRef; op: CompOp; operand: OperandIR } | undefined {
  const leftColumn = columnOf(left);
  if (leftColumn !== undefined && isOperand(right))
    return { column: leftColumn, op, operand: right };
  const rightColumn = columnOf(right);
  if (rightColumn !== undefined && isOperand(left)) {
    return { column: rightColumn, op: FLIPPED[op], operand: left };
  }
  return undefined;
}

function columnOf(expr: ExprIR): ColumnRef | undefined {
  if (expr.kind === 'entity-id') {
    return { variable: expr.variable, name: 'id', type: { kind: 'utf8' } };
  }
  if (expr.kind !== 'property') return undefined;
  const type = arrowTypeOf(expr.valueType.type);
  if (type.kind === 'list' || type.kind === 'fixed_size_list' || type.kind === 'large_binary') {
    return undefined;
  }
  return { variable: expr.variable, name: expr.property, type };
}

function isOperand(expr: ExprIR): expr is OperandIR {
  return expr.kind === 'param' || expr.kind === 'literal' || expr.kind === 'now';
}

/** The SQL-literal value of `value` compared with a column of `type`, if it has one. */
function filterValue(value: Value, type: ArrowType): FilterValue | undefined {
  switch (value.kind) {
    case 'string':
    case 'bool':
    case 'bigint':
      return value.value;
    case 'int':
    case 'float':
      return Number.isFinite(value.value) ? value.value : undefined;
    case 'date':
      if (type.kind === 'date32') return where.date32(value.days);
      return type.kind === 'date64' ? where.date64(value.days * MS_PER_DAY) : undefined;
    case 'datetime':
      return type.kind === 'date64' ? where.date64(value.ms) : undefined;
    case 'null':
    case 'blob':
    case 'vector':
    case 'list':
      return undefined;
    default:
      return assertNever(value, 'value');
  }
}

function compare(op: CompOp, column: string, value: FilterValue): Filter {
  switch (op) {
    case '=':
      return where.eq(column, value);
    case '!=':
      return where.ne(column, value);
    case '<':
      return where.lt(column, value);
    case '<=':
      return where.le(column, value);
    case '>':
      return where.gt(column, value);
    case '>=':
      return where.ge(column, value);
  }
}
