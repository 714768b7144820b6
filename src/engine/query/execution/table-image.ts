import type { Cell } from '../../lance/index.js';
import type { CachedColumn } from './packed-column.js';

/**
 * Decoded columns of one table version, row by row in the order of an unfiltered scan, with the
 * row of every id. Immutable: it is shared by every query reading that version.
 */
export interface TableImage {
  /** Rows in the table version. */
  readonly length: number;
  /** The id of each row. */
  readonly ids: readonly string[];
  /** The row holding `id`, or undefined when the version has no such entity. */
  rowOf(id: string): number | undefined;
  /** The cells of a column, one per row; undefined when the image does not hold it. */
  column(name: string): CachedColumn | undefined;
  /**
   * The rank of each row's id in id order (code point order, as results break ties): ordering
   * rows by id becomes ordering small integers. Computed on first use and cached with the image.
   */
  idRanks(): Int32Array;
  /**
   * The rows in id order (the inverse of {@link idRanks}): `rowsInIdOrder()[rank]` is the row of
   * rank `rank`. Computed on first use and cached with the image, 4 bytes a row.
   */
  rowsInIdOrder(): Int32Array;
  /**
   * `0 … length - 1`: every row's slot, as a scan of the whole table binds them. Built on first
   * use and cached with the image: filling a million-row list costs more than the query using it.
   */
  allRows(): readonly number[];
  /**
   * The cells of column `name` derived from each row's id by `derive` (a keyed type's key, see
   * `derived-columns.ts`): computed on first use and cached with the image, so that a filter on
   * the key tests a million rows without parsing a million ids on every call. A key spelled as
   * the id is the ids themselves.
   */
  derivedColumn(name: string, derive: (id: string) => Cell): CachedColumn;
}
