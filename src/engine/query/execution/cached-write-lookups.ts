import type { Cell, Filter, Row, TableReader } from '../../lance/index.js';
import { uniqueValueKey, type CachedLookups } from '../../snapshot/index.js';
import type { ColumnCache } from './column-cache.js';
import type { TableImage } from './table-image.js';
import { LANCE_CALL_ROWS } from '../lance-call-rows.js';
import { imageRows } from './image-filter.js';

/** A table's columns derived from its ids: none, for the stored rows a write reads. */
const NO_DERIVED: ReadonlyMap<string, (id: string) => Cell> = new Map();

/**
 * The lookups of writes (see `CachedLookups`) answered from the column cache: ids from a
 * version's cached or carried-over ids, `@unique` holders and the rows a `where` matches from
 * its image, under the cache's rule for when an image pays.
 */
export class CachedWriteLookups implements CachedLookups {
  readonly #columns: ColumnCache;

  constructor(columns: ColumnCache) {
    this.#columns = columns;
  }

  heldIds(
    reader: TableReader,
    rowCount: number,
    ids: readonly string[],
  ): Promise<ReadonlySet<string> | undefined> {
    return this.#columns.heldIds(reader, rowCount, ids);
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
   * undefined, and the caller's scan is spent.
   */
  async matchingRows(
    reader: TableReader,
    rowCount: number,
    filter: Filter,
    columns: readonly string[],
    limit: number,
  ): Promise<Row[] | undefined> {
    const wanted = [...new Set(['id', ...columns])];
    const image = await this.#image(reader, wanted, rowCount);
    const passing =
      image === undefined ? undefined : imageRows(image, filter, { reader, derived: NO_DERIVED });
    if (image === undefined || passing === undefined) {
      this.#columns.spend(reader, LANCE_CALL_ROWS);
      return undefined;
    }
    const cells = wanted.map((column) => [column, image.column(column) ?? []] as const);
    return passing.slice(0, limit).map((row) => {
      const out: Record<string, Cell> = {};
      for (const [column, values] of cells) out[column] = values[row] ?? null;
      return out;
    });
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
