import type { AggregateIR, ExprIR } from '../../../compiler/ir/expr-ir.js';
import type { BindingIR, TraversalIR } from '../../../compiler/ir/match-ir.js';
import type { ProjectionIR, ReadQueryIR } from '../../../compiler/ir/query-ir.js';
import { assertNever } from '../../../util/assert-never.js';
import type { Cell } from '../../lance/index.js';
import { bestOf, groupKeyOf } from './aggregation.js';
import type { ExecContext } from './exec-context.js';
import { orderedBlock, type NumberedGroups } from './group-order.js';
import { planGroupOrder, type GroupsOutput } from '../plan/output-plan.js';
import type { MatchReadPlan } from '../plan/match-read-plan.js';
import { derivedOf, type PlanInputs } from '../plan/plan-inputs.js';
import { measured, measuredSync } from '../plan/plan-profile.js';
import { groupedRows, traversedRows } from '../plan/row-estimates.js';
import {
  planSideScan,
  scanSide,
  sideCells,
  sideValue,
  uniqueKeys,
  type SideRows,
  type SideScan,
} from './side-rows.js';
import type { BlockColumn } from './block-column.js';
import type { RowBlock } from './row-block.js';
import { traversalAggregateShape, type ReachStage } from './traversal-aggregate-shape.js';
import { hopSpecOf, isSingleHop, type RowReach } from '../traversal/hop-spec.js';
import { countValue } from './count-value.js';

/**
 * Reach aggregation: `match { $g: G … $g edge $o } return { <$g's properties or id>,
 * <count/sum/avg/min/max of $o's properties or ids> }` over one single-hop traversal. Each row of
 * `$g` is walked through the topology to the rows of `$o` it reaches (the join's pairs, never
 * built), whose values are accumulated per group; a row of `$g` that reaches nothing has no
 * group, as in the join. Rows sharing key values share one group. Sums are taken only when they
 * are exact in any order (integers within 2^53), so that they equal the join's: a sum found
 * inexact while accumulating makes the executor run {@link fallback}, the general plan.
 */
export interface ReachAggregatePlan {
  readonly kind: 'reach-aggregate';
  readonly query: ReadQueryIR;
  readonly traversal: TraversalIR;
  /** True when the group side is the traversal's source. */
  readonly fromSource: boolean;
  /** The group side (read by the group keys) and the other side (read by the aggregates). */
  readonly group: SideScan;
  readonly other: SideScan;
  readonly reach: ReachStage;
  readonly output: GroupsOutput;
  /** True when the group keys identify the group side's rows: each row is a group of its own. */
  readonly uniqueKeys: boolean;
  /** The general plan, run when a sum turns out inexact. */
  readonly fallback: MatchReadPlan;
  readonly estimatedRows: number;
}

/** What a reach aggregation found: its rows, or that a sum is inexact. */
export type ReachAggregateOutcome =
  { readonly kind: 'exact'; readonly rows: RowBlock } | { readonly kind: 'inexact' };

/**
 * The reach-aggregation plan of `query` when it has that shape (with `fallback`, the general
 * plan); undefined otherwise.
 */
export function planReachAggregate(
  query: ReadQueryIR,
  inputs: PlanInputs,
  fallback: () => MatchReadPlan,
): ReachAggregatePlan | undefined {
  const shape = traversalAggregateShape(query, inputs.operands);
  if (shape === undefined || !isSingleHop(shape.traversal)) return undefined;
  const sides = groupSides(query, shape.source, shape.target);
  if (sides === undefined) return undefined;
  const { traversal } = shape;
  const keyProjections = query.projections.filter((projection) => projection.role === 'group-key');
  const aggregates = aggregatesOf(query.projections);
  const group = planSideScan(
    inputs,
    shape,
    sides.group,
    propertiesOf(keyProjections.map((projection) => projection.expr)),
  );
  const other = planSideScan(
    inputs,
    shape,
    sides.other,
    propertiesOf(aggregates.map((aggregate) => aggregate.arg)),
  );
  const fromSource = traversal.source === sides.group.variable;
  const pairs = traversedRows(inputs, group.estimatedRows, traversal, fromSource, false);
  const groups = groupedRows(inputs, query.projections, Math.min(group.estimatedRows, pairs));
  const order = planGroupOrder(query, groups);
  return {
    kind: 'reach-aggregate',
    query,
    traversal,
    fromSource,
    group,
    other,
    reach: { kind: 'reach', estimatedRows: pairs },
    output: {
      kind: 'groups',
      aggregate: { kind: 'aggregate', projections: query.projections, estimatedRows: groups },
      order,
    },
    uniqueKeys: uniqueKeys(derivedOf(inputs, sides.group.nodeType), keyProjections),
    fallback: fallback(),
    estimatedRows: order.estimatedRows,
  };
}

