import type { AggregateIR } from '../../../compiler/ir/expr-ir.js';
import type { ProjectionIR } from '../../../compiler/ir/query-ir.js';
import { assertNever } from '../../../util/assert-never.js';
import { OmniError } from '../../../util/omni-error.js';
import type { Cell } from '../../lance/index.js';
import { compareCells } from '../../values/index.js';
import type { RowScope } from './row-scope.js';
import { countValue } from './count-value.js';
import { everyRow } from './slot-set.js';

/** One output row of an aggregating query: a value per projection, in projection order. */
export type GroupRow = readonly Cell[];

/**
 * Groups the rows of `scope` by the values of the group-key projections and computes each aggregate
 * per group (docs/reference/query.md): `count` counts non-NULL values (an Int64), `sum` and `avg`
 * add them as Float64, `min`/`max` keep the argument's type; an aggregate over no values is NULL
 * (`count` is 0). Without group keys there is exactly one group, even over no rows.
 */
export function aggregateRows(scope: RowScope, projections: readonly ProjectionIR[]): GroupRow[] {
  const keys = projections.filter((projection) => projection.role !== 'aggregate');
  const size = scope.relation.size;
  if (keys.length === 0) {
    // Every row is in the one group: counting ids needs only how many there are.
    let all: readonly number[] | undefined;
    return [groupRow(scope, projections, size, () => (all ??= everyRow(size)))];
  }
  const groups = new Map<unknown, number[]>();
  const [onlyKey] = keys;
  // One scalar key groups by the value itself: no key list per row.
  const keyOf =
    keys.length === 1 && onlyKey !== undefined
      ? (row: number) => {
          const value = scope.value(onlyKey.expr, row);
          return value === null || typeof value !== 'object' ? value : groupKeyOf([value]);
        }
      : (row: number) => groupKeyOf(keys.map((projection) => scope.value(projection.expr, row)));
  for (let row = 0; row < size; row += 1) {
    const key = keyOf(row);
    const members = groups.get(key);
    if (members === undefined) groups.set(key, [row]);
    else members.push(row);
  }
  return [...groups.values()].map((rows) => groupRow(scope, projections, rows.length, () => rows));
}

/** The values of one group of `count` rows (`rows()`, asked for only when a value reads them). */
function groupRow(
  scope: RowScope,
  projections: readonly ProjectionIR[],
  count: number,
  rows: () => readonly number[],
): GroupRow {
  return projections.map((projection) => {
    if (projection.role !== 'aggregate') {
      const first = rows()[0];
      return first === undefined ? null : scope.value(projection.expr, first);
    }
    const expr = projection.expr;
    if (expr.kind !== 'aggregate') {
      throw new OmniError('internal', `aggregate projection ${projection.column} has no aggregate`);
    }
    // A bound entity's id is never NULL: counting ids is counting rows.
    if (expr.fn === 'count' && expr.arg.kind === 'entity-id') return countValue(count);
    return aggregate(
      expr,
      rows().map((row) => scope.value(expr.arg, row)),
    );
  });
}

/**
 * The grouping key of a group's key values: equal values give equal keys. One scalar groups by
 * the value itself (a Map compares primitives by value); anything else by a text encoding.
 */
export function groupKeyOf(values: readonly Cell[]): unknown {
  const [first] = values;
  if (values.length === 1 && (first === null || typeof first !== 'object')) return first;
  return values.map((cell) => cellKey(cell)).join('\u0000');
}

/** The value of one aggregate over its argument's values in a group. */
function aggregate(expr: AggregateIR, cells: readonly Cell[]): Cell {
  const values = cells.filter((cell) => cell !== null);
  switch (expr.fn) {
    case 'count':
      return countValue(values.length);
    case 'sum':
      return values.length === 0
        ? null
        : values.reduce<number>((sum, cell) => sum + Number(cell), 0);
    case 'avg':
      return values.length === 0
        ? null
        : values.reduce<number>((sum, cell) => sum + Number(cell), 0) / values.length;
    case 'min':
      return extreme(values, -1);
    case 'max':
      return extreme(values, 1);
    default:
      return assertNever(expr.fn, 'aggregate function');
  }
}

function extreme(values: readonly Cell[], sign: 1 | -1): Cell {
  let best: Cell = null;
  for (const value of values) best = bestOf(best, value, sign);
  return best;
}

/**
 * The smaller (`sign` -1) or larger (1) of the best non-NULL value so far and a non-NULL value;
 * the earlier one on ties (values that compare equal are identical under the total orders).
 */
export function bestOf(best: Cell, value: Cell, sign: 1 | -1): Cell {
  return best === null || compareCells(value, best) * sign > 0 ? value : best;
}

/** A grouping key for a cell: equal cells (by type and value) give equal keys. */
function cellKey(cell: Cell): string {
  if (cell === null) return 'n';
  if (typeof cell === 'bigint') return `i${cell}`;
  if (typeof cell === 'number') return Number.isInteger(cell) ? `i${cell}` : `f${cell}`;
  if (typeof cell === 'string') return `s${cell}`;
  if (typeof cell === 'boolean') return cell ? 'T' : 'F';
  if (cell instanceof Uint8Array) return `b${Buffer.from(cell).toString('base64')}`;
  return `l[${cell.map((item) => cellKey(item)).join(',')}]`;
}
