import {
  filterColumns,
  type Cell,
  type Filter,
  type IndexInfo,
  type Row,
  type TableReader,
} from '../../lance/index.js';
import { uniqueValueKey, type CachedLookups, type IdDerivedColumns } from '../../snapshot/index.js';
import type { ColumnCache } from './column-cache.js';
import type { TableImage } from './table-image.js';
import { LANCE_CALL_ROWS } from '../lance-call-rows.js';
import { imageRows, pinnedIds } from './image-filter.js';
import { unindexedScanRows } from '../unindexed-scan-rows.js';

/** A table's columns derived from its ids: none, for the stored rows a write reads. */
const NO_DERIVED: IdDerivedColumns = new Map();

/**
 * The lookups of writes (see `CachedLookups`) answered from the column cache: ids from a
 * version's cached or carried-over ids, `@unique` holders and the rows a `where` matches from
 * its image, under the cache's rule for when an image pays.
 */
export class CachedWriteLookups implements CachedLookups {
  readonly #columns: ColumnCache;
  readonly #indexes: (reader: TableReader) => Promise<readonly IndexInfo[]>;

  /** `indexes`: the indexes of a table version (listed once per version). */
  constructor(
    columns: ColumnCache,
    indexes: (reader: TableReader) => Promise<readonly IndexInfo[]>,
  ) {
    this.#columns = columns;
    this.#indexes = indexes;
  }

  async heldIds(
    reader: TableReader,
    rowCount: number,
    ids: readonly string[],
  ): Promise<ReadonlySet<string> | undefined> {
    const held = await this.#columns.heldIds(reader, rowCount, ids);
    if (held === undefined) this.#spendUnindexed(reader, rowCount, ['id']);
    return held;
  }

  /**
   * For a unique constraint over `columns`, the ids of the version's rows holding each of
   * `tuples`, from its image of those columns; else undefined, and the caller's lookup is spent.
   * Rows are matched on the first column's cells, then on the whole tuple's key.
   */
  async uniqueHolders(
    reader: TableReader,
    rowCount: number,
    columns: readonly string[],
    tuples: readonly (readonly unknown[])[],
  ): Promise<ReadonlyMap<string, readonly string[]> | undefined> {
    const candidates = firstCells(tuples);
    if (candidates === undefined || columns.length === 0) return undefined;
    const image = await this.#image(reader, columns, rowCount);
    if (image === undefined) {
      this.#columns.spend(reader, LANCE_CALL_ROWS + tuples.length);
      this.#spendUnindexed(reader, rowCount, columns);
      return undefined;
    }
    const wanted = new Set(tuples.map((tuple) => uniqueValueKey(tuple)));
    const cells = columns.map((column) => image.column(column) ?? []);
    const first = cells[0] ?? [];
    const holders = new Map<string, string[]>();
    for (let row = 0; row < image.length; row += 1) {
      if (!candidates.has(first[row] ?? null)) continue;
      const key = uniqueValueKey(cells.map((column) => column[row] ?? null));
      if (!wanted.has(key)) continue;
      const list = holders.get(key) ?? [];
      list.push(image.ids[row] ?? '');
      holders.set(key, list);
    }
    return holders;
  }

  /**
   * The version's rows passing `filter` with `columns` (and `id`), at most `limit`, from its
   * image of those columns when the filter can be evaluated in memory (`imageRows`); else
   * undefined, and the caller's scan is spent. A filter pinning the id (or a column `derived`
   * from it) on a version a write carried over, whose own image is not made, is answered from
   * the rows of those ids alone (see `ColumnCache.carriedImage`).
   */
  async matchingRows(
    reader: TableReader,
    rowCount: number,
    filter: Filter,
    columns: readonly string[],
    limit: number,
    derived: IdDerivedColumns = NO_DERIVED,
  ): Promise<Row[] | undefined> {
    const wanted = [...new Set(['id', ...columns])];
    const carried = this.#carriedRows(reader, filter, wanted, derived);
    if (carried !== undefined) return carried.slice(0, limit);
    const image = await this.#image(reader, wanted, rowCount);
    const passing = image && imageRows(image, filter, { reader, derived: NO_DERIVED });
    const rows = image && passing && rowsOf(image, passing.slice(0, limit), wanted, NO_DERIVED);
    if (rows === undefined) {
      this.#columns.spend(reader, LANCE_CALL_ROWS);
      this.#spendUnindexed(reader, rowCount, filterColumns(filter));
    }
    return rows;
  }