/** The groups of a reach-aggregation plan, ordered and limited, unless a sum is inexact. */
export async function executeReachAggregate(
  ctx: ExecContext,
  plan: ReachAggregatePlan,
): Promise<ReachAggregateOutcome> {
  const { query, traversal, fromSource, output } = plan;
  const groupRows = await scanSide(ctx, plan.group);
  const otherRows = await scanSide(ctx, plan.other);
  const table = await ctx.edgeTable(traversal, fromSource);
  const reach = await measured(
    ctx.profile,
    plan.reach,
    () =>
      ctx.planner.reachRows(table, groupRows.ids, hopSpecOf(traversal, fromSource), otherRows.ids),
    (reached) => reached.rows.length,
  );
  const rowSums: ReachSums = (cells) =>
    ctx.planner.reachDerived(
      table,
      reach,
      cells,
      () => sumsPerRow(reach, cells),
      (sums) => sums.byteLength,
    );
  const groups = measuredSync(
    ctx.profile,
    output.aggregate,
    () => {
      const { passing } = otherRows;
      // Sums kept beside the walk are those of every row it reaches.
      return passing === undefined
        ? accumulate(plan, groupRows, otherRows, reach, rowSums)
        : accumulate(plan, groupRows, otherRows, passingReach(reach, passing), () => undefined);
    },
    (accumulated) => accumulated?.count ?? 0,
  );
  if (groups === undefined) return { kind: 'inexact' };
  const rows = measuredSync(
    ctx.profile,
    output.order,
    () => orderedBlock(query, groups),
    (kept) => kept.size,
  );
  return { kind: 'exact', rows };
}

/** The groups a reach aggregation found, and how many there are. */
interface ReachGroups extends NumberedGroups {
  readonly count: number;
}

/**
 * Accumulates the aggregates of the other side's reached rows per group of the group side's
 * rows: the groups, or undefined when a sum is inexact.
 */
function accumulate(
  plan: ReachAggregatePlan,
  groupRows: SideRows,
  otherRows: SideRows,
  reach: RowReach,
  rowSums: ReachSums,
): ReachGroups | undefined {
  const { projections } = plan.query;
  const keyExprs = projections
    .filter((projection) => projection.role === 'group-key')
    .map((projection) => projection.expr);
  const { passing } = groupRows;
  // A group side row that does not pass its filters is no group, as one that reaches nothing.
  const reaches = (row: number): boolean =>
    (passing === undefined || passing[row] === 1) &&
    (reach.offsets[row + 1] ?? 0) > (reach.offsets[row] ?? 0);
  const numbering = plan.uniqueKeys
    ? rowNumbering(groupRows.length, reaches, (expr) => sideCells(expr, groupRows))
    : valueNumbering(groupRows.length, reaches, keyExprs.length, (row) =>
        keyExprs.map((expr) => sideValue(expr, groupRows, row)),
      );
  const accumulators = aggregatesOf(projections).map((aggregate) => {
    const accumulator = new Accumulator(aggregate, otherRows, numbering.size);
    accumulator.addAll(numbering.numbers, reach, rowSums);
    return accumulator;
  });
  if (accumulators.some((accumulator) => !accumulator.exact)) return undefined;
  // Each projection reads a key (by its position among the keys) or an accumulator.
  const sources = sourcesOf(projections, keyExprs, numbering, accumulators);
  return {
    size: numbering.size,
    count: numbering.count,
    ...(numbering.include === undefined ? {} : { include: numbering.include }),
    column: (index) => sources[index]?.column() ?? [],
    picked: (index, kept) => sources[index]?.picked(kept) ?? { cells: [] },
  };
}

