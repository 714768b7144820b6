import type { ExprIR } from '../../../compiler/ir/expr-ir.js';
import type { OrderDirection } from '../../../compiler/query/ast.js';
import type { Cell } from '../../lance/index.js';
import { compareCells, compareStrings } from '../../values/index.js';

/** One sort key: its value in every row, and how to order it. */
export interface SortKey {
  readonly values: ArrayLike<Cell>;
  readonly direction: OrderDirection;
  /**
   * A ranking (`nearest`, `bm25`, `rrf`): a row without a score sorts last either way, since it
   * is no match at all rather than a smallest value.
   */
  readonly ranking: boolean;
}

/** True for the expressions that rank rows by a search score. */
export function isRanking(expr: ExprIR): boolean {
  return expr.kind === 'nearest' || expr.kind === 'bm25' || expr.kind === 'rrf';
}

/**
 * The row numbers `0 … size-1` in result order: by each key in turn (NULLs first ascending and
 * last descending), then by `ties` (entity ids, group keys) ascending, which makes the order
 * total; then by row number. Sorting is stable and never depends on how rows were produced.
 * With `limit`, only the first `limit` rows are returned, selected without sorting the rest; with
 * `include`, only the rows it accepts.
 */
export function sortRows(
  size: number,
  keys: readonly SortKey[],
  ties: readonly ArrayLike<Cell>[],
  limit?: number,
  include?: (row: number) => boolean,
): Int32Array {
  const compare = (a: number, b: number): number => {
    for (const key of keys) {
      const order = compareKey(key, key.values[a] ?? null, key.values[b] ?? null);
      if (order !== 0) return order;
    }
    for (const tie of ties) {
      const order = compareTie(tie[a] ?? null, tie[b] ?? null);
      if (order !== 0) return order;
    }
    return a - b;
  };
  if (limit !== undefined && limit * 8 < size)
    return topRows(size, compare, limit, include, firstKeyOrder(keys));
  const rows = includedRows(size, include);
  const tie = ties[0];
  // Groups numbered in key order (a reach aggregation's, by the rows of a table loaded in key
  // order) need no sort: checking costs a comparison of plain values per row, not a call.
  if (keys.length > 0 || ties.length !== 1 || tie === undefined || !integersAscendAt(rows, tie))
    rows.sort(compare);
  return limit === undefined ? rows : rows.slice(0, limit);
}

/**
 * The rows `0 … size-1` that `include` accepts (all without it), ascending. A typed array: a
 * list of 100k numbers is a large object, on pages V8 maps afresh for each one (a page fault a
 * 4 KiB), where a typed array's store comes from the C heap, reused. The company average at 1M
 * persons (100k groups) took 3.6–3.8 ms with the list and 3.1–3.3 with this.
 */
function includedRows(size: number, include?: (row: number) => boolean): Int32Array {
  const rows = new Int32Array(size);
  let count = 0;
  for (let row = 0; row < size; row += 1) if (include?.(row) !== false) rows[count++] = row;
  return count === size ? rows : rows.subarray(0, count);
}

/**
 * Whether each column checked whole holds integers in ascending order (see {@link integersAscend}).
 * Columns are never changed once made, and those worth remembering are cached ones (a group
 * side's key column), which a read checks again on every call otherwise.
 */
const ASCENDING_COLUMNS = new WeakMap<ArrayLike<Cell>, boolean>();

/**
 * {@link integersAscend} of `values` at `rows` (ascending), answered at once when the whole column
 * is known to ascend: so does any of its rows taken in order.
 */
function integersAscendAt(rows: Int32Array, values: ArrayLike<Cell>): boolean {
  let whole = ASCENDING_COLUMNS.get(values);
  if (whole === undefined) {
    whole = integersAscend(values.length, (at) => at, values);
    ASCENDING_COLUMNS.set(values, whole);
  }
  return (
    whole ||
    (rows.length < values.length && integersAscend(rows.length, (at) => rows[at] ?? 0, values))
  );
}

/**
 * True when `values` at the `count` rows `row(0) … row(count-1)` (ascending) are integers
 * (bigints, or numbers other than -0) that never decrease: the order {@link sortRows} gives them
 * by one tie column, then by row.
 */
function integersAscend(
  count: number,
  row: (at: number) => number,
  values: ArrayLike<Cell>,
): boolean {
  let last: number | bigint | undefined;
  for (let at = 0; at < count; at += 1) {
    const value = values[row(at)] ?? null;
    if (!isPlainInteger(value) || (last !== undefined && value < last)) return false;
    last = value;
  }
  return true;
}

function isPlainInteger(value: Cell): value is number | bigint {
  return (
    typeof value === 'bigint' ||
    (typeof value === 'number' && Number.isInteger(value) && !Object.is(value, -0))
  );
}

