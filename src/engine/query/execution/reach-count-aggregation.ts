import type { ExprIR } from '../../../compiler/ir/expr-ir.js';
import type { BindingIR, TraversalIR } from '../../../compiler/ir/match-ir.js';
import type { ProjectionIR, ReadQueryIR } from '../../../compiler/ir/query-ir.js';
import type { Cell } from '../../lance/index.js';
import { groupKeyOf } from './aggregation.js';
import type { ExecContext } from './exec-context.js';
import { orderedBlock, pickedInPlace } from './group-order.js';
import { planGroupOrder, type GroupsOutput } from '../plan/output-plan.js';
import { EMPTY_BLOCK, type RowBlock } from './row-block.js';
import { derivedOf, type PlanInputs } from '../plan/plan-inputs.js';
import { measured, measuredSync } from '../plan/plan-profile.js';
import { groupedRows, traversedRows } from '../plan/row-estimates.js';
import {
  planSideScan,
  scanSide,
  sideCells,
  sideValue,
  uniqueKeys,
  type SideScan,
} from './side-rows.js';
import { traversalAggregateShape, type ReachStage } from './traversal-aggregate-shape.js';
import { hopSpecOf, type ReachCounts } from '../traversal/hop-spec.js';

/**
 * Reach-count aggregation: `match { $a: A … $a edge{m,n} $b } return { <$a's properties>,
 * count($b) }` where `$b` appears nowhere else. Each row of `$a` stands for one row per distinct
 * node it reaches, so every `count` of a group is the sum of its `$a` rows' reach counts, read
 * from the topology without building the (a, b) pairs. A row of `$a` that reaches nothing has no
 * row, as in the join. The groups are ordered and limited on their raw counts, and only the rows
 * kept are built.
 */
export interface ReachCountPlan {
  readonly kind: 'reach-count';
  readonly query: ReadQueryIR;
  readonly traversal: TraversalIR;
  /** True when the anchor is the traversal's source (the walk follows the edges' direction). */
  readonly fromSource: boolean;
  readonly anchor: SideScan;
  /** The endpoint whose distinct nodes each anchor row counts. */
  readonly other: BindingIR;
  readonly reach: ReachStage;
  readonly output: GroupsOutput;
  /** True when the group keys identify the anchor's rows: each row is a group of its own. */
  readonly uniqueKeys: boolean;
  readonly estimatedRows: number;
}

/** The reach-count plan of `query` when it has that shape; undefined otherwise. */
export function planReachCount(query: ReadQueryIR, inputs: PlanInputs): ReachCountPlan | undefined {
  const shape = traversalAggregateShape(query, inputs.operands);
  if (shape === undefined) return undefined;
  const { traversal, filtered } = shape;
  const fromSource = traversal.source === anchorOf(query, traversal);
  const [anchor, other] = fromSource ? [shape.source, shape.target] : [shape.target, shape.source];
  if (filtered !== undefined && filtered !== anchor.variable) return undefined;
  if (!projectionsFit(query, anchor.variable, other.variable)) return undefined;
  const keyProjections = query.projections.filter((projection) => projection.role === 'group-key');
  const keyProperties = keyProjections.flatMap(({ expr }) =>
    expr.kind === 'property' ? [expr.property] : [],
  );
  const scan = planSideScan(inputs, shape, anchor, keyProperties);
  const pairs = traversedRows(inputs, scan.estimatedRows, traversal, fromSource, false);
  const groups = groupedRows(inputs, query.projections, Math.min(scan.estimatedRows, pairs));
  const order = planGroupOrder(query, groups);
  return {
    kind: 'reach-count',
    query,
    traversal,
    fromSource,
    anchor: scan,
    other,
    reach: { kind: 'reach', estimatedRows: pairs },
    output: {
      kind: 'groups',
      aggregate: { kind: 'aggregate', projections: query.projections, estimatedRows: groups },
      order,
    },
    uniqueKeys: uniqueKeys(derivedOf(inputs, anchor.nodeType), keyProjections),
    estimatedRows: order.estimatedRows,
  };
}

