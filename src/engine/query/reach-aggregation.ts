import type { AggregateIR, ExprIR } from '../../compiler/ir/expr-ir.js';
import type { BindingIR } from '../../compiler/ir/match-ir.js';
import type { ProjectionIR, ReadQueryIR } from '../../compiler/ir/query-ir.js';
import { assertNever } from '../../util/assert-never.js';
import type { Cell } from '../lance/row.js';
import { bestOf, groupKeyOf, type GroupRow } from './aggregation.js';
import type { ExecContext } from './exec-context.js';
import { sideRows, sideValue, uniqueKeys, type SideRows } from './side-rows.js';
import { traversalAggregateShape } from './traversal-aggregate-shape.js';
import { hopSpecOf, isSingleHop } from './traversal/hop-spec.js';

/**
 * Reach aggregation: `match { $g: G … $g edge $o } return { <$g's properties or id>,
 * <count/sum/avg/min/max of $o's properties or ids> }` over one single-hop traversal. Each row of
 * `$g` is walked through the topology to the rows of `$o` it reaches (the join's pairs, never
 * built), whose values are accumulated per group; a row of `$g` that reaches nothing has no
 * group, as in the join. Rows sharing key values share one group. Sums are taken only when they
 * are exact in any order (integers within 2^53), so that they equal the join's; otherwise, and
 * for any other shape, the result is undefined and the general path answers.
 */
export async function reachAggregation(
  ctx: ExecContext,
  query: ReadQueryIR,
): Promise<GroupRow[] | undefined> {
  const shape = traversalAggregateShape(ctx, query);
  if (shape === undefined || !isSingleHop(shape.traversal)) return undefined;
  const sides = groupSides(query, shape.source, shape.target);
  if (sides === undefined) return undefined;
  const { group, other } = sides;
  const { traversal, filters, filtered } = shape;
  const keyProjections = query.projections.filter((projection) => projection.role === 'group-key');
  const keyExprs = keyProjections.map((projection) => projection.expr);
  const aggregates = query.projections.flatMap((projection) =>
    projection.expr.kind === 'aggregate' ? [projection.expr] : [],
  );
  const groupRows = await sideRows(
    ctx,
    group.nodeType,
    filtered === group.variable ? filters : [],
    propertiesOf(keyExprs),
  );
  const otherRows = await sideRows(
    ctx,
    other.nodeType,
    filtered === other.variable ? filters : [],
    propertiesOf(aggregates.map((aggregate) => aggregate.arg)),
  );
  const fromSource = traversal.source === group.variable;
  const table = await ctx.edgeTable(
    traversal.edgeType,
    fromSource ? traversal.sourceType : traversal.targetType,
  );
  const reach = await ctx.planner.reachRows(
    table,
    groupRows.ids,
    hopSpecOf(traversal, fromSource),
    otherRows.ids,
  );
  const keysOf = (row: number): Cell[] => keyExprs.map((expr) => sideValue(expr, groupRows, row));
  const groupOf = uniqueKeys(ctx, group.nodeType, keyProjections)
    ? rowNumbering(keysOf)
    : valueNumbering(keysOf);
  const accumulators = aggregates.map((aggregate) => new Accumulator(aggregate, otherRows));
  for (let row = 0; row < groupRows.length; row += 1) {
    const start = reach.offsets[row] ?? 0;
    const end = reach.offsets[row + 1] ?? 0;
    if (start === end) continue;
    const number = groupOf.number(row);
    for (let at = start; at < end; at += 1) {
      const reached = reach.rows[at] ?? 0;
      for (const accumulator of accumulators) accumulator.add(number, reached);
    }
  }
  if (accumulators.some((accumulator) => !accumulator.exact)) return undefined;
  // Without group keys there is exactly one group, even over no rows.
  const groups = groupOf.keys.length === 0 && keyExprs.length === 0 ? [[]] : groupOf.keys;
  return groups.map((keys, number) => groupRow(query.projections, keys, number, accumulators));
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
  readonly #counts: number[] = [];
  readonly #sums: number[] = [];
  readonly #best: Cell[] = [];
  #magnitude = 0;
  exact = true;

  constructor(aggregate: AggregateIR, rows: SideRows) {
    this.#aggregate = aggregate;
    const { arg } = aggregate;
    // A count of ids counts pairs (an id is never NULL); min/max of ids read the other's ids.
    if (arg.kind === 'property') this.#cells = rows.columns[arg.property] ?? [];
    else this.#cells = aggregate.fn === 'count' ? undefined : rows.ids;
  }

  add(group: number, row: number): void {
    const value = this.#cells === undefined ? true : (this.#cells[row] ?? null);
    if (value === null) return;
    this.#counts[group] = (this.#counts[group] ?? 0) + 1;
    const fn = this.#aggregate.fn;
    if (fn === 'sum' || fn === 'avg') {
      const number = Number(value);
      this.#sums[group] = (this.#sums[group] ?? 0) + number;
      this.#magnitude += Math.abs(number);
      if (!Number.isInteger(number) || this.#magnitude > Number.MAX_SAFE_INTEGER)
        this.exact = false;
    } else if (fn === 'min' || fn === 'max') {
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