/** Where one projection's values come from: a group key column or an accumulator. */
interface ValueSource {
  column(): ArrayLike<Cell>;
  /** The values of the groups `kept`, in that order (see `NumberedGroups.picked`). */
  picked(kept: Int32Array): BlockColumn;
}

function sourcesOf(
  projections: readonly ProjectionIR[],
  keyExprs: readonly ExprIR[],
  numbering: GroupNumbering,
  accumulators: readonly Accumulator[],
): ValueSource[] {
  let key = 0;
  let aggregate = 0;
  return projections.map((projection): ValueSource => {
    if (projection.role === 'aggregate') return accumulators[aggregate++] as Accumulator;
    const expr = keyExprs[key++];
    const cells = expr === undefined ? [] : numbering.keys(expr, key - 1);
    return { column: () => cells, picked: (kept) => ({ cells, rows: kept }) };
  });
}

function aggregatesOf(projections: readonly ProjectionIR[]): AggregateIR[] {
  return projections.flatMap((projection) =>
    projection.expr.kind === 'aggregate' ? [projection.expr] : [],
  );
}

/** The group side (read by the group keys) and the other side (read by the aggregates). */
function groupSides(
  query: ReadQueryIR,
  source: BindingIR,
  target: BindingIR,
): { group: BindingIR; other: BindingIR } | undefined {
  for (const [group, other] of [
    [source, target],
    [target, source],
  ] as const) {
    if (query.projections.every((projection) => fits(projection, group.variable, other.variable)))
      return { group, other };
  }
  return undefined;
}

/**
 * A group key reads the group side's id or a property; an aggregate reads the other side's id or
 * a property (a count may count either side's ids: both count pairs).
 */
function fits(projection: ProjectionIR, group: string, other: string): boolean {
  const expr = projection.expr;
  if (projection.role === 'group-key')
    return (expr.kind === 'property' || expr.kind === 'entity-id') && expr.variable === group;
  if (expr.kind !== 'aggregate') return false;
  const { arg } = expr;
  if (expr.fn === 'count' && arg.kind === 'entity-id' && arg.variable === group) return true;
  if (arg.kind === 'property') return arg.variable === other;
  return (
    arg.kind === 'entity-id' && arg.variable === other && expr.fn !== 'sum' && expr.fn !== 'avg'
  );
}

function propertiesOf(exprs: readonly ExprIR[]): string[] {
  return [...new Set(exprs.flatMap((expr) => (expr.kind === 'property' ? [expr.property] : [])))];
}

/**
 * The groups of the group side's rows: each row's group number (-1 for a row that reaches
 * nothing: it has no row in the join), numbers below `size`, and each key's values by number.
 */
interface GroupNumbering {
  readonly numbers: Int32Array;
  readonly size: number;
  /** How many numbers are groups. */
  readonly count: number;
  readonly include?: (group: number) => boolean;
  keys(expr: ExprIR, position: number): ArrayLike<Cell>;
}

/**
 * Every row is a group of its own (its keys include the id or the key), numbered by its row: the
 * side's columns serve as the key columns, uncopied.
 */
function rowNumbering(
  length: number,
  reaches: (row: number) => boolean,
  cellsOf: (expr: ExprIR) => ArrayLike<Cell>,
): GroupNumbering {
  const numbers = new Int32Array(length);
  let count = 0;
  for (let row = 0; row < length; row += 1) {
    const reached = reaches(row);
    numbers[row] = reached ? row : -1;
    if (reached) count += 1;
  }
  return {
    numbers,
    size: length,
    count,
    include: (group) => (numbers[group] ?? -1) >= 0,
    keys: (expr) => cellsOf(expr),
  };
}

