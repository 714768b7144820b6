import type { Cell } from '../../lance/index.js';
import type { GroupRow } from './aggregation.js';

/**
 * The output rows of a plan held column by column: `columns[index][row]` is projection `index`
 * of `row`. A plan that computes whole columns hands them over as they are, so a million result
 * rows cost one wire object each and no intermediate row array: at that scale the garbage
 * collector, not the query, is what grows.
 */
export interface RowBlock {
  readonly size: number;
  readonly columns: readonly ArrayLike<Cell>[];
}

/** No rows, whatever the projections. */
export const EMPTY_BLOCK: RowBlock = { size: 0, columns: [] };

/** The block of `rows` built one by one, `width` projections each. */
export function blockOfRows(rows: readonly GroupRow[], width: number): RowBlock {
  return blockOfNumbers(
    rows.map((_, row) => row),
    width,
    (index, row) => rows[row]?.[index] ?? null,
  );
}

/** The block of the rows numbered `kept`, in that order, each value read by `value`. */
export function blockOfNumbers(
  kept: readonly number[],
  width: number,
  value: (index: number, number: number) => Cell,
): RowBlock {
  const columns: Cell[][] = [];
  for (let index = 0; index < width; index += 1) {
    const column = new Array<Cell>(kept.length);
    for (let row = 0; row < kept.length; row += 1) column[row] = value(index, kept[row] ?? 0);
    columns.push(column);
  }
  return { size: kept.length, columns };
}
