import type { ExprIR } from '../../compiler/ir/expr-ir.js';
import type { TraversalIR } from '../../compiler/ir/match-ir.js';
import type { ProjectionIR, ReadQueryIR } from '../../compiler/ir/query-ir.js';
import type { Cell } from '../lance/row.js';
import { groupKeyOf, type GroupRow } from './aggregation.js';
import type { ExecContext } from './exec-context.js';
import { groupOrder } from './group-order.js';
import { sideColumn, sideRows, sideValue, uniqueKeys } from './side-rows.js';
import { traversalAggregateShape } from './traversal-aggregate-shape.js';
import { hopSpecOf } from './traversal/hop-spec.js';

/**
 * Reach-count aggregation: `match { $a: A … $a edge{m,n} $b } return { <$a's properties>,
 * count($b) }` where `$b` appears nowhere else. Each row of `$a` stands for one row per distinct
 * node it reaches, so every `count` of a group is the sum of its `$a` rows' reach counts, read
 * from the topology without building the (a, b) pairs. A row of `$a` that reaches nothing has no
 * row, as in the join. The groups are ordered and limited on their raw counts, and only the rows
 * kept are built. Undefined when the query has another shape.
 */
export async function reachCountAggregation(
  ctx: ExecContext,
  query: ReadQueryIR,
): Promise<GroupRow[] | undefined> {
  const shape = traversalAggregateShape(ctx, query);
  if (shape === undefined) return undefined;
  const { traversal, filters, filtered } = shape;
  const fromSource = traversal.source === anchorOf(query, traversal);
  const [anchor, other] = fromSource ? [shape.source, shape.target] : [shape.target, shape.source];
  if (filtered !== undefined && filtered !== anchor.variable) return undefined;
  if (!projectionsFit(query, anchor.variable, other.variable)) return undefined;
  const keyProjections = query.projections.filter((projection) => projection.role === 'group-key');
  const keyProperties = keyProjections.flatMap(({ expr }) =>
    expr.kind === 'property' ? [expr.property] : [],
  );
  const rows = await sideRows(ctx, anchor.nodeType, filters, [...new Set(keyProperties)]);
  const table = await ctx.edgeTable(
    traversal.edgeType,
    fromSource ? traversal.sourceType : traversal.targetType,
  );
  const counts = await ctx.planner.reachCounts(table, rows.ids, hopSpecOf(traversal, fromSource));
  if (query.limit === 0) return [];
  const keyExprs = keyProjections.map((projection) => projection.expr);
  const groups = uniqueKeys(ctx, anchor.nodeType, keyProjections)
    ? rowGroups(counts, (expr, kept) => sideColumn(expr, rows, kept), keyExprs)
    : valueGroups(counts, keyExprs.length, (row) =>
        keyExprs.map((expr) => sideValue(expr, rows, row)),
      );
  const column = columnOf(query.projections, groups);
  const keyColumns = query.projections.map((projection, index) =>
    projection.role === 'aggregate' ? undefined : column(index),
  );
  return groupOrder(query, groups.counts.length, column).map((group) =>
    query.projections.map((projection, index) =>
      projection.role === 'aggregate'
        ? BigInt(groups.counts[group] ?? 0)
        : (keyColumns[index]?.[group] ?? null),
    ),
  );
}

/** The groups of the result, numbered `0 … n-1`: their counts and key values. */
interface CountGroups {
  readonly counts: readonly number[];
  /** The values of the group key at `position` among the group keys. */
  keys(position: number): readonly Cell[];
}

/**
 * The values of projection `index` in every group, counts as numbers (they order as the Int64
 * counts they become): what ordering the groups needs before their rows are built.
 */
function columnOf(
  projections: readonly ProjectionIR[],
  groups: CountGroups,
): (index: number) => readonly Cell[] {
  let next = 0;
  const positions = projections.map((projection) =>
    projection.role === 'aggregate' ? -1 : next++,
  );
  const columns = new Map<number, readonly Cell[]>();
  return (index) => {
    const position = positions[index] ?? -1;
    if (position < 0) return groups.counts;
    let column = columns.get(position);
    if (column === undefined) columns.set(position, (column = groups.keys(position)));
    return column;
  };
}

/** The groups when the keys identify the row: each row that reaches something. */
function rowGroups(
  counts: readonly number[],
  columnOf: (expr: ExprIR, kept: readonly number[]) => Cell[],
  keyExprs: readonly ExprIR[],
): CountGroups {
  const kept: number[] = [];
  for (let row = 0; row < counts.length; row += 1) if ((counts[row] ?? 0) > 0) kept.push(row);
  return {
    counts: kept.map((row) => counts[row] ?? 0),
    keys: (position) => {
      const expr = keyExprs[position];
      return expr === undefined ? [] : columnOf(expr, kept);
    },
  };
}

/**
 * Groups of rows with equal keys (rows that reach nothing have no row in the join). Without
 * group keys there is exactly one group, even over no rows.
 */
function valueGroups(
  counts: readonly number[],
  keyCount: number,
  keysOf: (row: number) => readonly Cell[],
): CountGroups {
  const groups = new Map<unknown, { readonly keys: readonly Cell[]; count: number }>();
  for (let row = 0; row < counts.length; row += 1) {
    const count = counts[row] ?? 0;
    if (count === 0) continue;
    const keys = keysOf(row);
    const key = groupKeyOf(keys);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { keys, count });
    else group.count += count;
  }
  if (groups.size === 0 && keyCount === 0) groups.set('', { keys: [], count: 0 });
  const list = [...groups.values()];
  return {
    counts: list.map((group) => group.count),
    keys: (position) => list.map((group) => group.keys[position] ?? null),
  };
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
