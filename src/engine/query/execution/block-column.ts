import type { Cell } from '../../lance/index.js';

/**
 * A column of a block of output rows (see `RowBlock`): row `row` is `cells[row]`, or
 * `cells[rows[row]]` with a selection vector, when a cached column is read in place.
 */
export interface BlockColumn {
  readonly cells: ArrayLike<Cell>;
  readonly rows?: ArrayLike<number>;
}
