import type { Cell } from '../../lance/index.js';
import type { GroupRow } from './aggregation.js';
import type { BlockColumn } from './block-column.js';

/**
 * The output rows of a plan held column by column: `columns[index][row]` is projection `index`
 * of `row`. A plan that computes whole columns hands them over as they are, so a million result
 * rows cost one wire object each and no intermediate row array: at that scale the garbage
 * collector, not the query, is what grows.
 */
export interface RowBlock {
  readonly size: number;
  readonly columns: readonly ArrayLike<Cell>[];
  /**
   * Selection vectors, per column: when `selections[index]` is set, row `row` of column `index`
   * is `columns[index][selections[index][row]]`. A column read at a few hundred thousand rows
   * of a cached column (an entity's property, a group's key) is then the cached column and the
   * rows the plan already holds: no copy. Copies of that size are arrays V8 allocates out of
   * fresh pages on every call, whose cost grows faster than their length (measured: copying 100k
   * cells cost 20 times copying 10k, and 7–9 times into an array reused).
   */
  readonly selections?: readonly (ArrayLike<number> | undefined)[];
}

/** The block of `size` rows of `columns`, one per projection. */
export function blockOf(size: number, columns: readonly BlockColumn[]): RowBlock {
  return {
    size,
    columns: columns.map((column) => column.cells),
    selections: columns.map((column) => column.rows),
  };
}

/** No rows, whatever the projections. */
export const EMPTY_BLOCK: RowBlock = { size: 0, columns: [] };

/** The block of `rows` built one by one, `width` projections each. */
export function blockOfRows(rows: readonly GroupRow[], width: number): RowBlock {
  return {
    size: rows.length,
    columns: Array.from({ length: width }, (_, index) => rows.map((row) => row[index] ?? null)),
  };
}
