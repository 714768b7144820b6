import type { Bm25IR, ExprIR, NearestIR, RankIR, RrfIR } from '../../../compiler/ir/expr-ir.js';
import { OmniError } from '../../../util/omni-error.js';
import type { Cell } from '../../lance/index.js';
import { fuseRankings } from '../../search/index.js';
import { compareStrings } from '../../values/index.js';
import type { ExecContext } from '../execution/exec-context.js';
import { walkExpr } from '../execution/expr-walk.js';
import type { Relation } from '../execution/relation.js';
import { searchVariable, type SearchValues } from '../execution/row-scope.js';
import { queryText, textMatches, textScores } from './text-search.js';
import { queryVector, vectorDistances } from './vector-search.js';

/** A search expression: a value per entity of the variable it searches. */
type SearchExpr = Extract<ExprIR, { kind: 'nearest' | 'bm25' | 'rrf' | 'text-search' }>;

/**
 * The per-entity values of the search expressions in `exprs`, for the entities `relation` binds:
 * `nearest` the exact cosine distance, `bm25` the score (no entry: no match), `rrf` the fused
 * score, text predicates true for matches. Values already in `known` are reused.
 */
export async function searchValuesFor(
  ctx: ExecContext,
  relation: Relation,
  exprs: readonly ExprIR[],
  known: SearchValues = new Map(),
): Promise<SearchValues> {
  const values = new Map(known);
  for (const expr of exprs) {
    for (const node of walkExpr(expr)) {
      if (!isSearch(node) || values.has(node)) continue;
      const variable = searchVariable(node);
      const { pool } = relation.variable(variable);
      const slots = relation.distinctSlots(variable);
      const byId = await entityValues(
        ctx,
        node,
        slots.map((slot) => pool.id(slot)),
      );
      const bySlot = new Map<number, Cell>();
      for (const slot of slots) {
        const value = byId.get(pool.id(slot));
        if (value !== undefined) bySlot.set(slot, value);
      }
      values.set(node, bySlot);
    }
  }
  return values;
}

function isSearch(expr: ExprIR): expr is SearchExpr {
  return (
    expr.kind === 'nearest' ||
    expr.kind === 'bm25' ||
    expr.kind === 'rrf' ||
    expr.kind === 'text-search'
  );
}

/** The values of one search expression for the entities `ids`. */
async function entityValues(
  ctx: ExecContext,
  expr: SearchExpr,
  ids: readonly string[],
): Promise<Map<string, Cell>> {
  switch (expr.kind) {
    case 'text-search': {
      const matches = await textMatches(ctx, expr);
      return new Map(ids.filter((id) => matches.has(id)).map((id) => [id, true]));
    }
    case 'nearest':
    case 'bm25':
      return rankValues(ctx, expr, ids);
    case 'rrf':
      return fusedValues(ctx, expr, ids);
  }
}

/** Distances (`nearest`) or scores (`bm25`) of the entities that have one. */
async function rankValues(
  ctx: ExecContext,
  expr: NearestIR | Bm25IR,
  ids: readonly string[],
): Promise<Map<string, number>> {
  if (expr.kind === 'nearest') {
    const vector = await queryVector(ctx, expr);
    return vector === undefined ? new Map() : vectorDistances(ctx, expr.field, vector, ids);
  }
  const text = queryText(ctx, expr.query);
  if (text === undefined) return new Map();
  const scores = await textScores(ctx, expr.field, text);
  const wanted = new Set(ids);
  return new Map([...scores].filter(([id]) => wanted.has(id)));
}

/**
 * Reciprocal rank fusion: each ranking orders the entities it scores (best first, ties by id)
 * and its first {@link rrfWindow} contribute `1 / (k + rank)`; contributions add up.
 */
async function fusedValues(
  ctx: ExecContext,
  expr: RrfIR,
  ids: readonly string[],
): Promise<Map<string, number>> {
  checkRrfVariable(expr);
  const window = rrfWindow(ctx);
  const rankings: string[][] = [];
  for (const ranking of [expr.left, expr.right]) {
    rankings.push(rankedIds(ranking, await rankValues(ctx, ranking, ids)).slice(0, window));
  }
  return fuseRankings(rankings, expr.k);
}

/** Ids best first: nearest ascending by distance, bm25 descending by score; ties by id. */
export function rankedIds(ranking: RankIR, values: ReadonlyMap<string, number>): string[] {
  const sign = ranking.kind === 'nearest' ? 1 : -1;
  return [...values]
    .sort((a, b) => sign * (a[1] - b[1]) || compareStrings(a[0], b[0]))
    .map(([id]) => id);
}

/** How many of each ranking `rrf` fuses: the configured window, or the limit when larger. */
export function rrfWindow(ctx: ExecContext): number {
  return Math.max(ctx.services.search.rrfWindow, ctx.limit ?? 0);
}

/** `rrf` fuses two rankings of one variable's entities. */
export function checkRrfVariable(expr: RrfIR): void {
  if (expr.left.field.variable !== expr.right.field.variable) {
    throw new OmniError(
      'bad_request',
      `rrf() fuses rankings of one variable, not $${expr.left.field.variable} and $${expr.right.field.variable}`,
    );
  }
}
