import { OmniError } from '../../../util/omni-error.js';
import { CacheBudget } from '../../../util/cache-budget.js';
import { anchorShape, refusedByAnchor } from '../../../util/shape-anchor.js';
import {
  filterColumns,
  type ColumnarRows,
  type Filter,
  type Cell,
  type IndexInfo,
  type TableReader,
} from '../../lance/index.js';
import { ColumnCache } from './column-cache.js';
import type { TableImage } from './table-image.js';
import { LANCE_CALL_ROWS } from '../lance-call-rows.js';
import { unindexedScanRows } from '../unindexed-scan-rows.js';
import { imageRows, pinnedIds, pinsKey } from './image-filter.js';
import { slotsById } from './slots-by-id.js';
import { lookupRows } from './row-lookup.js';
import type { BlockColumn } from './block-column.js';

/** Rows from which ordering by id ranks pays for ranking the table version once. */
const RANKED_ORDER_ROWS = 4096;

/** Where a pool reads its table. */
export interface PoolSource {
  /** The table key (`node:Person`, `edge:Knows`). */
  readonly key: string;
  readonly kind: 'node' | 'edge';
  /** The type name (`Person`). */
  readonly typeName: string;
  /** Rows in the pinned table (from the manifest). */
  readonly rowCount: number;
  readonly reader: () => Promise<TableReader>;
  /**
   * Columns whose value follows from the id without reading the table: the single `@key`
   * property of a keyed node type, whose canonical spelling is the id.
   */
  readonly derived: ReadonlyMap<string, (id: string) => Cell>;
  /** Columns the schema gives a scalar index (see `scalarIndexedColumns`). */
  readonly indexed: ReadonlySet<string>;
  /** The indexes a table version has (listed once per version): those built so far. */
  readonly indexes: (reader: TableReader) => Promise<readonly IndexInfo[]>;
  /** Decoded columns of table versions shared across queries. */
  readonly cache: ColumnCache;
}

/**
 * The entities of one node or edge type that a query has met, numbered densely by first sight
 * ("slots"), with the values of the columns the query reads, stored column by column. Relations
 * hold slots, so joins and grouping work on small integers rather than id strings. One pool per
 * type per query.
 *
 * When the table version's columns are cached (a full scan caches them; lookups and filtered
 * scans do once they have cost as much as reading the columns), a pool that has met no entity
 * yet adopts the cached image: slot `r` is row `r`, every row is loaded, and no id is hashed.
 * Ids met later that the version lacks get slots after its rows.
 */
export class EntityPool {
  readonly source: PoolSource;
  /** Columns read from the table for every loaded entity: `id` (and `src`, `dst`) first. */
  readonly columns: readonly string[];
  readonly #ids: string[] = [];
  readonly #slotOf = new Map<string, number>();
  readonly #loaded: boolean[] = [];
  readonly #values = new Map<string, Cell[]>();
  /** Derived values already parsed from ids, per column and slot. */
  readonly #derived = new Map<string, Cell[]>();
  /** True when every column the query reads follows from the id: nothing to load. */
  readonly #idOnly: boolean;
  /** The adopted image: slots below its length are its rows; later slots are in `#ids`. */
  #image: TableImage | undefined;
  /** The first slot kept in `#ids` (the image's length, 0 without an image). */
  #base = 0;

  constructor(source: PoolSource, columns: readonly string[]) {
    this.source = source;
    this.columns = columns.filter((column) => !source.derived.has(column));
    for (const column of this.columns) if (column !== 'id') this.#values.set(column, []);
    this.#idOnly = this.#values.size === 0;
  }

  get key(): string {
    return this.source.key;
  }

  /** The slot of an id, registering it when new. */
  slot(id: string): number {
    let slot = this.#image?.rowOf(id) ?? this.#slotOf.get(id);
    if (slot === undefined) {
      slot = this.#base + this.#ids.length;
      this.#ids.push(id);
      this.#slotOf.set(id, slot);
    }
    return slot;
  }

  /** The slot of an id already met, or undefined. */
  knownSlot(id: string): number | undefined {
    return this.#image?.rowOf(id) ?? this.#slotOf.get(id);
  }