/** The groups of a reach-count plan, ordered and limited. */
export async function executeReachCount(ctx: ExecContext, plan: ReachCountPlan): Promise<RowBlock> {
  const { query, traversal, fromSource, output } = plan;
  const rows = await scanSide(ctx, plan.anchor);
  const counts = await measured(
    ctx.profile,
    plan.reach,
    async () => {
      const table = await ctx.edgeTable(traversal, fromSource);
      const all = await ctx.planner.reachCounts(table, rows.ids, hopSpecOf(traversal, fromSource));
      return rows.passing === undefined ? all : passingCounts(all, rows.passing);
    },
    sumOf,
  );
  if (query.limit === 0) return EMPTY_BLOCK;
  const keyProjections = query.projections.filter((projection) => projection.role === 'group-key');
  const keyExprs = keyProjections.map((projection) => projection.expr);
  const groups = measuredSync(
    ctx.profile,
    output.aggregate,
    () =>
      plan.uniqueKeys
        ? rowGroups(counts, (expr) => sideCells(expr, rows), keyExprs)
        : valueGroups(counts, keyExprs.length, (row) =>
            keyExprs.map((expr) => sideValue(expr, rows, row)),
          ),
    (counted) => counted.size,
  );
  return measuredSync(
    ctx.profile,
    output.order,
    () => orderedRows(query, groups),
    (ordered) => ordered.size,
  );
}

/** The result rows of the groups kept, in result order: their keys are built for these only. */
function orderedRows(query: ReadQueryIR, groups: CountGroups): RowBlock {
  const column = columnOf(query.projections, groups);
  return orderedBlock(query, {
    size: groups.counts.length,
    ...(groups.include === undefined ? {} : { include: groups.include }),
    column,
    picked: pickedInPlace(column),
  });
}

/**
 * The groups of the result, numbered below `counts.length`: their counts and key values. Numbers
 * `include` rejects are no group.
 */
interface CountGroups {
  readonly counts: ArrayLike<number>;
  /** The values of the group key at `position` among the group keys. */
  keys(position: number): ArrayLike<Cell>;
  readonly include?: (group: number) => boolean;
  /** How many groups there are. */
  readonly size: number;
}

/**
 * The values of projection `index` in every group, counts as numbers (they order as the Int64
 * counts they become): what ordering the groups needs before their rows are built.
 */
function columnOf(
  projections: readonly ProjectionIR[],
  groups: CountGroups,
): (index: number) => ArrayLike<Cell> {
  let next = 0;
  const positions = projections.map((projection) =>
    projection.role === 'aggregate' ? -1 : next++,
  );
  const columns = new Map<number, ArrayLike<Cell>>();
  return (index) => {
    const position = positions[index] ?? -1;
    if (position < 0) return groups.counts;
    let column = columns.get(position);
    if (column === undefined) columns.set(position, (column = groups.keys(position)));
    return column;
  };
}

/**
 * The groups when the keys identify the row: each row that reaches something, numbered by its
 * row, so the counts and the side's columns serve as they are (a top 20 of a million rows copies
 * none of them).
 */
function rowGroups(
  counts: ReachCounts,
  columnOf: (expr: ExprIR) => ArrayLike<Cell>,
  keyExprs: readonly ExprIR[],
): CountGroups {
  return {
    counts,
    keys: (position) => {
      const expr = keyExprs[position];
      return expr === undefined ? [] : columnOf(expr);
    },
    include: (row) => (counts[row] ?? 0) > 0,
    size: positiveCount(counts),
  };
}

/**
 * How many counts are above 0. A loop of its own: in the function building the groups, the loop
 * was compiled on its own (on-stack) each call, and the code after it, never run before, then
 * dropped back to the interpreter.
 */
function positiveCount(counts: ReachCounts): number {
  let positive = 0;
  for (let row = 0; row < counts.length; row += 1) if ((counts[row] ?? 0) > 0) positive += 1;
  return positive;
}

/**
 * Groups of rows with equal keys (rows that reach nothing have no row in the join). Without
 * group keys there is exactly one group, even over no rows.
 */
function valueGroups(
  counts: ReachCounts,
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
    size: list.length,
  };
}

/**
 * `counts` with those of the rows that do not pass the side's filters made 0: such a row is no
 * group, as a row that reaches nothing. A copy: the counts are kept for other queries.
 */
function passingCounts(counts: ReachCounts, passing: Uint8Array): Int32Array {
  const kept = new Int32Array(counts.length);
  for (let row = 0; row < counts.length; row += 1)
    kept[row] = passing[row] === 1 ? (counts[row] ?? 0) : 0;
  return kept;
}

/** The pairs a reach count stands for: the sum of its counts. */
function sumOf(counts: ReachCounts): number {
  let sum = 0;
  for (let index = 0; index < counts.length; index += 1) sum += counts[index] ?? 0;
  return sum;
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
