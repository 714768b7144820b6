import { assertNever } from '../../../util/assert-never.js';
import type { PropertyType } from '../../catalog/catalog.js';
import type { ExprIR, LiteralIR } from '../../ir/expr-ir.js';
import type { FilterIR } from '../../ir/match-ir.js';
import type { FilterClause, FilterOp, LiteralExpr } from '../ast.js';
import { fail, type CheckContext } from './check-context.js';
import { checkExpr, standaloneLiteral } from './check-expr.js';
import { literalAs } from './literal-value.js';
import type { Scope } from './scope.js';
import { comparable, describeType, isBlob, isCollection, isStringLike } from './value-types.js';

/**
 * `left op right` in match. A literal takes the type of the other side (a list's element type
 * for `contains`); the operands must then suit the operator (T7), and literals must fit (T3).
 */
export function checkFilter(ctx: CheckContext, scope: Scope, clause: FilterClause): FilterIR {
  const { left, right } = operands(ctx, scope, clause);
  checkOperator(ctx, clause, left, right);
  return { left, op: clause.op, right };
}

function operands(
  ctx: CheckContext,
  scope: Scope,
  clause: FilterClause,
): { left: ExprIR; right: ExprIR } {
  if (clause.right.kind === 'literal' && clause.left.kind !== 'literal') {
    const left = checkExpr(ctx, scope, clause.left, 'filter');
    return { left, right: literalFor(ctx, clause.right, literalTarget(left, clause.op)) };
  }
  if (clause.left.kind === 'literal' && clause.right.kind !== 'literal') {
    const right = checkExpr(ctx, scope, clause.right, 'filter');
    return { left: literalFor(ctx, clause.left, right.valueType.type), right };
  }
  return {
    left: checkExpr(ctx, scope, clause.left, 'filter'),
    right: checkExpr(ctx, scope, clause.right, 'filter'),
  };
}

/**
 * The type a literal compared with `other` by `op` takes: a list's element for `contains` on a
 * list, a String for the other text operators, else the other side's type.
 */
function literalTarget(other: ExprIR, op: FilterOp): PropertyType {
  const type = other.valueType.type;
  if (op === 'contains' && type.kind === 'list') return { kind: 'scalar', scalar: type.element };
  if (op === 'contains' || op === 'starts_with') return { kind: 'scalar', scalar: 'String' };
  return type;
}

function literalFor(ctx: CheckContext, expr: LiteralExpr, target: PropertyType): LiteralIR {
  // A collection or blob operand is rejected by the operator check with a clearer message.
  if (isCollection(target) || isBlob(target)) return standaloneLiteral(ctx, expr);
  const result = literalAs(expr.value, target);
  if (!result.ok) {
    fail(
      ctx,
      result.problem === 'value' ? 'T3' : 'T7',
      expr.at,
      `compared value ${result.message}`,
      result.suggestion,
    );
  }
  return { kind: 'literal', value: result.value, valueType: { type: target, nullable: false } };
}

function checkOperator(ctx: CheckContext, clause: FilterClause, left: ExprIR, right: ExprIR): void {
  const l = left.valueType.type;
  const r = right.valueType.type;
  const both = `${describeType(left.valueType)} and ${describeType(right.valueType)}`;
  if (isBlob(l) || isBlob(r)) {
    fail(ctx, 'T7', clause.at, `Blob values cannot be compared (${both})`);
  }
  switch (clause.op) {
    case 'contains':
      if (l.kind === 'list' && comparable({ kind: 'scalar', scalar: l.element }, r)) return;
      if (isStringLike(l) && isStringLike(r)) return;
      return fail(
        ctx,
        'T7',
        clause.at,
        `contains needs a list and one of its elements, or two Strings; got ${both}`,
      );
    case 'starts_with':
      if (isStringLike(l) && isStringLike(r)) return;
      return fail(ctx, 'T7', clause.at, `starts_with needs two Strings; got ${both}`);
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      if (isCollection(l) || isCollection(r)) {
        fail(
          ctx,
          'T7',
          clause.at,
          `list and vector values cannot be compared with ${clause.op} (${both}); use contains for list membership`,
        );
      }
      if (!comparable(l, r)) fail(ctx, 'T7', clause.at, `cannot compare ${both} with ${clause.op}`);
      return;
    default:
      assertNever(clause.op, 'filter operator');
  }
}