/**
 * The row numbers in the order of their slots' id ranks, then by row number (a slot may fill
 * several rows), the first `limit`. Rows of distinct slots covering a good part of the table
 * are placed by rank in one pass; others get one native sort of `rank × size + row` (exact
 * below 2^53). Either way no comparator is called for every pair.
 */
export function rowsByRank(slots: readonly number[], ranks: Int32Array, limit?: number): number[] {
  const size = slots.length;
  const count = limit === undefined ? size : Math.min(limit, size);
  return (
    (size * 8 >= ranks.length ? placedByRank(slots, ranks, count) : undefined) ??
    sortedByRank(slots, ranks, count)
  );
}

/** {@link rowsByRank} by placing each row at its rank; undefined when two rows share a slot. */
function placedByRank(
  slots: readonly number[],
  ranks: Int32Array,
  count: number,
): number[] | undefined {
  const rowAt = new Int32Array(ranks.length).fill(-1);
  for (let row = 0; row < slots.length; row += 1) {
    const rank = ranks[slots[row] ?? 0] ?? 0;
    if (rowAt[rank] !== -1) return undefined;
    rowAt[rank] = row;
  }
  const rows = new Array<number>(count);
  for (let rank = 0, at = 0; at < count; rank += 1) {
    const row = rowAt[rank] ?? -1;
    if (row >= 0) rows[at++] = row;
  }
  return rows;
}

function sortedByRank(slots: readonly number[], ranks: Int32Array, count: number): number[] {
  const size = slots.length;
  const keyed = new Float64Array(size);
  for (let row = 0; row < size; row += 1) keyed[row] = (ranks[slots[row] ?? 0] ?? 0) * size + row;
  keyed.sort();
  const rows = new Array<number>(count);
  for (let at = 0; at < count; at += 1) rows[at] = (keyed[at] ?? 0) % size;
  return rows;
}

/**
 * The order of two rows by the first sort key when both hold numbers, or both bigints: -1 or 1
 * as `compare` orders them; 0 when they are equal or not both such (then `compare` decides).
 * Numbers that JavaScript orders, `compareCells` orders alike (see `compareFloats`).
 */
type QuickOrder = (a: number, b: number) => number;

function firstKeyOrder(keys: readonly SortKey[]): QuickOrder | undefined {
  const [first] = keys;
  if (first === undefined) return undefined;
  const { values } = first;
  const sign = first.direction === 'asc' ? 1 : -1;
  return (a, b) => {
    const x = values[a] ?? null;
    const y = values[b] ?? null;
    const comparable =
      (typeof x === 'number' && typeof y === 'number') ||
      (typeof x === 'bigint' && typeof y === 'bigint');
    if (!comparable) return 0;
    return x < y ? -sign : x > y ? sign : 0;
  };
}

/**
 * The first `limit` rows in `compare` order, through a bounded max-heap: O(n log limit) instead
 * of sorting all n rows when a query keeps only a few of many. A row is first checked against
 * the heap's worst by `quick` (plain numbers of the first key): the ten oldest of 1M persons
 * made 1M calls of `compare` through the cells' generic order, 360 ms.
 */
function topRows(
  size: number,
  compare: (a: number, b: number) => number,
  limit: number,
  include?: (row: number) => boolean,
  quick?: QuickOrder,
): Int32Array {
  const heap: number[] = [];
  const swap = (i: number, j: number): void => {
    const kept = heap[i] ?? 0;
    heap[i] = heap[j] ?? 0;
    heap[j] = kept;
  };
  const worse = (i: number, j: number): boolean => compare(heap[i] ?? 0, heap[j] ?? 0) > 0;
  const siftDown = (start: number): void => {
    let at = start;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let worst = at;
      if (left < heap.length && worse(left, worst)) worst = left;
      if (right < heap.length && worse(right, worst)) worst = right;
      if (worst === at) return;
      swap(at, worst);
      at = worst;
    }
  };
  for (let row = 0; row < size && limit > 0; row += 1) {
    if (include?.(row) === false) continue;
    if (heap.length < limit) {
      heap.push(row);
      for (let at = heap.length - 1; at > 0 && worse(at, (at - 1) >> 1); at = (at - 1) >> 1)
        swap(at, (at - 1) >> 1);
    } else {
      const order = quick?.(row, heap[0] ?? 0) ?? 0;
      if (order > 0 || (order === 0 && compare(row, heap[0] ?? 0) >= 0)) continue;
      heap[0] = row;
      siftDown(0);
    }
  }
  return Int32Array.from(heap.sort(compare));
}

function compareKey(key: SortKey, a: Cell, b: Cell): number {
  if (a === null || b === null) {
    if (a === b) return 0;
    if (key.ranking) return a === null ? 1 : -1;
    const order = a === null ? -1 : 1;
    return key.direction === 'asc' ? order : -order;
  }
  const order = compareCells(a, b);
  return key.direction === 'asc' ? order : -order;
}

function compareTie(a: Cell, b: Cell): number {
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return compareCells(a, b);
}
