import type { ExprIR } from '../../compiler/ir/expr-ir.js';
import type { MatchIR } from '../../compiler/ir/match-ir.js';
import type { ProjectionIR, ReadQueryIR } from '../../compiler/ir/query-ir.js';
import { OmniError } from '../../util/omni-error.js';
import type { Cell } from '../lance/row.js';
import { aggregateRows, type GroupRow } from './aggregation.js';
import { countPushdown } from './count-pushdown.js';
import { reachAggregation } from './reach-aggregation.js';
import { reachCountAggregation } from './reach-count-aggregation.js';
import type { ExecContext } from './exec-context.js';
import { readProperties } from './expr-walk.js';
import { executeMatch } from './match-executor.js';
import { Relation } from './relation.js';
import { resultValue, type ResultRow } from './result-value.js';
import { isRanking, sortRows, type SortKey } from './row-order.js';
import { orderedGroups } from './group-order.js';
import { RowScope } from './row-scope.js';
import { rankedScan } from './search/ranked-scan.js';
import { searchValuesFor } from './search/search-values.js';

/** The columns and rows of a read, before the result envelope. */
export interface ReadRows {
  readonly columns: readonly string[];
  readonly rows: readonly ResultRow[];
}

/**
 * Runs a typed read query against the context's snapshot: match, then either plain rows or
 * groups, ordered totally, limited and projected into wire values.
 */
export async function executeRead(ctx: ExecContext, query: ReadQueryIR): Promise<ReadRows> {
  const columns = query.projections.map((projection) => projection.column);
  const counted = await countPushdown(ctx, query);
  if (counted !== undefined) {
    return { columns, rows: counted.map((row) => resultRow(query.projections, row)) };
  }
  const reached = (await reachCountAggregation(ctx, query)) ?? (await reachAggregation(ctx, query));
  if (reached !== undefined) {
    const rows = orderedGroups(reached, query);
    return { columns, rows: rows.map((row) => resultRow(query.projections, row)) };
  }
  const ranked = await rankedScan(ctx, query);
  const relation = ranked?.relation ?? (await executeMatch(ctx, query.match, Relation.unit()));
  const projected = query.projections.map((projection) => projection.expr);
  if (query.aggregated) {
    await loadRead(relation, projected);
    const search = await searchValuesFor(ctx, relation, projected, ranked?.values);
    const scope = new RowScope(relation, ctx.operands, search);
    const groups = orderedGroups(aggregateRows(scope, query.projections), query);
    return { columns, rows: groups.map((row) => resultRow(query.projections, row)) };
  }
  // Order first, then read what the projections need for the rows that survive the limit.
  const ordering = query.order.map((entry) => resolveAlias(entry.expr, query.projections));
  await loadRead(relation, ordering);
  const orderSearch = await searchValuesFor(ctx, relation, ordering, ranked?.values);
  const rows = orderedRows(new RowScope(relation, ctx.operands, orderSearch), query, ordering);
  const kept = relation.pick(rows);
  await loadRead(kept, projected);
  const search = await searchValuesFor(ctx, kept, projected, orderSearch);
  const scope = new RowScope(kept, ctx.operands, search);
  const values = rows.map((_, row) =>
    query.projections.map((projection) => scope.value(projection.expr, row)),
  );
  return { columns, rows: values.map((row) => resultRow(query.projections, row)) };
}

/** The relation's rows in result order, limited; a ranking keeps only the rows it ranks. */
function orderedRows(scope: RowScope, query: ReadQueryIR, ordering: readonly ExprIR[]): number[] {
  const size = scope.relation.size;
  const keys: SortKey[] = ordering.map((expr, index) => ({
    values: Array.from({ length: size }, (_, row) => scope.value(expr, row)),
    direction: query.order[index]?.direction ?? 'asc',
    ranking: isRanking(expr),
  }));
  const tieColumns = tieVariables(query.match)
    .filter((name) => scope.relation.has(name))
    .map((name) => {
      const { pool } = scope.relation.variable(name);
      return scope.relation.slots(name).map((slot): Cell => pool.id(slot));
    });
  const ranked = keys.filter((key) => key.ranking);
  const rows = sortRows(size, keys, tieColumns).filter((row) =>
    ranked.every((key) => (key.values[row] ?? null) !== null),
  );
  return limited(rows, query.limit);
}

function limited(rows: number[], limit: number | undefined): number[] {
  return limit === undefined ? rows : rows.slice(0, limit);
}

/** An ordering by alias names a projection: order by that projection's expression. */
function resolveAlias(expr: ExprIR, projections: readonly ProjectionIR[]): ExprIR {
  if (expr.kind !== 'alias') return expr;
  const projection = projections[expr.index];
  if (projection === undefined) throw new OmniError('internal', `no projection ${expr.index}`);
  return projection.expr;
}

function resultRow(projections: readonly ProjectionIR[], values: GroupRow): ResultRow {
  const row: Record<string, ReturnType<typeof resultValue>> = {};
  projections.forEach((projection, index) => {
    row[projection.column] = resultValue(projection.expr.valueType.type, values[index] ?? null);
  });
  return row;
}

/**
 * The variables whose ids break ties, in a fixed order that depends on the query only: node
 * variables as the match binds them (declared, then implied), then edge variables.
 */
function tieVariables(match: MatchIR): string[] {
  return [
    ...match.bindings.map((binding) => binding.variable),
    ...match.traversals.flatMap((traversal) =>
      traversal.edgeVariable === undefined ? [] : [traversal.edgeVariable],
    ),
  ];
}

async function loadRead(relation: Relation, exprs: readonly ExprIR[]): Promise<void> {
  const names = new Set<string>();
  for (const expr of exprs)
    for (const property of readProperties(expr)) names.add(property.variable);
  for (const name of names) {
    if (relation.has(name)) await relation.variable(name).pool.load(relation.distinctSlots(name));
  }
}
