import { closestName } from '../../../util/closest-name.js';
import type { AliasRefIR, ExprIR } from '../../ir/expr-ir.js';
import type { OrderingIR } from '../../ir/query-ir.js';
import type { Expr, Ordering } from '../ast.js';
import { fail, type CheckContext } from './check-context.js';
import { checkExpr, rejectBlobRead } from './check-expr.js';
import type { ReturnIR } from './check-return.js';
import type { Scope } from './scope.js';
import { isCollection } from './value-types.js';

/**
 * Types `order` against the typed `return`: aliases resolve to projections (T6), `nearest`
 * needs a `limit` (T17) and no alias ordering beside it (T18), `rrf` needs a `limit` (T21), and
 * an aggregating query orders only by what it returns (T9).
 */
export function checkOrder(
  ctx: CheckContext,
  scope: Scope,
  order: readonly Ordering[],
  returned: ReturnIR,
  limit: number | undefined,
): OrderingIR[] {
  const orderings = order.map((ordering) => {
    const expr = orderExpr(ctx, scope, ordering.expr, returned);
    if (limit === undefined && (expr.kind === 'nearest' || expr.kind === 'rrf')) {
      const code = expr.kind === 'nearest' ? 'T17' : 'T21';
      fail(ctx, code, ordering.at, `ordering by ${expr.kind}() requires a limit`);
    }
    return { expr, direction: ordering.direction ?? defaultDirection(expr) };
  });
  const nearest = order.find((ordering) => ordering.expr.kind === 'nearest');
  const alias = order.find((ordering) => ordering.expr.kind === 'ident');
  if (nearest !== undefined && alias !== undefined) {
    fail(ctx, 'T18', alias.at, 'ordering by an alias together with nearest() is not supported');
  }
  return orderings;
}

function orderExpr(ctx: CheckContext, scope: Scope, expr: Expr, returned: ReturnIR): ExprIR {
  if (expr.kind === 'ident') return aliasRef(ctx, expr.name, expr.at, returned);
  const ir = checkExpr(ctx, scope, expr, 'order');
  rejectBlobRead(ctx, expr, ir, 'ordered by');
  if (isCollection(ir.valueType.type)) {
    fail(ctx, 'T7', expr.at, 'list and vector values cannot be ordered');
  }
  if (!returned.aggregated) {
    if (ir.kind === 'aggregate') {
      fail(ctx, 'T9', expr.at, `ordering by ${ir.fn}() needs aggregates in return`);
    }
    return ir;
  }
  // An aggregating query has one row per group: order by a returned key or aggregate.
  const key = exprKey(ir);
  const index = returned.projections.findIndex((projection) => exprKey(projection.expr) === key);
  const projection = returned.projections[index];
  if (projection === undefined) {
    return fail(
      ctx,
      'T9',
      expr.at,
      'an aggregating query can order only by a returned group key or aggregate',
    );
  }
  return { kind: 'alias', name: projection.column, index, valueType: projection.expr.valueType };
}

function aliasRef(ctx: CheckContext, name: string, at: Expr['at'], returned: ReturnIR): AliasRefIR {
  const index = returned.projections.findIndex((projection) => projection.alias === name);
  const projection = returned.projections[index];
  if (projection === undefined) {
    const aliases = returned.projections.flatMap(({ alias }) =>
      alias === undefined ? [] : [alias],
    );
    return fail(
      ctx,
      'T6',
      at,
      `order refers to '${name}', which is not an alias in return`,
      closestName(name, aliases),
    );
  }
  return { kind: 'alias', name, index, valueType: projection.expr.valueType };
}

/** Rankings put the best first: nearest ascending (distance), bm25 and rrf descending (score). */
function defaultDirection(expr: ExprIR): 'asc' | 'desc' {
  return expr.kind === 'bm25' || expr.kind === 'rrf' ? 'desc' : 'asc';
}

/** A structural identity of an expression (bigint literals included). */
function exprKey(expr: ExprIR): string {
  return JSON.stringify(expr, (_, value: unknown) =>
    typeof value === 'bigint' ? `${value}n` : value,
  );
}
