import { assertNever } from '../../../util/assert-never.js';
import type { AggregateIR, ExprIR, ExprType, LiteralIR } from '../../ir/expr-ir.js';
import type { AggregateExpr, Expr, LiteralExpr } from '../ast.js';
import { fail, type CheckContext } from './check-context.js';
import { useNow } from './check-operand.js';
import { checkPropertyRef, checkVariable } from './check-reference.js';
import { checkBm25, checkNearest, checkRrf, checkTextSearch } from './check-search.js';
import { defaultLiteralType, literalAs } from './literal-value.js';
import type { Scope } from './scope.js';
import { describeType, isBlob, isNumeric, isStringLike, scalarType } from './value-types.js';

/** Where an expression appears: aggregates belong to `return` (and `order`) only. */
export type ExprPosition = 'filter' | 'return' | 'order';

/**
 * Types an expression of a filter, projection or ordering. Identifiers (aliases) are resolved
 * by the `order` check before it gets here, so a bare identifier is T6.
 */
export function checkExpr(
  ctx: CheckContext,
  scope: Scope,
  expr: Expr,
  position: ExprPosition,
): ExprIR {
  switch (expr.kind) {
    case 'now':
      return useNow(ctx);
    case 'nearest':
      return checkNearest(ctx, scope, expr);
    case 'bm25':
      return checkBm25(ctx, scope, expr);
    case 'rrf':
      return checkRrf(ctx, scope, expr);
    case 'search':
    case 'fuzzy':
    case 'match-text':
      return checkTextSearch(ctx, scope, expr);
    case 'aggregate':
      return checkAggregate(ctx, scope, expr, position);
    case 'property':
      return checkPropertyRef(ctx, scope, expr);
    case 'variable':
      return checkVariable(ctx, scope, expr);
    case 'literal':
      return standaloneLiteral(ctx, expr);
    case 'ident':
      return fail(
        ctx,
        'T6',
        expr.at,
        `unknown name '${expr.name}': variables start with $, and aliases can be used only in order`,
      );
    default:
      return assertNever(expr, 'expression');
  }
}

/** Throws T24 when `ir` reads a Blob value (`what`: "returned", "ordered by", …). */
export function rejectBlobRead(ctx: CheckContext, expr: Expr, ir: ExprIR, what: string): void {
  if (isBlob(ir.valueType.type)) {
    fail(ctx, 'T24', expr.at, `a Blob value cannot be ${what}; read it with blob get`);
  }
}

/** A literal with nothing to take a type from: integers are I64, floats F64. */
export function standaloneLiteral(ctx: CheckContext, expr: LiteralExpr): LiteralIR {
  const type = defaultLiteralType(expr.value);
  if (type === undefined) fail(ctx, 'T3', expr.at, 'list literal mixes item types');
  const result = literalAs(expr.value, type);
  if (!result.ok) fail(ctx, 'T3', expr.at, `literal ${result.message}`);
  return { kind: 'literal', value: result.value, valueType: { type, nullable: false } };
}

function checkAggregate(
  ctx: CheckContext,
  scope: Scope,
  expr: AggregateExpr,
  position: ExprPosition,
): AggregateIR {
  if (position === 'filter') {
    fail(ctx, 'T9', expr.at, `aggregate ${expr.fn}() cannot be used in match; use it in return`);
  }
  if (expr.arg.kind === 'aggregate') {
    fail(ctx, 'T9', expr.arg.at, `aggregate ${expr.arg.fn}() cannot be nested in ${expr.fn}()`);
  }
  const arg = checkExpr(ctx, scope, expr.arg, position);
  rejectBlobRead(ctx, expr.arg, arg, 'aggregated');
  return {
    kind: 'aggregate',
    fn: expr.fn,
    arg,
    valueType: aggregateType(ctx, expr, arg.valueType),
  };
}

function aggregateType(ctx: CheckContext, expr: AggregateExpr, arg: ExprType): ExprType {
  switch (expr.fn) {
    case 'count':
      return scalarType('I64');
    case 'sum':
    case 'avg':
      if (!isNumeric(arg.type)) {
        fail(ctx, 'T8', expr.at, `${expr.fn}() needs a numeric argument, got ${describeType(arg)}`);
      }
      return scalarType('F64', arg.nullable);
    case 'min':
    case 'max':
      if (!isNumeric(arg.type) && !isStringLike(arg.type)) {
        fail(
          ctx,
          'T8',
          expr.at,
          `${expr.fn}() needs a numeric or String argument, got ${describeType(arg)}`,
        );
      }
      return arg;
    default:
      return assertNever(expr.fn, 'aggregate function');
  }
}
