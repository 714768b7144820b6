import type { AggregateIR, ExprIR } from '../../../compiler/ir/expr-ir.js';
import type { BindingIR, TraversalIR } from '../../../compiler/ir/match-ir.js';
import type { ProjectionIR, ReadQueryIR } from '../../../compiler/ir/query-ir.js';
import { assertNever } from '../../../util/assert-never.js';
import type { Cell } from '../../lance/index.js';
import { bestOf, groupKeyOf, type GroupRow } from './aggregation.js';
import type { ExecContext } from './exec-context.js';
import { orderedGroups } from './group-order.js';
import { planGroupOrder, type GroupsOutput } from '../plan/output-plan.js';
import type { MatchReadPlan } from '../plan/match-read-plan.js';
import { derivedOf, type PlanInputs } from '../plan/plan-inputs.js';
import { measured, measuredSync } from '../plan/plan-profile.js';
import { groupedRows, traversedRows } from '../plan/row-estimates.js';
import {
  planSideScan,
  scanSide,
  sideValue,
  uniqueKeys,
  type SideRows,
  type SideScan,
} from './side-rows.js';
import { traversalAggregateShape, type ReachStage } from './traversal-aggregate-shape.js';
import { hopSpecOf, isSingleHop, type RowReach } from '../traversal/hop-spec.js';

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

/** What a reach aggregation found: its groups, or that a sum is inexact. */
export type ReachAggregateOutcome =
  { readonly kind: 'exact'; readonly groups: readonly GroupRow[] } | { readonly kind: 'inexact' };

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
  const reach = await measured(
    ctx.profile,
    plan.reach,
    async () => {
      const table = await ctx.edgeTable(traversal, fromSource);
      return ctx.planner.reachRows(
        table,
        groupRows.ids,
        hopSpecOf(traversal, fromSource),
        otherRows.ids,
      );
    },
    (reached) => reached.rows.length,
  );
  const groups = measuredSync(
    ctx.profile,
    output.aggregate,
    () => accumulate(plan, groupRows, otherRows, reach),
    (accumulated) => accumulated?.length ?? 0,
  );
  if (groups === undefined) return { kind: 'inexact' };
  const ordered = measuredSync(
    ctx.profile,
    output.order,
    () => orderedGroups(groups, query),
    (kept) => kept.length,
  );
  return { kind: 'exact', groups: ordered };
}

/**
 * Accumulates the aggregates of the other side's reached rows per group of the group side's
 * rows: the groups' rows, or undefined when a sum is inexact.
 */
