import type { ExprIR } from '../../compiler/ir/expr-ir.js';
import type { BindingIR, TraversalIR } from '../../compiler/ir/match-ir.js';
import type { ProjectionIR, ReadQueryIR } from '../../compiler/ir/query-ir.js';
import { where, type Filter } from '../lance/filter.js';
import type { Cell } from '../lance/row.js';
import { groupKeyOf, type GroupRow } from './aggregation.js';
import type { ExecContext } from './exec-context.js';
import { pushdownFilter } from './filter-pushdown.js';
import { hopSpecOf } from './traversal/hop-spec.js';

/** The shape this pushdown answers: the anchor variable, its traversal and its filters. */
interface ReachCountShape {
  readonly anchor: BindingIR;
  readonly traversal: TraversalIR;
  readonly filters: readonly Filter[];
}

/**
 * Reach-count aggregation: `match { $a: A … $a edge{m,n} $b } return { <$a's properties>,
 * count($b) }` where `$b` appears nowhere else. Each row of `$a` stands for one row per distinct
 * node it reaches, so every `count` of a group is the sum of its `$a` rows' reach counts, read
 * from the topology without building the (a, b) pairs. A row of `$a` that reaches nothing has no
 * row, as in the join. Undefined when the query has another shape.
 */
export async function reachCountAggregation(
  ctx: ExecContext,
  query: ReadQueryIR,
): Promise<GroupRow[] | undefined> {
  const shape = reachCountShape(ctx, query);
  if (shape === undefined) return undefined;
  const { anchor, traversal, filters } = shape;
  const keyProperties = query.projections.flatMap((projection) =>
    projection.role === 'group-key' && projection.expr.kind === 'property'
      ? [projection.expr.property]
      : [],
  );
  const { ids, columns } = await anchorRows(ctx, anchor.nodeType, filters, [
    ...new Set(keyProperties),
  ]);
  const fromSource = traversal.source === anchor.variable;
  const table = await ctx.edgeTable(
    traversal.edgeType,
    fromSource ? traversal.sourceType : traversal.targetType,
  );
  const counts = await ctx.planner.reachCounts(table, ids, hopSpecOf(traversal, fromSource));
  const keyProjections = query.projections.filter((projection) => projection.role === 'group-key');
  const keysOf = (row: number): Cell[] =>
    keyProjections.map((projection) => keyValue(projection.expr, columns, row, ids));
  if (query.limit === 0) return [];
  /** The result row of a group: its keys in place of the group keys, the sum for counts. */
  const groupRow = (keys: readonly Cell[], count: number): GroupRow => {
    let next = 0;
    return query.projections.map((projection) =>
      projection.role === 'aggregate' ? BigInt(count) : (keys[next++] ?? null),
    );
  };
  if (uniqueKeys(ctx, anchor.nodeType, keyProjections))
    return rowGroups(query.projections, counts, columns, ids);
  const groups = valueGroups(counts, keysOf);
  // Without group keys there is exactly one group, even over no rows.
  if (groups.size === 0 && keyProjections.length === 0) groups.set('', { keys: [], count: 0 });
  return [...groups.values()].map((group) => groupRow(group.keys, group.count));
}

/** The result when the keys identify the row: each row that reaches something is a group. */
function rowGroups(
  projections: readonly ProjectionIR[],
  counts: readonly number[],
  columns: Readonly<Record<string, readonly Cell[]>>,
  ids: readonly string[],
): GroupRow[] {
  const rows: GroupRow[] = [];
  for (let row = 0; row < counts.length; row += 1) {
    const count = counts[row] ?? 0;
    if (count === 0) continue;
    rows.push(
      projections.map((projection) =>
        projection.role === 'aggregate'
          ? BigInt(count)
          : keyValue(projection.expr, columns, row, ids),
      ),
    );
  }
  return rows;
}

/** One group of the result: its key values and the sum of its rows' reach counts. */
interface CountGroup {
  readonly keys: Cell[];
  count: number;
}

/** Groups of rows with equal keys (rows that reach nothing have no row in the join). */
function valueGroups(
  counts: readonly number[],
  keysOf: (row: number) => Cell[],
): Map<unknown, CountGroup> {
  const groups = new Map<unknown, CountGroup>();
  for (let row = 0; row < counts.length; row += 1) {
    const count = counts[row] ?? 0;
    if (count === 0) continue;
    const keys = keysOf(row);
    const key = groupKeyOf(keys);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { keys, count });
    else group.count += count;
  }
  return groups;
}