  /**
   * Counts the Lance call a caller makes after a miss as the scan it is when no scalar index
   * answers every column its filter reads (see `unindexedScanRows`), so a run of such lookups
   * pays for the image after some sixteen instead of hundreds. The listing runs beside the
   * caller's call, not before it; one that fails counts nothing.
   */
  #spendUnindexed(reader: TableReader, rowCount: number, columns: readonly string[]): void {
    void this.#indexes(reader).then(
      (indexes) => {
        this.#columns.spend(reader, unindexedScanRows(indexes, columns, rowCount));
      },
      () => undefined,
    );
  }

  /**
   * The rows passing `filter` among those of the ids it pins, from the version's carried image of
   * them (its rows neither read nor copied), with `wanted` columns: each from the image, or
   * parsed from the id when `derived` from it. Undefined when the filter pins no id, the version
   * is not carried over, or the image lacks a wanted column.
   */
  #carriedRows(
    reader: TableReader,
    filter: Filter,
    wanted: readonly string[],
    derived: IdDerivedColumns,
  ): Row[] | undefined {
    const ids = pinnedIds(filter, derived);
    const image = ids && this.#columns.carriedImage(reader, ids);
    if (image === undefined) return undefined;
    const passing = imageRows(image, filter, { reader, derived });
    return passing && rowsOf(image, passing, wanted, derived);
  }

  /**
   * The image of `columns` of a version, when it is cached, or the version is carried over
   * (extending costs a copy), or the Lance lookups spent on it have cost as much as reading it.
   */
  async #image(
    reader: TableReader,
    columns: readonly string[],
    rowCount: number,
  ): Promise<TableImage | undefined> {
    const cache = this.#columns;
    const worth = cache.carried(reader) || cache.pays(reader, columns, rowCount);
    return worth ? cache.image(reader, columns, rowCount) : undefined;
  }
}

/**
 * The rows `rows` of `image` with the `wanted` columns (see {@link cellReader}); undefined when
 * the image cannot give one of them.
 */
function rowsOf(
  image: TableImage,
  rows: readonly number[],
  wanted: readonly string[],
  derived: IdDerivedColumns,
): Row[] | undefined {
  const readers = wanted.map((column) => cellReader(image, column, derived));
  if (readers.some((read) => read === undefined)) return undefined;
  return rows.map((row) => {
    const out: Record<string, Cell> = {};
    wanted.forEach((column, index) => {
      out[column] = readers[index]?.(row) ?? null;
    });
    return out;
  });
}

/**
 * How to read `column` of `image` at a row: its cells, the id, or the value parsed from the id
 * for a column derived from it; undefined when the image holds none of these.
 */
function cellReader(
  image: TableImage,
  column: string,
  derived: IdDerivedColumns,
): ((row: number) => Cell) | undefined {
  if (column === 'id') return (row) => image.ids[row] ?? null;
  const cells = image.column(column);
  if (cells !== undefined) return (row) => cells[row] ?? null;
  const derive = derived.get(column);
  if (derive === undefined) return undefined;
  return (row) => {
    const id = image.ids[row];
    return id === undefined ? null : derive(id);
  };
}

/**
 * The first cells of `tuples`, to pick the image rows whose whole tuple to compare. Undefined
 * when one is not a string, boolean, bigint or whole number (a float may be held rounded), so
 * the lookup goes to Lance.
 */
function firstCells(tuples: readonly (readonly unknown[])[]): Set<unknown> | undefined {
  const cells = new Set<unknown>();
  for (const [cell] of tuples) {
    const comparable =
      typeof cell === 'string' ||
      typeof cell === 'boolean' ||
      typeof cell === 'bigint' ||
      (typeof cell === 'number' && Number.isSafeInteger(cell));
    if (!comparable) return undefined;
    cells.add(cell);
  }
  return cells;
}
