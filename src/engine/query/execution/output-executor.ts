import { knownDistinct } from './slot-set.js';
import type { ExprIR } from '../../../compiler/ir/expr-ir.js';
import type { ReadQueryIR } from '../../../compiler/ir/query-ir.js';
import { assertNever } from '../../../util/assert-never.js';
import type { Cell } from '../../lance/index.js';
import { aggregateRows } from './aggregation.js';
import type { ExecContext } from './exec-context.js';
import { readProperties } from './expr-walk.js';
import { orderedGroups } from './group-order.js';
import type {
  GroupsOutput,
  OutputPlan,
  ProjectStage,
  RowOrderStage,
  RowsOutput,
} from '../plan/output-plan.js';
import { measured, measuredSync } from '../plan/plan-profile.js';
import type { Relation } from './relation.js';
import { blockOf, type RowBlock } from './row-block.js';
import { isRanking, rowsByRank, sortRows, type SortKey } from './row-order.js';
import { RowScope, type SearchValues } from './row-scope.js';
import { searchValuesFor } from '../search/search-values.js';

/**
 * The output rows of `query` over the rows its match bound: plain rows ordered totally, limited
 * and projected, or groups aggregated, ordered and limited. `known` holds search values a ranked
 * scan already computed.
 */
export function executeOutput(
  ctx: ExecContext,
  query: ReadQueryIR,
  output: OutputPlan,
  relation: Relation,
  known?: SearchValues,
): Promise<RowBlock> {
  switch (output.kind) {
    case 'rows':
      return outputRows(ctx, output, relation, known);
    case 'groups':
      return outputGroups(ctx, query, output, relation, known);
    default:
      return assertNever(output, 'output plan');
  }
}

/** Orders first, then reads what the projections need for the rows that survive the limit. */
async function outputRows(
  ctx: ExecContext,
  output: RowsOutput,
  relation: Relation,
  known: SearchValues | undefined,
): Promise<RowBlock> {
  const { limit } = output;
  const { rows, search } = await measured(
    ctx.profile,
    output.order,
    () => orderRows(ctx, output.order, relation, known, limit?.count),
    (ordered) => ordered.rows.length,
  );
  const kept =
    limit === undefined
      ? rows
      : measuredSync(
          ctx.profile,
          limit,
          () => knownDistinct(rows.slice(0, limit.count)),
          (limited) => limited.length,
        );
  return projectRows(ctx, output.project, relation.pick(kept), search);
}

/**
 * The output rows of `relation`, whose rows are in result order already (see `IdOrderedFlow`):
 * limited, then projected. The order stage is measured, with nothing to do.
 */
export async function inOrderRows(
  ctx: ExecContext,
  output: RowsOutput,
  relation: Relation,
): Promise<RowBlock> {
  measuredSync(
    ctx.profile,
    output.order,
    () => relation.size,
    (size) => size,
  );
  const { limit } = output;
  const kept =
    limit === undefined
      ? relation
      : measuredSync(
          ctx.profile,
          limit,
          () => relation.slice(0, limit.count),
          (limited) => limited.size,
        );
  return projectRows(ctx, output.project, kept, undefined);
}

/** The rows of `relation` in result order, and the search values the order keys needed. */
export interface OrderedRows {
  readonly rows: number[];
  readonly search: SearchValues;
}

/**
 * The numbers of the rows of `relation` in result order (the first `limit` only, when given,
 * selected without sorting the rest); a ranking keeps only the rows it ranks.
 */
export async function orderRows(
  ctx: ExecContext,
  order: RowOrderStage,
  relation: Relation,
  known: SearchValues | undefined,
  limit?: number,
): Promise<OrderedRows> {
  const ordering = order.keys.map((key) => key.expr);
  await loadRead(relation, ordering);
  const search = await searchValuesFor(ctx, relation, ordering, known);
  const scope = new RowScope(relation, ctx.operands, search);
  // Each row once: picking them keeps a column's distinct slots known (see `Relation.pick`).
  return { rows: knownDistinct(orderedRows(scope, order, limit)), search };
}

/** The projections of every row of `rows`, column by column (measured as the project stage). */
export function projectRows(
  ctx: ExecContext,
  project: ProjectStage,
  rows: Relation,
  known: SearchValues | undefined,
): Promise<RowBlock> {
  const projected = project.projections.map((projection) => projection.expr);
  return measured(
    ctx.profile,
    project,
    async () => {
      await loadRead(rows, projected);
      const scope = new RowScope(
        rows,
        ctx.operands,
        await searchValuesFor(ctx, rows, projected, known),
      );
      return blockOf(
        rows.size,
        projected.map((expr) => scope.selected(expr)),
      );
    },
    (block) => block.size,
  );
}

/** Aggregates the groups, then orders and limits them. */
async function outputGroups(
  ctx: ExecContext,
  query: ReadQueryIR,
  output: GroupsOutput,
  relation: Relation,
  known: SearchValues | undefined,
): Promise<RowBlock> {
  const { projections } = output.aggregate;
  const projected = projections.map((projection) => projection.expr);
  const groups = await measured(
    ctx.profile,
    output.aggregate,
    async () => {
      await loadRead(relation, projected);
      const search = await searchValuesFor(ctx, relation, projected, known);
      return aggregateRows(new RowScope(relation, ctx.operands, search), projections);
    },
    (grouped) => grouped.length,
  );
  return measuredSync(
    ctx.profile,
    output.order,
    () => orderedGroups(groups, query),
    (ordered) => ordered.size,
  );
}

/** The relation's rows in result order, the first `limit`; a ranking keeps only the rows it ranks. */
function orderedRows(scope: RowScope, order: RowOrderStage, limit?: number): number[] {
  const size = scope.relation.size;
  const keys: SortKey[] = order.keys.map(({ expr, direction }) => ({
    values: scope.cells(expr),
    direction,
    ranking: isRanking(expr),
  }));
  const ties = order.ties
    .filter((name) => scope.relation.has(name))
    .map((name) => {
      const slots = scope.relation.slots(name);
      const { pool } = scope.relation.variable(name);
      return { slots, pool, ranks: pool.idRanks(slots) };
    });
  const [only] = ties;
  // Ordered by one entity's id alone: rows placed by its id ranks.
  if (keys.length === 0 && ties.length === 1 && only?.ranks !== undefined)
    return rowsByRank(only.slots, only.ranks, limit);
  // Ranks order as the ids do, compared as small integers; the image's rows in order have
  // theirs as they are.
  const tieColumns = ties.map(({ slots, pool, ranks }): ArrayLike<Cell> => {
    if (ranks === undefined) return slots.map((slot) => pool.id(slot));
    return pool.imageIds(slots) === undefined ? slots.map((slot) => ranks[slot] ?? 0) : ranks;
  });
  const ranked = keys.filter((key) => key.ranking);
  // Rows a ranking leaves unscored sort last, so limiting first keeps the same scored rows.
  const sorted = Array.from(sortRows(size, keys, tieColumns, limit));
  if (ranked.length === 0) return sorted;
  return sorted.filter((row) => ranked.every((key) => (key.values[row] ?? null) !== null));
}

async function loadRead(relation: Relation, exprs: readonly ExprIR[]): Promise<void> {
  const names = new Set<string>();
  for (const expr of exprs)
    for (const property of readProperties(expr)) names.add(property.variable);
  for (const name of names) {
    if (relation.has(name)) await relation.variable(name).pool.load(relation.distinctSlots(name));
  }
}
