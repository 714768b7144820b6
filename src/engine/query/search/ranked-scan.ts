import type { ExprIR, RankIR } from '../../../compiler/ir/expr-ir.js';
import type { ReadQueryIR } from '../../../compiler/ir/query-ir.js';
import { where, type Filter } from '../../lance/filter.js';
import { fuseRankings } from '../../search/rrf-fusion.js';
import type { Cell } from '../../lance/row.js';
import type { EntityPool } from '../entity-pool.js';
import type { ExecContext } from '../exec-context.js';
import { pushdownFilter } from '../filter-pushdown.js';
import { Relation } from '../relation.js';
import type { SearchValues } from '../row-scope.js';
import { checkRrfVariable, rankedIds, rrfWindow } from './search-values.js';
import { queryText, textScores } from './text-search.js';
import { nearestEntities, queryVector } from './vector-search.js';

/** The start of a ranked read: the few entities worth ranking, with their search values. */
export interface RankedStart {
  readonly relation: Relation;
  readonly values: SearchValues;
}

/**
 * Top-k pushdown: a read over one node variable whose filters all push down, ordered first by
 * `nearest`, `bm25` or `rrf` (best first) with a limit, asks Lance (or the in-memory text index)
 * for the best rows among the filtered ones instead of reading them all. A margin of extra rows
 * lets exact re-ranking settle ties at the cut. Undefined when the query has another shape.
 */
export async function rankedScan(
  ctx: ExecContext,
  query: ReadQueryIR,
): Promise<RankedStart | undefined> {
  const filter = simpleFilter(ctx, query);
  const [first] = query.order;
  if (filter === null || first === undefined || query.limit === undefined || query.aggregated)
    return undefined;
  const expr = first.expr;
  if (expr.kind !== 'nearest' && expr.kind !== 'bm25' && expr.kind !== 'rrf') return undefined;
  if (first.direction !== (expr.kind === 'nearest' ? 'asc' : 'desc')) return undefined;
  const binding = query.match.bindings[0];
  if (binding === undefined) return undefined;
  const ranking = expr.kind === 'rrf' ? expr.left : expr;
  if (ranking.field.variable !== binding.variable) return undefined;
  const fetch = query.limit * 2 + 10;
  const pool = ctx.nodePool(binding.nodeType);
  let byId: Map<string, number>;
  if (expr.kind === 'rrf') {
    checkRrfVariable(expr);
    byId = await fused(ctx, expr.left, expr.right, expr.k, filter);
  } else {
    byId = await topEntities(ctx, expr, fetch, filter, pool);
  }
  const slots = [...byId.keys()].map((id) => pool.slot(id));
  const values = new Map<number, Cell>(
    slots.map((slot) => [slot, byId.get(pool.id(slot)) ?? null]),
  );
  return {
    relation: new Relation([{ name: binding.variable, pool }], [slots], slots.length),
    values: new Map<ExprIR, ReadonlyMap<number, Cell>>([[expr, values]]),
  };
}

/**
 * The pushed filter of a single-variable match with nothing else to do (undefined: no filter),
 * or null when the match needs the general executor.
 */
function simpleFilter(ctx: ExecContext, query: ReadQueryIR): Filter | undefined | null {
  const { match } = query;
  const [binding, ...others] = match.bindings;
  if (binding === undefined || others.length > 0) return null;
  if (match.traversals.length > 0 || match.negations.length > 0 || match.searches.length > 0)
    return null;
  const filters: Filter[] = [];
  for (const filter of [...binding.filters, ...match.filters]) {
    const pushed = pushdownFilter(filter, ctx.operands);
    if (pushed?.variable !== binding.variable) return null;
    filters.push(pushed.filter);
  }
  return filters.length === 0 ? undefined : where.and(...filters);
}

async function topEntities(
  ctx: ExecContext,
  ranking: RankIR,
  limit: number,
  filter: Filter | undefined,
  pool?: EntityPool,
): Promise<Map<string, number>> {
  if (ranking.kind === 'nearest') {
    const vector = await queryVector(ctx, ranking);
    if (vector === undefined) return new Map();
    return nearestEntities(ctx, ranking.field, vector, limit, filter, pool);
  }
  const text = queryText(ctx, ranking.query);
  if (text === undefined) return new Map();
  return textScores(ctx, ranking.field, text, {
    limit,
    ...(filter === undefined ? {} : { filter }),
    ...(pool === undefined ? {} : { pool }),
  });
}

async function fused(
  ctx: ExecContext,
  left: RankIR,
  right: RankIR,
  k: number,
  filter: Filter | undefined,
): Promise<Map<string, number>> {
  const window = rrfWindow(ctx);
  const rankings: string[][] = [];
  for (const ranking of [left, right]) {
    rankings.push(
      rankedIds(ranking, await topEntities(ctx, ranking, window, filter)).slice(0, window),
    );
  }
  return fuseRankings(rankings, k);
}
