import { columnName } from '../../ir/column-name.js';
import type { ProjectionIR } from '../../ir/query-ir.js';
import type { Projection } from '../ast.js';
import type { CheckContext } from './check-context.js';
import { checkExpr, rejectBlobRead } from './check-expr.js';
import type { Scope } from './scope.js';

/** The typed `return` block. */
export interface ReturnIR {
  readonly projections: readonly ProjectionIR[];
  /** True when a projection aggregates; the others are then group keys. */
  readonly aggregated: boolean;
}

/** Types the projections of `return` (T6 unknown names, T24 Blob values, T8/T9 aggregates). */
export function checkReturn(
  ctx: CheckContext,
  scope: Scope,
  projections: readonly Projection[],
): ReturnIR {
  const exprs = projections.map((projection) => {
    const expr = checkExpr(ctx, scope, projection.expr, 'return');
    rejectBlobRead(ctx, projection.expr, expr, 'returned');
    return expr;
  });
  const aggregated = exprs.some((expr) => expr.kind === 'aggregate');
  return {
    aggregated,
    projections: exprs.map((expr, index) => {
      const alias = projections[index]?.alias;
      const role = !aggregated ? 'value' : expr.kind === 'aggregate' ? 'aggregate' : 'group-key';
      return { column: columnName(expr, alias), alias, expr, role };
    }),
  };
}