/**
 * Rows with equal key values share a group, numbered in order of first appearance. Without
 * group keys there is exactly one group, even over no rows.
 */
function valueNumbering(
  length: number,
  reaches: (row: number) => boolean,
  keyCount: number,
  keysOf: (row: number) => Cell[],
): GroupNumbering {
  const numbers = new Int32Array(length).fill(-1);
  const keys: Cell[][] = [];
  const byKey = new Map<unknown, number>();
  for (let row = 0; row < length; row += 1) {
    if (!reaches(row)) continue;
    const values = keysOf(row);
    const key = groupKeyOf(values);
    let number = byKey.get(key);
    if (number === undefined) {
      number = keys.push(values) - 1;
      byKey.set(key, number);
    }
    numbers[row] = number;
  }
  const size = keyCount === 0 ? 1 : keys.length;
  return {
    numbers,
    size,
    count: size,
    keys: (_expr, position) => keys.map((values) => values[position] ?? null),
  };
}

/**
 * One aggregate over the other side's rows, per group: non-NULL values, their sum and their
 * best value, combined as `aggregation.ts` does. A sum stays exact while every value is an
 * integer and the magnitudes add up to at most 2^53: then no addition rounds, in any order.
 */
class Accumulator implements ValueSource {
  readonly #aggregate: AggregateIR;
  readonly #cells: ArrayLike<Cell> | undefined;
  /** Per group, in typed arrays: a million groups of boxed numbers cost more than the sums. */
  readonly #counts: Float64Array;
  readonly #sums: Float64Array;
  readonly #best: Cell[] = [];
  /** True when every value is a 32-bit integer (an `I32` or `U32` property): never fractional. */
  readonly #smallIntegers: boolean;
  exact = true;

  /** An accumulator for groups numbered below `groups`. */
  constructor(aggregate: AggregateIR, rows: SideRows, groups: number) {
    this.#aggregate = aggregate;
    this.#counts = new Float64Array(groups);
    this.#sums = new Float64Array(aggregate.fn === 'sum' || aggregate.fn === 'avg' ? groups : 0);
    const { arg } = aggregate;
    // A count of ids counts pairs (an id is never NULL); min/max of ids read the other's ids.
    if (arg.kind === 'property') this.#cells = rows.columns[arg.property] ?? [];
    else this.#cells = aggregate.fn === 'count' ? undefined : rows.ids;
    const { type } = arg.valueType;
    this.#smallIntegers =
      arg.kind === 'property' &&
      type.kind === 'scalar' &&
      (type.scalar === 'I32' || type.scalar === 'U32');
  }

