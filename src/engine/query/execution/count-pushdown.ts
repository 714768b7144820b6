import type { BindingIR, FilterIR } from '../../../compiler/ir/match-ir.js';
import type { ReadQueryIR } from '../../../compiler/ir/query-ir.js';
import { filterSql, where, type Filter, type Cell, type TableReader } from '../../lance/index.js';
import type { GroupRow } from './aggregation.js';
import type { ExecContext } from './exec-context.js';
import { pushdownFilter } from './filter-pushdown.js';
import type { PlanInputs } from '../plan/plan-inputs.js';
import { countValue } from './count-value.js';

/**
 * Count pushdown: `return { count($v) … }` (only counts, no group keys) over one node variable
 * whose filters all push down is answered by Lance's row count, without reading rows.
 * `count($v.p)` counts rows where `p` is not NULL.
 */
export interface CountPushdownPlan {
  readonly kind: 'count-pushdown';
  readonly query: ReadQueryIR;
  readonly binding: BindingIR;
  /** The match filters, as written. */
  readonly filters: readonly FilterIR[];
  readonly pushed: readonly Filter[];
  /** Per projection, the column that must not be NULL, or undefined to count rows. */
  readonly counted: readonly (string | undefined)[];
  readonly estimatedRows: number;
}

/** The count-pushdown plan of `query` when it has that shape; undefined otherwise. */
export function planCountPushdown(
  query: ReadQueryIR,
  inputs: PlanInputs,
): CountPushdownPlan | undefined {
  const { match } = query;
  const [binding, ...others] = match.bindings;
  if (binding === undefined || others.length > 0 || !query.aggregated) return undefined;
  if (match.traversals.length > 0 || match.negations.length > 0 || match.searches.length > 0)
    return undefined;
  const filters = [...binding.filters, ...match.filters];
  const pushed: Filter[] = [];
  for (const filter of filters) {
    const down = pushdownFilter(filter, inputs.operands);
    if (down?.variable !== binding.variable) return undefined;
    pushed.push(down.filter);
  }
  const counted: (string | undefined)[] = [];
  for (const projection of query.projections) {
    const expr = projection.expr;
    if (expr.kind !== 'aggregate' || expr.fn !== 'count') return undefined;
    const arg = expr.arg;
    if (arg.kind === 'entity-id' && arg.variable === binding.variable) counted.push(undefined);
    else if (arg.kind === 'property' && arg.variable === binding.variable)
      counted.push(arg.property);
    else return undefined;
  }
  const estimatedRows = query.limit === 0 ? 0 : 1;
  return { kind: 'count-pushdown', query, binding, filters, pushed, counted, estimatedRows };
}

/**
 * The one row of counts (none under `limit 0`). Each count is Lance's, kept per table version and
 * filter (see `QueryServices.counts`); a count with no filter is the manifest's row count.
 */
export async function executeCountPushdown(
  ctx: ExecContext,
  plan: CountPushdownPlan,
): Promise<GroupRow[]> {
  const key = `node:${plan.binding.nodeType}`;
  const reader = await ctx.snapshot.reader(key);
  const row: Cell[] = [];
  for (const notNull of plan.counted) {
    const all = notNull === undefined ? plan.pushed : [...plan.pushed, where.isNotNull(notNull)];
    const count =
      all.length === 0
        ? ctx.snapshot.entry(key).rowCount
        : await countOf(ctx, reader, where.and(...all));
    row.push(countValue(count));
  }
  return plan.query.limit === 0 ? [] : [row];
}

/**
 * Longest filter SQL whose count is kept: the cache holds a bounded number of counts keyed by
 * their filter's text, so a filter with a long literal is counted by Lance every time instead.
 */
const MAX_KEPT_FILTER_CHARS = 4096;

function countOf(ctx: ExecContext, reader: TableReader, filter: Filter): Promise<number> {
  const sql = filterSql(filter);
  if (sql.length > MAX_KEPT_FILTER_CHARS) return reader.count(filter);
  return ctx.services.counts.get(reader, sql, () => reader.count(filter));
}