/**
 * True when the group keys include the anchor's id or its key (which the id spells): every row
 * is then a group of its own, with no need to compare keys.
 */
function uniqueKeys(
  ctx: ExecContext,
  nodeType: string,
  keyProjections: readonly ProjectionIR[],
): boolean {
  const derived = ctx.nodePool(nodeType).source.derived;
  return keyProjections.some(
    ({ expr }) =>
      expr.kind === 'entity-id' || (expr.kind === 'property' && derived.has(expr.property)),
  );
}

/** The anchor's rows: their ids and the key columns, row by row. */
interface AnchorRows {
  readonly length: number;
  readonly ids: readonly string[];
  readonly columns: Readonly<Record<string, readonly Cell[]>>;
}

/**
 * The rows of the anchor's type passing `filters`, with `keys`: from the column cache when there
 * is no filter (the whole table is read anyway, and the cached ids keep their topology node
 * numbers across queries), else from a Lance scan.
 */
async function anchorRows(
  ctx: ExecContext,
  nodeType: string,
  filters: readonly Filter[],
  keys: readonly string[],
): Promise<AnchorRows> {
  const key = `node:${nodeType}`;
  const reader = await ctx.snapshot.reader(key);
  if (filters.length === 0) {
    const image = await ctx.services.columns.image(reader, keys, ctx.snapshot.entry(key).rowCount);
    if (image !== undefined) {
      const columns: Record<string, readonly Cell[]> = {};
      for (const column of keys) columns[column] = image.column(column) ?? [];
      return { length: image.length, ids: image.ids, columns };
    }
  }
  const rows = await reader.scanColumns({
    ...(filters.length > 0 ? { filter: where.and(...filters) } : {}),
    columns: ['id', ...keys],
  });
  return {
    length: rows.length,
    ids: (rows.columns.id ?? []) as readonly string[],
    columns: rows.columns,
  };
}

function keyValue(
  expr: ExprIR,
  columns: Readonly<Record<string, readonly Cell[]>>,
  row: number,
  ids: readonly string[],
): Cell {
  if (expr.kind === 'entity-id') return ids[row] ?? null;
  if (expr.kind === 'property') return columns[expr.property]?.[row] ?? null;
  return null;
}

/** The anchor, traversal and pushed filters when `query` has the shape; else undefined. */
function reachCountShape(ctx: ExecContext, query: ReadQueryIR): ReachCountShape | undefined {
  const { match } = query;
  const [traversal, ...more] = match.traversals;
  if (!query.aggregated || traversal === undefined || more.length > 0) return undefined;
  if (traversal.edgeVariable !== undefined || traversal.source === traversal.target)
    return undefined;
  if (match.negations.length > 0 || match.searches.length > 0 || match.bindings.length !== 2)
    return undefined;
  const anchorName = anchorOf(query, traversal);
  const anchor = match.bindings.find((binding) => binding.variable === anchorName);
  const other = match.bindings.find((binding) => binding.variable !== anchorName);
  if (anchor === undefined || other === undefined || other.filters.length > 0) return undefined;
  if (!projectionsFit(query, anchor.variable, other.variable)) return undefined;
  const filters: Filter[] = [];
  for (const filter of [...anchor.filters, ...match.filters]) {
    const pushed = pushdownFilter(filter, ctx.operands);
    if (pushed?.variable !== anchor.variable) return undefined;
    filters.push(pushed.filter);
  }
  return { anchor, traversal, filters };
}

/** The endpoint the group keys read (the expanded-from side when there are none). */
function anchorOf(query: ReadQueryIR, traversal: TraversalIR): string {
  const keyed = query.projections.find((projection) => projection.role === 'group-key');
  const variable =
    keyed?.expr.kind === 'property' || keyed?.expr.kind === 'entity-id'
      ? keyed.expr.variable
      : undefined;
  return variable ?? (traversal.direction === 'out' ? traversal.source : traversal.target);
}

/** Group keys read only the anchor; aggregates are counts of either endpoint's ids. */
function projectionsFit(query: ReadQueryIR, anchor: string, other: string): boolean {
  return query.projections.every((projection) => {
    const expr = projection.expr;
    if (projection.role === 'group-key')
      return (expr.kind === 'property' || expr.kind === 'entity-id') && expr.variable === anchor;
    return (
      expr.kind === 'aggregate' &&
      expr.fn === 'count' &&
      expr.arg.kind === 'entity-id' &&
      (expr.arg.variable === anchor || expr.arg.variable === other)
    );
  });
}