  /** The id in a slot. */
  id(slot: number): string {
    const id = slot < this.#base ? this.#image?.ids[slot] : this.#ids[slot - this.#base];
    if (id === undefined) throw new RangeError(`no entity in slot ${slot} of ${this.key}`);
    return id;
  }

  /**
   * The cached image's own id list when `slots` are exactly its rows in order (per-version
   * caches keyed by that list, such as topology node numbers, then apply); else undefined.
   */
  imageIds(slots: readonly number[]): readonly string[] | undefined {
    const image = this.#image;
    return image !== undefined &&
      slots.length === image.length &&
      (slots === image.allRows() || isIdentity(slots))
      ? image.ids
      : undefined;
  }

  /**
   * The id rank of each row of the adopted image (see {@link TableImage.idRanks}) when every one
   * of `slots` is such a row and ordering them is worth ranking the whole version once: a sort of
   * thousands of rows that are at least an eighth of the table. Undefined otherwise (compare ids).
   */
  idRanks(slots: readonly number[]): Int32Array | undefined {
    const image = this.#image;
    if (image === undefined || !this.#ranked(slots.length, image.length)) return undefined;
    // Indexed: a for-of that may return early allocates a result per step in unoptimized code.
    for (let at = 0; at < slots.length; at += 1)
      if ((slots[at] ?? 0) >= this.#base) return undefined;
    return image.idRanks();
  }

  /** True when ordering `count` of `length` rows is worth ranking the version once. */
  #ranked(count: number, length: number): boolean {
    return count >= RANKED_ORDER_ROWS && count * 8 >= length;
  }

  /** True when the columns of a slot can be read (see {@link load}). */
  isLoaded(slot: number): boolean {
    return this.#idOnly || slot < this.#base || this.#loaded[slot] === true;
  }

  /** The value of `column` for a slot; the row must be loaded unless the column is derived. */
  value(slot: number, column: string): Cell {
    if (column === 'id') return this.id(slot);
    const derive = this.source.derived.get(column);
    if (derive !== undefined) {
      let cache = this.#derived.get(column);
      if (cache === undefined) this.#derived.set(column, (cache = []));
      let value = cache[slot];
      if (value === undefined) cache[slot] = value = derive(this.id(slot));
      return value;
    }
    if (slot < this.#base) return this.#image?.column(column)?.[slot] ?? null;
    if (!this.isLoaded(slot)) {
      throw new OmniError(
        'internal',
        `${this.key} entity '${this.id(slot)}' read before it was loaded`,
      );
    }
    return this.#values.get(column)?.[slot] ?? null;
  }

  /**
   * The values of `column` for `slots`, in order (see {@link value}): read straight from the
   * adopted image's column for its rows, with no per-row lookup of the column.
   */
  values(slots: readonly number[], column: string): Cell[] {
    const image = this.#imageCells(slots.length, column);
    const values = new Array<Cell>(slots.length);
    for (let at = 0; at < slots.length; at += 1) {
      const slot = slots[at] ?? -1;
      values[at] =
        image !== undefined && slot < this.#base ? (image[slot] ?? null) : this.value(slot, column);
    }
    return values;
  }

  /**
   * {@link values} of `slots`, uncopied when they are the adopted image's rows in order: the
   * cached column itself (ordering a million rows by a column copied it, 10 ms a call).
   */
  cells(slots: readonly number[], column: string): ArrayLike<Cell> {
    const whole =
      this.imageIds(slots) === undefined ? undefined : this.#imageCells(slots.length, column);
    return whole ?? this.values(slots, column);
  }

  /**
   * The cells of `column` for `slots` as a column and a selection vector (`slots` itself): the
   * adopted image's column (or ids), uncopied, when every slot is one of its rows (see
   * {@link #imageCells}); else undefined, and the values are read one by one.
   */
  selected(slots: readonly number[], column: string): BlockColumn | undefined {
    const image = this.#image;
    if (image === undefined) return undefined;
    const cells = this.#imageCells(slots.length, column);
    if (cells === undefined || !this.#imageRows(slots)) return undefined;
    return { cells, rows: slots };
  }

  /**
   * The cells of `column` in the adopted image, when reading `count` of its rows: its ids, or
   * its cached column; a column derived from the ids (a keyed type's key) once the rows are an
   * eighth of the image or more, derived for every row once and kept with it (a million ids
   * parsed on every call otherwise); else undefined.
   */
  #imageCells(count: number, column: string): ArrayLike<Cell> | undefined {
    const image = this.#image;
    if (image === undefined) return undefined;
    if (column === 'id') return image.ids;
    const derive = this.source.derived.get(column);
    if (derive === undefined) return image.column(column);
    return count * 8 >= image.length ? image.derivedColumn(column, derive) : undefined;
  }

  /**
   * Every row of the table that passes `filter` (all rows when absent), loaded; their slots, in
   * id order with `inIdOrder` (else as the table holds them). A filtered Lance scan reads the
   * filter's columns of every row (unless it pins the key): an image carried over from the
   * version before (`ColumnCache.carry`) costs less. A filter evaluated on the image in id order
   * walks the rows by their id ranks when thousands pass, so no sort follows.
   */
  async scan(filter: Filter | undefined, inIdOrder = false): Promise<readonly number[]> {
    const { cache, derived } = this.source;
    const reader = await this.source.reader();
    const image = await this.#adoptImage(
      reader,
      filter === undefined || (!pinsKey(filter, derived) && cache.carried(reader)),
    );
    const ordered = (slots: readonly number[]): readonly number[] =>
      inIdOrder ? slotsById(slots, this) : slots;
    if (image === undefined) {
      const ids = filter && pinnedIds(filter, derived);
      const carried = ids && this.#carriedRows(reader, ids, filter);
      if (carried !== undefined) return ordered(carried);
      const read = filter && filterColumns(filter);
      const keyed = read !== undefined && this.#schemaIndexes(read);
      const [rows, indexes] = await Promise.all([
        reader.scanColumns({ filter, columns: this.columns }),
        keyed ? this.#builtIndexes(reader) : undefined,
      ]);
      if (read !== undefined)
        this.source.cache.spend(
          reader,
          LANCE_CALL_ROWS + this.#rowsRead(read, rows.length, indexes),
        );
      return ordered(this.adopt(rows));
    }
    if (filter === undefined) return ordered(image.allRows());
    const rows = imageRows(
      image,
      filter,
      { reader, derived: this.source.derived },
      inIdOrder
        ? (count) => (this.#ranked(count, image.length) ? image.rowsInIdOrder() : undefined)
        : undefined,
    );
    if (rows !== undefined) return rows;
    const { columns } = await reader.scanColumns({ filter, columns: ['id'] });
    return ordered(((columns.id ?? []) as readonly string[]).map((id) => this.slot(id)));
  }

  /**
   * The rows a Lance scan filtered on `columns` that passed `passed` read. A filter on columns
   * the schema does not all index reads them for every row, and counts as much as reading the
   * version (at 1M
   * persons, the names of those over 60 took a second a call from Lance, three calls before they
   * counted as a read of the table). One on columns it indexes (ids, keys, endpoints) reads the
   * rows it passes, plus, while the version's `indexes` lack one of them, a share of every row
   * (see `unindexedScanRows`; none counted when the listing failed).
   */
  #rowsRead(
    columns: readonly string[],
    passed: number,
    indexes: readonly IndexInfo[] | undefined,
  ): number {
    const { rowCount } = this.source;
    if (!this.#schemaIndexes(columns)) return Math.max(passed, rowCount);
    return passed + (indexes === undefined ? 0 : unindexedScanRows(indexes, columns, rowCount));
  }

  /** True when the schema gives each of `columns` a scalar index. */
  #schemaIndexes(columns: readonly string[]): boolean {
    return columns.every((column) => this.source.indexed.has(column));
  }

  /** The indexes built on the version, or undefined when they could not be listed. */
  #builtIndexes(reader: TableReader): Promise<readonly IndexInfo[] | undefined> {
    return this.source.indexes(reader).catch(() => undefined);
  }

