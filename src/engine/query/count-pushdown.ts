import type { ReadQueryIR } from '../../compiler/ir/query-ir.js';
import { where, type Filter } from '../lance/filter.js';
import type { Cell } from '../lance/row.js';
import type { GroupRow } from './aggregation.js';
import type { ExecContext } from './exec-context.js';
import { pushdownFilter } from './filter-pushdown.js';

/**
 * Count pushdown: `return { count($v) … }` (only counts, no group keys) over one node variable
 * whose filters all push down is answered by Lance's row count, without reading rows.
 * `count($v.p)` counts rows where `p` is not NULL. Undefined when the query has another shape.
 */
export async function countPushdown(
  ctx: ExecContext,
  query: ReadQueryIR,
): Promise<GroupRow[] | undefined> {
  const { match } = query;
  const [binding, ...others] = match.bindings;
  if (binding === undefined || others.length > 0 || !query.aggregated) return undefined;
  if (match.traversals.length > 0 || match.negations.length > 0 || match.searches.length > 0)
    return undefined;
  const filters: Filter[] = [];
  for (const filter of [...binding.filters, ...match.filters]) {
    const pushed = pushdownFilter(filter, ctx.operands);
    if (pushed?.variable !== binding.variable) return undefined;
    filters.push(pushed.filter);
  }
  const counted: Filter[][] = [];
  for (const projection of query.projections) {
    const expr = projection.expr;
    if (expr.kind !== 'aggregate' || expr.fn !== 'count') return undefined;
    const arg = expr.arg;
    if (arg.kind === 'entity-id' && arg.variable === binding.variable) counted.push([]);
    else if (arg.kind === 'property' && arg.variable === binding.variable)
      counted.push([where.isNotNull(arg.property)]);
    else return undefined;
  }
  const key = `node:${binding.nodeType}`;
  const reader = await ctx.snapshot.reader(key);
  const row: Cell[] = [];
  for (const extra of counted) {
    const all = [...filters, ...extra];
    const count =
      all.length === 0 ? ctx.snapshot.entry(key).rowCount : await reader.count(where.and(...all));
    row.push(BigInt(count));
  }
  return query.limit === 0 ? [] : [row];
}