  /**
   * Adds every reached row to its group: group side row `row` (in group `numbers[row]`, none
   * when negative) reached the other side's rows `reach.rows[offsets[row] … offsets[row+1]-1]`.
   */
  addAll(numbers: Int32Array, reach: RowReach, rowSums: ReachSums): void {
    const cells = this.#cells;
    const fn = this.#aggregate.fn;
    if (cells === undefined) countPairs(numbers, reach, this.#counts);
    else if (fn === 'sum' || fn === 'avg') {
      const summed = isSummable(cells, reach) ? rowSums(cells) : undefined;
      if (summed !== undefined)
        addRowSums(numbers, reach.offsets, summed, this.#counts, this.#sums);
      else
        this.exact = addNumbers(
          numbers,
          reach,
          cells,
          this.#counts,
          this.#sums,
          this.#smallIntegers,
        );
    } else this.#addValues(numbers, reach, cells);
  }

  /** Counts the non-NULL values per group, and keeps the best of a `min` or `max`. */
  #addValues(numbers: Int32Array, reach: RowReach, cells: ArrayLike<Cell>): void {
    const { offsets, rows } = reach;
    const counts = this.#counts;
    const best = this.#best;
    const fn = this.#aggregate.fn;
    const sign = fn === 'min' ? -1 : 1;
    const keepsBest = fn === 'min' || fn === 'max';
    for (let row = 0; row < numbers.length; row += 1) {
      const group = numbers[row] ?? -1;
      if (group < 0) continue;
      for (let at = offsets[row] ?? 0; at < (offsets[row + 1] ?? 0); at += 1) {
        const value = cells[rows[at] ?? 0] ?? null;
        if (value === null) continue;
        counts[group] = (counts[group] ?? 0) + 1;
        if (keepsBest) best[group] = bestOf(best[group] ?? null, value, sign);
      }
    }
  }

  /** The values of every group as they order: counts as numbers (they order as Int64s do). */
  column(): ArrayLike<Cell> {
    if (this.#aggregate.fn === 'count') return this.#counts;
    return Array.from({ length: this.#counts.length }, (_, group) => this.#value(group));
  }

  /**
   * The values of the groups `kept`: counts read in place (numbers, made Int64 as they are
   * returned). Averages of groups that all hold a value are a `Float64Array`: 100k groups'
   * averages are then no 100k boxed numbers.
   */
  picked(kept: Int32Array): BlockColumn {
    const counts = this.#counts;
    if (this.#aggregate.fn === 'count') return { cells: counts, rows: kept };
    const copied = (): BlockColumn => ({ cells: Array.from(kept, (group) => this.#value(group)) });
    if (this.#aggregate.fn !== 'avg') return copied();
    const sums = this.#sums;
    const averages = new Float64Array(kept.length);
    for (let at = 0; at < kept.length; at += 1) {
      const group = kept[at] ?? 0;
      const count = counts[group] ?? 0;
      if (count === 0) return copied();
      averages[at] = (sums[group] ?? 0) / count;
    }
    return { cells: averages };
  }

  #value(group: number): Cell {
    const count = this.#counts[group] ?? 0;
    const sum = this.#sums[group] ?? 0;
    switch (this.#aggregate.fn) {
      case 'count':
        return countValue(count);
      case 'sum':
        return count === 0 ? null : sum;
      case 'avg':
        return count === 0 ? null : sum / count;
      case 'min':
      case 'max':
        return this.#best[group] ?? null;
      default:
        return assertNever(this.#aggregate.fn, 'aggregate function');
    }
  }
}

/** Counts every reached pair into its group: a count of ids reads no row. */
function countPairs(numbers: Int32Array, reach: RowReach, counts: Float64Array): void {
  const { offsets } = reach;
  for (let row = 0; row < numbers.length; row += 1) {
    const group = numbers[row] ?? -1;
    if (group >= 0)
      counts[group] = (counts[group] ?? 0) + (offsets[row + 1] ?? 0) - (offsets[row] ?? 0);
  }
}

/**
 * The most 32-bit integers whose magnitudes add up to at most 2^53 whatever they are: their sums
 * are exact in any order, with nothing to check per value.
 */
const SMALL_INTEGER_VALUES = 2 ** 21;

/**
 * `reach` without the other side's rows that do not pass its filters (`passing`): one pass over
 * the pairs of a walk the topology index keeps for the whole table, instead of a walk of the
 * passing rows' own id list, whose ids it would number anew on every call.
 */
function passingReach(reach: RowReach, passing: Uint8Array): RowReach {
  const { offsets, rows } = reach;
  const kept = new Int32Array(rows.length);
  const keptOffsets = new Int32Array(offsets.length);
  let count = 0;
  for (let row = 0; row + 1 < offsets.length; row += 1) {
    for (let at = offsets[row] ?? 0; at < (offsets[row + 1] ?? 0); at += 1) {
      const other = rows[at] ?? 0;
      if (passing[other] === 1) kept[count++] = other;
    }
    keptOffsets[row + 1] = count;
  }
  return { offsets: keptOffsets, rows: kept.slice(0, count) };
}

/** A packed column of 32-bit integers: no NULL, and sums exact whatever the values. */
type IntegerColumn = Int32Array | Uint32Array;

/**
 * Per group-side row of a reach, the sum of a packed integer column over the rows it reaches (see
 * {@link sumsPerRow}), kept beside the reach while both are cached; undefined for a reach not
 * kept for other queries (its rows are then read from the column itself).
 */
type ReachSums = (cells: IntegerColumn) => Float64Array | undefined;

/**
 * True when sums of `cells` over `reach` can be taken row by row: a packed column of 32-bit
 * integers (no NULL to skip) and at most {@link SMALL_INTEGER_VALUES} reached rows, whose sums
 * are then exact in any order, with nothing to check per value.
 */
function isSummable(cells: ArrayLike<Cell>, reach: RowReach): cells is IntegerColumn {
  return (
    (cells instanceof Int32Array || cells instanceof Uint32Array) &&
    reach.rows.length <= SMALL_INTEGER_VALUES
  );
}

/**
 * The sum of `cells` over the rows each row of `reach` reaches. Reading a column at a million
 * random rows is bound by memory latency (the company average at 1M persons: 5–7 ms a call), and
 * adding up a million values kept in walk order still took 2.4 ms; kept beside the cached reach,
 * these sums serve the next call with one read per group-side row (100k for the company average).
 */
function sumsPerRow(reach: RowReach, cells: IntegerColumn): Float64Array {
  const { offsets, rows } = reach;
  const sums = new Float64Array(offsets.length - 1);
  for (let row = 0; row < sums.length; row += 1) {
    let sum = 0;
    const end = offsets[row + 1] ?? 0;
    for (let at = offsets[row] ?? 0; at < end; at += 1) sum += cells[rows[at] ?? 0] ?? 0;
    sums[row] = sum;
  }
  return sums;
}

/**
 * Adds the reached values of every group-side row, summed per row (`rowSums`), to its group's
 * count and sum: row `row` reached `offsets[row + 1] - offsets[row]` values. Every sum is of
 * integers within 2^53, so the same as {@link addNumbers} makes over the column itself.
 */
function addRowSums(
  numbers: Int32Array,
  offsets: Int32Array,
  rowSums: Float64Array,
  counts: Float64Array,
  sums: Float64Array,
): void {
  for (let row = 0; row < numbers.length; row += 1) {
    const group = numbers[row] ?? -1;
    if (group < 0) continue;
    counts[group] = (counts[group] ?? 0) + (offsets[row + 1] ?? 0) - (offsets[row] ?? 0);
    sums[group] = (sums[group] ?? 0) + (rowSums[row] ?? 0);
  }
}

/**
 * Adds the non-NULL numbers of every reached row to its group's count and sum, each group's
 * rows totalled locally first: true while the sums are exact (every value an integer, the
 * magnitudes within 2^53), when no addition rounds in any order. At most
 * {@link SMALL_INTEGER_VALUES} values of 32-bit integers (`smallIntegers`) are exact whatever
 * they are, and are not checked one by one. At 1M persons this loop reads a million values at
 * random rows: the leaner it is, the more of those reads are in flight.
 */
function addNumbers(
  numbers: Int32Array,
  reach: RowReach,
  cells: ArrayLike<Cell>,
  counts: Float64Array,
  sums: Float64Array,
  smallIntegers: boolean,
): boolean {
  const { offsets, rows } = reach;
  const checked = !smallIntegers || rows.length > SMALL_INTEGER_VALUES;
  let magnitude = 0;
  let integral = true;
  for (let row = 0; row < numbers.length; row += 1) {
    const group = numbers[row] ?? -1;
    if (group < 0) continue;
    let count = 0;
    let sum = 0;
    const end = offsets[row + 1] ?? 0;
    for (let at = offsets[row] ?? 0; at < end; at += 1) {
      const value = cells[rows[at] ?? 0];
      if (value === null || value === undefined) continue;
      const number = typeof value === 'number' ? value : Number(value);
      count += 1;
      sum += number;
      if (checked) {
        magnitude += number < 0 ? -number : number;
        if (!Number.isInteger(number)) integral = false;
      }
    }
    counts[group] = (counts[group] ?? 0) + count;
    sums[group] = (sums[group] ?? 0) + sum;
  }
  return integral && magnitude <= Number.MAX_SAFE_INTEGER;
}
