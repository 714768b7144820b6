import type { Bm25IR, ExprIR, NearestIR, RankIR, RrfIR } from '../../../compiler/ir/expr-ir.js';
import type { FilterIR } from '../../../compiler/ir/match-ir.js';
import type { ReadQueryIR } from '../../../compiler/ir/query-ir.js';
import { where, type Filter, type Cell } from '../../lance/index.js';
import { fuseRankings } from '../../search/index.js';
import type { EntityPool } from '../execution/entity-pool.js';
import type { ExecContext } from '../execution/exec-context.js';
import { pushdownFilter } from '../execution/filter-pushdown.js';
import { planRows, type RowsOutput } from '../plan/output-plan.js';
import { nodeRows, type PlanInputs } from '../plan/plan-inputs.js';
import { constrainedRows } from '../plan/row-estimates.js';
import { Relation } from '../execution/relation.js';
import type { SearchValues } from '../execution/row-scope.js';
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
 * for the best rows among the filtered ones instead of reading them all; the row stages then
 * order, limit and project those.
 */
export interface RankedScanPlan {
  readonly kind: 'ranked-scan';
  readonly query: ReadQueryIR;
  readonly scan: TopKStage;
  readonly output: RowsOutput;
  readonly estimatedRows: number;
}

/** The best-ranked entities of one node variable among those passing its pushed filters. */
export interface TopKStage {
  readonly kind: 'top-k';
  readonly variable: string;
  readonly nodeType: string;
  readonly ranking: NearestIR | Bm25IR | RrfIR;
  /** The match filters as written, and their pushed conjunction (undefined: none). */
  readonly filters: readonly FilterIR[];
  readonly filter: Filter | undefined;
  /** Entities asked for: a margin over the limit lets exact re-ranking settle ties at the cut. */
  readonly fetch: number;
  readonly estimatedRows: number;
}

/** The ranked-scan plan of `query` when it has that shape; undefined otherwise. */
export function planRankedScan(query: ReadQueryIR, inputs: PlanInputs): RankedScanPlan | undefined {
  const filter = simpleFilter(query, inputs);
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
  const filters = [...binding.filters, ...query.match.filters];
  const candidates = constrainedRows(
    inputs,
    binding.nodeType,
    nodeRows(inputs, binding.nodeType),
    filter === undefined ? [] : [filter],
    0,
  );
  const scan: TopKStage = {
    kind: 'top-k',
    variable: binding.variable,
    nodeType: binding.nodeType,
    ranking: expr,
    filters,
    filter,
    fetch,
    estimatedRows: Math.min(candidates, fetch),
  };
  const output = planRows(query, scan.estimatedRows);
  return {
    kind: 'ranked-scan',
    query,
    scan,
    output,
    estimatedRows: output.project.estimatedRows,
  };
}

/** The entities worth ranking, with their search values. */
export async function executeRankedScan(ctx: ExecContext, scan: TopKStage): Promise<RankedStart> {
  const expr = scan.ranking;
  const pool = ctx.nodePool(scan.nodeType);
  let byId: Map<string, number>;
  if (expr.kind === 'rrf') {
    checkRrfVariable(expr);
    byId = await fused(ctx, expr.left, expr.right, expr.k, scan.filter);
  } else {
    byId = await topEntities(ctx, expr, scan.fetch, scan.filter, pool);
  }
  const slots = [...byId.keys()].map((id) => pool.slot(id));
  const values = new Map<number, Cell>(
    slots.map((slot) => [slot, byId.get(pool.id(slot)) ?? null]),
  );
  return {
    relation: new Relation([{ name: scan.variable, pool }], [slots], slots.length),
    values: new Map<ExprIR, ReadonlyMap<number, Cell>>([[expr, values]]),
  };
}

/**
 * The pushed filter of a single-variable match with nothing else to do (undefined: no filter),
 * or null when the match needs the general executor.
 */
function simpleFilter(query: ReadQueryIR, inputs: PlanInputs): Filter | undefined | null {
  const { match } = query;
  const [binding, ...others] = match.bindings;
  if (binding === undefined || others.length > 0) return null;
  if (match.traversals.length > 0 || match.negations.length > 0 || match.searches.length > 0)
    return null;
  const filters: Filter[] = [];
  for (const filter of [...binding.filters, ...match.filters]) {
    const pushed = pushdownFilter(filter, inputs.operands);
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
