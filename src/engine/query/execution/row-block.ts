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
  return {
    size: rows.length,
    columns: Array.from({ length: width }, (_, index) => rows.map((row) => row[index] ?? null)),
  };
}