  /**
   * The cached image of the table version when this pool uses it: adopted when the pool has met
   * no entity yet and the image is cached, or `fullRead` (the caller reads every row anyway), or
   * Lance reads of this version have cost as much as reading it (or as extending the image of
   * the version it appended to: `ColumnCache.pays`). Undefined otherwise.
   */
  async #adoptImage(reader: TableReader, fullRead: boolean): Promise<TableImage | undefined> {
    if (this.#image !== undefined || this.#ids.length > 0) return this.#image;
    const image = await this.#cachedImage(reader, fullRead);
    // Slots may have been handed out while the image was read: then keep numbering as before.
    if (image === undefined || this.#ids.length > 0) return undefined;
    this.#image = image;
    this.#base = image.length;
    return image;
  }

  /** The cached image of {@link columns} of this version, if the cache policy allows it. */
  async #cachedImage(reader: TableReader, fullRead: boolean): Promise<TableImage | undefined> {
    const { cache, rowCount } = this.source;
    const worth = fullRead || cache.pays(reader, this.columns, rowCount);
    return worth ? cache.image(reader, this.columns, rowCount) : undefined;
  }

  /** Registers and loads rows read elsewhere (they hold at least {@link columns}); their slots. */
  adopt(rows: ColumnarRows): number[] {
    const ids = (rows.columns.id ?? []) as readonly string[];
    const slots: number[] = [];
    for (let index = 0; index < rows.length; index += 1) {
      slots.push(this.#store(this.slot(ids[index] ?? ''), rows, index));
    }
    return slots;
  }

  /** Loads the rows of `slots` that are not loaded yet. */
  async load(slots: readonly number[]): Promise<void> {
    if (this.#idOnly) return;
    const missing = this.#unloaded(slots);
    if (missing.length === 0) return;
    await this.#lookup([...new Set(missing)], undefined);
  }

  /**
   * True when every one of `slots` is a row of the adopted image. A pool that has handed out no
   * slot past the image's rows holds no other slot: nothing to test (410k slots tested twice, to
   * load them and to read their columns, took 1.3 ms at 1M persons).
   */
  #imageRows(slots: readonly number[]): boolean {
    if (this.#ids.length === 0) return true;
    // Indexed: a for-of that may return early allocates a result per step in unoptimized code.
    for (let at = 0; at < slots.length; at += 1) {
      const slot = slots[at] ?? -1;
      if (slot < 0 || slot >= this.#base) return false;
    }
    return true;
  }

  /**
   * The slots of `slots` not loaded, in order. One loop with the image's rows tested inline: a
   * projection of 410k rows of an adopted image asked a closure and a method call per row
   * (2–3 ms at 1M persons) to find none.
   */
  #unloaded(slots: readonly number[]): number[] {
    if (this.#image !== undefined && this.#imageRows(slots)) return [];
    const base = this.#base;
    const missing: number[] = [];
    for (let at = 0; at < slots.length; at += 1) {
      const slot = slots[at] ?? 0;
      if (slot >= base && this.#loaded[slot] !== true) missing.push(slot);
    }
    return missing;
  }

  /**
   * The subset of `slots` whose rows pass `filter`, evaluated by Lance (the filter is pushed into
   * the lookup), in the order given. Rows read on the way are loaded.
   */
  async filter(slots: readonly number[], filter: Filter): Promise<number[]> {
    if (slots.length === 0) return [];
    const passing = new Set(await this.#lookup([...new Set(slots)], filter));
    return slots.filter((slot) => passing.has(slot));
  }

  /** Looks `slots` up by id (or scans the table when that is cheaper); returns the slots found. */
  async #lookup(slots: readonly number[], filter: Filter | undefined): Promise<number[]> {
    const reader = await this.source.reader();
    const image = await this.#cachedImage(reader, false);
    if (image !== undefined) {
      const found = this.#lookupImage(image, reader, slots, filter);
      if (found !== undefined) return found;
    }
    const asked = slots.map((slot) => this.id(slot));
    const carried = this.#carriedRows(reader, asked, filter);
    if (carried !== undefined) return carried;
    const wanted = new Set(slots);
    const { cache, rowCount } = this.source;
    cache.spend(reader, LANCE_CALL_ROWS + slots.length);
    const [rows, indexes] = await Promise.all([
      lookupRows(reader, asked, {
        columns: this.columns,
        rowCount,
        ...(filter === undefined ? {} : { filter }),
      }),
      this.#builtIndexes(reader),
    ]);
    if (indexes !== undefined) cache.spend(reader, unindexedScanRows(indexes, ['id'], rowCount));
    const ids = (rows.columns.id ?? []) as readonly string[];
    const found: number[] = [];
    for (let index = 0; index < rows.length; index += 1) {
      const slot = this.knownSlot(ids[index] ?? '');
      if (slot !== undefined && wanted.has(slot)) found.push(this.#store(slot, rows, index));
    }
    return found;
  }

  /**
   * {@link #lookup} answered from the image: the slots whose rows exist (and pass `filter`),
   * loaded. Undefined when the filter needs Lance.
   */
  #lookupImage(
    image: TableImage,
    reader: TableReader,
    slots: readonly number[],
    filter: Filter | undefined,
  ): number[] | undefined {
    const rowOf = new Map<number, number>();
    for (const slot of slots) {
      const row = slot < this.#base ? slot : image.rowOf(this.id(slot));
      if (row !== undefined) rowOf.set(slot, row);
    }
    let passing: ReadonlySet<number> | undefined;
    if (filter !== undefined) {
      const rows = imageRows(image, filter, { reader, derived: this.source.derived });
      if (rows === undefined) return undefined;
      passing = new Set(rows);
    }
    const found: number[] = [];
    for (const [slot, row] of rowOf) {
      if (passing !== undefined && !passing.has(row)) continue;
      if (slot >= this.#base && this.#loaded[slot] !== true) {
        for (const [column, values] of this.#values)
          values[slot] = image.column(column)?.[row] ?? null;
        this.#loaded[slot] = true;
      }
      found.push(slot);
    }
    return found;
  }

  /**
   * The slots of the rows of `ids` that pass `filter` (all of them without one), loaded from the
   * rows a version carried over from a cached one holds (see `ColumnCache.carriedImage`), in the
   * order a scan finds them. Undefined when Lance must read them: the version is no such one, or
   * the filter or a column read needs what those rows do not hold.
   */
  #carriedRows(
    reader: TableReader,
    ids: readonly string[],
    filter: Filter | undefined,
  ): number[] | undefined {
    const image = this.source.cache.carriedImage(reader, ids);
    if (image === undefined) return undefined;
    const rows =
      filter === undefined
        ? image.allRows()
        : imageRows(image, filter, { reader, derived: this.source.derived });
    if (rows === undefined) return undefined;
    const columns: Record<string, Cell[]> = {};
    for (const name of this.columns) {
      const cells = name === 'id' ? image.ids : image.column(name);
      if (cells === undefined) return undefined;
      columns[name] = rows.map((row) => cells[row] ?? null);
    }
    return this.adopt({ length: rows.length, columns });
  }

  #store(slot: number, rows: ColumnarRows, index: number): number {
    if (slot < this.#base || this.#loaded[slot] === true) return slot;
    for (const [column, values] of this.#values)
      values[slot] = rows.columns[column]?.[index] ?? null;
    this.#loaded[slot] = true;
    return slot;
  }
}

/** Entity pools live for one query: their layout is kept across collections. */
anchorShape(
  new EntityPool(
    {
      key: 'node:',
      kind: 'node',
      typeName: '',
      rowCount: 0,
      reader: refusedByAnchor,
      derived: new Map(),
      indexed: new Set(),
      indexes: refusedByAnchor,
      cache: new ColumnCache(new CacheBudget(0)),
    },
    ['id'],
  ),
);

/** True when `slots` is 0, 1, 2, … in order. */
function isIdentity(slots: readonly number[]): boolean {
  for (let index = 0; index < slots.length; index += 1) if (slots[index] !== index) return false;
  return true;
}