function accumulate(
  plan: ReachAggregatePlan,
  groupRows: SideRows,
  otherRows: SideRows,
  reach: RowReach,
): GroupRow[] | undefined {
  const { projections } = plan.query;
  const keyExprs = projections
    .filter((projection) => projection.role === 'group-key')
    .map((projection) => projection.expr);
  const keysOf = (row: number): Cell[] => keyExprs.map((expr) => sideValue(expr, groupRows, row));
  const groupOf = plan.uniqueKeys ? rowNumbering(keysOf) : valueNumbering(keysOf);
  const accumulators = aggregatesOf(projections).map(
    (aggregate) => new Accumulator(aggregate, otherRows, groupRows.length),
  );
  for (let row = 0; row < groupRows.length; row += 1) {
    const start = reach.offsets[row] ?? 0;
    const end = reach.offsets[row + 1] ?? 0;
    if (start === end) continue;
    const number = groupOf.number(row);
    for (const accumulator of accumulators) accumulator.addRows(number, reach.rows, start, end);
  }
  if (accumulators.some((accumulator) => !accumulator.exact)) return undefined;
  // Without group keys there is exactly one group, even over no rows.
  const groups = groupOf.keys.length === 0 && keyExprs.length === 0 ? [[]] : groupOf.keys;
  return groups.map((keys, number) => groupRow(projections, keys, number, accumulators));
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

/** The result row of group `number`: its key values and its aggregates, in projection order. */
function groupRow(
  projections: readonly ProjectionIR[],
  keys: readonly Cell[],
  number: number,
  accumulators: readonly Accumulator[],
): GroupRow {
  let key = 0;
  let aggregate = 0;
  return projections.map((projection) =>
    projection.role === 'aggregate'
      ? (accumulators[aggregate++]?.value(number) ?? null)
      : (keys[key++] ?? null),
  );
}

function propertiesOf(exprs: readonly ExprIR[]): string[] {
  return [...new Set(exprs.flatMap((expr) => (expr.kind === 'property' ? [expr.property] : [])))];
}

/** Numbers groups in order of first appearance, and keeps each group's key values. */
interface GroupNumbering {
  readonly keys: (readonly Cell[])[];
  number(row: number): number;
}

/** Every row is a group of its own (its keys include the id or the key). */
function rowNumbering(keysOf: (row: number) => Cell[]): GroupNumbering {
  const keys: Cell[][] = [];
  return {
    keys,
    number: (row) => keys.push(keysOf(row)) - 1,
  };
}

/** Rows with equal key values share a group. */
function valueNumbering(keysOf: (row: number) => Cell[]): GroupNumbering {
  const keys: Cell[][] = [];
  const numbers = new Map<unknown, number>();
  return {
    keys,
    number: (row) => {
      const values = keysOf(row);
      const key = groupKeyOf(values);
      let number = numbers.get(key);
      if (number === undefined) {
        number = keys.push(values) - 1;
        numbers.set(key, number);
      }
      return number;
    },
  };
}

/**
 * One aggregate over the other side's rows, per group: non-NULL values, their sum and their
 * best value, combined as `aggregation.ts` does. A sum stays exact while every value is an
 * integer and the magnitudes add up to at most 2^53: then no addition rounds, in any order.
 */
class Accumulator {
  readonly #aggregate: AggregateIR;
  readonly #cells: readonly Cell[] | undefined;
  /** Per group, in typed arrays: a million groups of boxed numbers cost more than the sums. */
  readonly #counts: Float64Array;
  readonly #sums: Float64Array;
  readonly #best: Cell[] = [];
  #magnitude = 0;
  exact = true;

  /** An accumulator for at most `groups` groups. */
  constructor(aggregate: AggregateIR, rows: SideRows, groups: number) {
    this.#aggregate = aggregate;
    this.#counts = new Float64Array(groups);
    this.#sums = new Float64Array(aggregate.fn === 'sum' || aggregate.fn === 'avg' ? groups : 0);
    const { arg } = aggregate;
    // A count of ids counts pairs (an id is never NULL); min/max of ids read the other's ids.
    if (arg.kind === 'property') this.#cells = rows.columns[arg.property] ?? [];
    else this.#cells = aggregate.fn === 'count' ? undefined : rows.ids;
  }

  /** Adds the other side's rows `rows[start … end - 1]` to `group`. */
  addRows(group: number, rows: Int32Array, start: number, end: number): void {
    const cells = this.#cells;
    // A count of ids counts every pair: no row needs reading.
    if (cells === undefined) {
      this.#counts[group] = (this.#counts[group] ?? 0) + (end - start);
      return;
    }
    const fn = this.#aggregate.fn;
    if (fn === 'sum' || fn === 'avg') {
      this.#addNumbers(group, cells, rows, start, end);
      return;
    }
    for (let at = start; at < end; at += 1) this.#add(group, cells[rows[at] ?? 0] ?? null);
  }

  /**
   * A sum's or average's rows of one group, totalled locally first: while every value is an
   * integer and the magnitudes stay within 2^53 no addition rounds, whatever the order.
   */
  #addNumbers(
    group: number,
    cells: readonly Cell[],
    rows: Int32Array,
    start: number,
    end: number,
  ): void {
    let count = 0;
    let sum = 0;
    let magnitude = 0;
    let integral = true;
    for (let at = start; at < end; at += 1) {
      const value = cells[rows[at] ?? 0] ?? null;
      if (value === null) continue;
      const number = typeof value === 'number' ? value : Number(value);
      count += 1;
      sum += number;
      magnitude += Math.abs(number);
      if (!Number.isInteger(number)) integral = false;
    }
    this.#counts[group] = (this.#counts[group] ?? 0) + count;
    this.#sums[group] = (this.#sums[group] ?? 0) + sum;
    this.#magnitude += magnitude;
    if (!integral || this.#magnitude > Number.MAX_SAFE_INTEGER) this.exact = false;
  }

  #add(group: number, value: Cell): void {
    if (value === null) return;
    this.#counts[group] = (this.#counts[group] ?? 0) + 1;
    const fn = this.#aggregate.fn;
    if (fn === 'min' || fn === 'max') {
      this.#best[group] = bestOf(this.#best[group] ?? null, value, fn === 'min' ? -1 : 1);
    }
  }

  value(group: number): Cell {
    const count = this.#counts[group] ?? 0;
    const sum = this.#sums[group] ?? 0;
    switch (this.#aggregate.fn) {
      case 'count':
        return BigInt(count);
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
