import { everyRow } from './slot-set.js';
import { OmniError } from '../../../util/omni-error.js';
import { MAP_ENTRY_BYTES, type BudgetEntry, type CacheBudget } from '../../../util/cache-budget.js';
import {
  extendedIndex,
  sharedIndex,
  shrunkIndex,
  type PositionIndex,
} from '../../../util/extended-index.js';
import { joinedLists } from '../../../util/joined-lists.js';
import { SharedValues } from '../../../util/shared-values.js';
import { recordExtension, recordRemoval } from '../../../util/list-lineage.js';
import { recordPositionIndex } from '../../../util/list-positions.js';
import { keyPositions } from '../../../util/key-positions.js';
import { RemovedPositions } from '../../../util/removed-positions.js';
import {
  SCALAR_KINDS,
  type Cell,
  type Row,
  type TableReader,
  type WrittenRow,
  sharedStringBytes,
  stringBytes,
} from '../../lance/index.js';
import { CarriedVersions } from '../carried-versions.js';
import { LANCE_CALL_ROWS } from '../lance-call-rows.js';
import { carriedCells } from './carried-cells.js';
import { packedColumn, type CachedColumn } from './packed-column.js';
import { idItself } from './derived-columns.js';
import { idRanksOf, inverseOf, ranksAfterAppend } from './id-ranks.js';
import { smallImage } from './small-image.js';
import type { TableImage } from './table-image.js';

/** Column types small enough per row to keep decoded (scalars but blobs; no vectors or lists). */
const CACHEABLE_KINDS: ReadonlySet<string> = new Set(
  SCALAR_KINDS.filter((kind) => kind !== 'large_binary'),
);

/** What a cached part holds: a column, the id → row index, or the id ranks. */
type PartValue = CachedColumn | PositionIndex | Int32Array;

/** One cached column (or the id → row index) of one table version. */
interface CachedPart extends BudgetEntry {
  readonly reader: TableReader;
  readonly name: string;
  readonly value: PartValue;
  /** Estimated bytes of the value. */
  readonly size: number;
  /** What the value may share with other versions' parts (itself, or an index's base map). */
  readonly shared: object;
  /** Bytes of the value not in {@link shared}: what the part counts when another counts that. */
  readonly own: number;
}

/** Name of the id → row index among a version's parts (not a valid column name). */
const ROW_INDEX = '\u0000rows';
/** Name of the id ranks among a version's parts. */
const ID_RANKS = '\u0000ranks';
/** Name of the list of every row among a version's parts. */
const ALL_ROWS = '\u0000all';
/** Name of the rows in id order among a version's parts. */
const ID_ORDER = '\u0000order';
/** Prefix of the names of columns derived from the ids among a version's parts. */
const DERIVED_COLUMN = '\u0000derived:';

/** True for a part made from a version's ids alone, which a version with the same ids shares. */
function isDerivedFromIds(name: string): boolean {
  return (
    name === ID_RANKS || name === ALL_ROWS || name === ID_ORDER || name.startsWith(DERIVED_COLUMN)
  );
}

/**
 * How many writes back a carried-over version's column is made from (see `ColumnCache.carry`):
 * each step is one write's rows, kept until the column is asked for.
 */
const MAX_CARRY_DEPTH = 16;

/**
 * How much cheaper extending a carried-over image is than reading the version: copying its
 * columns against a Lance scan of them.
 */
const CARRIED_IMAGE_DISCOUNT = 8;

/**
 * Decoded columns of table versions, kept under the read caches' shared byte budget (least
 * recently used evicted first). A pinned reader is the identity of one immutable table version
 * (the table layer hands out one reader per pin and forgets readers of re-created branches), so
 * entries never go stale. Columns are read by unfiltered scans, whose row order is fixed for a
 * version; a column read later is checked to line up with the cached ids, or placed by id in a
 * version carried over from rewritten rows (see {@link ColumnCache.carry}).
 */
export class ColumnCache {
  readonly #budget: CacheBudget;
  readonly #parts = new Map<TableReader, Map<string, CachedPart>>();
  /** The load in progress per version: loads of one version run one after another. */
  readonly #loading = new Map<TableReader, Promise<unknown>>();
  /** Rows' worth of Lance reads spent on a version without the cache (see {@link spend}). */
  readonly #spent = new WeakMap<TableReader, number>();
  /** Versions whose parts are another's with the rows they wrote (see {@link carry}). */
  readonly #carried = new CarriedVersions<WrittenRow>(
    (reader) => this.#parts.get(reader)?.has(ROW_INDEX) === true || this.#removals.has(reader),
  );
  /** Versions made of a cached one by removing rows (see {@link carryRemoval}), until read. */
  readonly #removals = new WeakMap<TableReader, RemovalCarry>();
  /** Versions made by removing rows whose columns are made from their base's when asked. */
  readonly #shrunk = new WeakMap<TableReader, ShrunkCarry>();
  /** Carried-over versions whose columns are made from their base's when asked (see #extend). */
  readonly #pending = new WeakMap<TableReader, PendingCarry>();
  /**
   * Values parts of several versions share (a version that added no id keeps its base's ids,
   * index and ranks; one that did extends its base's index map): each is counted in one part.
   */
  readonly #shared = new SharedValues<CachedPart>();

  constructor(budget: CacheBudget) {
    this.#budget = budget;
  }

  /** True when `columns` of this version can be cached: scalar columns of the table. */
  canCache(reader: TableReader, columns: readonly string[]): boolean {
    if (this.#budget.limit === 0) return false;
    const kinds = new Map(reader.columns.map((column) => [column.name, column.type.kind]));
    return columns.every((column) => CACHEABLE_KINDS.has(kinds.get(column) ?? ''));
  }

  /**
   * Lets the version `next`, which a write made of `base` by appending and merge-inserting
   * `rows` (removing none), have base's cached parts carried over, when base has some. Its ids
   * answer {@link heldIds} at once, from base's and the rows'. Its image is made when a read asks
   * for it (see {@link pays}), so writes do not pay for it (see `CarriedVersions`): base's ids
   * and their index, then each column a read asks for that base holds and whose cells the rows
   * hold as a scan decodes them (`carriedCells`), each written row in place of the row of its id
   * and the new ones after; other columns are read.
   */
  carry(base: TableReader, next: TableReader, rows: readonly WrittenRow[]): void {
    // Reads spent since the last image count towards next's: a table written between reads gets
    // its image as one read of it would.
    if (this.#carried.record(base, next, rows)) this.#spent.set(next, this.#spentOn(base));
  }

  /**
   * Lets the version `next`, which a write made of `base` by removing the rows of `ids` (and
   * writing none), have base's cached parts carried over, when base holds its ids. They are made
   * when a read asks for the image (see {@link pays}), without the removed rows: the ids at once,
   * their index being base's beneath the removal (see `shrunkIndex`) and their ranks base's
   * lowered past the removed ids'; each column base holds when a read asks for it.
   */
  carryRemoval(base: TableReader, next: TableReader, ids: readonly string[]): void {
    if (this.#parts.has(next)) return;
    // A removal from a version not read since its own removal removes both from that one's base.
    const earlier = this.#parts.has(base) ? undefined : this.#removals.get(base);
    const from = earlier === undefined ? base : earlier.from.deref();
    const parts = from && this.#parts.get(from);
    if (from === undefined || parts?.has('id') !== true || !parts.has(ROW_INDEX)) return;
    // As for an append carried over, next's image waits for reads that would pay for it.
    this.#removals.set(next, {
      from: new WeakRef(from),
      ids: earlier === undefined ? ids : joinedLists(earlier.ids, ids),
    });
  }

  /**
   * Makes the parts of a version carried over (see {@link carry}), if it is: its ids and their
   * index at once; of the columns `wanted`, those it can carry over, when asked. A write followed
   * by a read of two columns copies two columns, not every one cached. So does a version made by
   * removing rows (see {@link carryRemoval}).
   */
  #extend(next: TableReader, wanted: readonly string[]): void {
    if (!this.#parts.has(next)) {
      if (this.#removals.has(next)) this.#beginRemoval(next);
      else this.#beginCarry(next);
    }
    const shrunk = this.#shrunk.get(next);
    if (shrunk !== undefined) this.#shrinkColumns(next, shrunk, wanted);
    if (!this.#pending.has(next)) return;
    for (const name of wanted) {
      if (name === 'id' || this.#parts.get(next)?.has(name) !== false) continue;
      const carried = this.#carriedFrom(next, name);
      const column = carried && carriedColumn(carried.part, carried.steps, name);
      if (column !== undefined) this.#admit(this.#store(next, name, column.cells, column.bytes));
    }
  }

  /**
   * The part `name` of the nearest of the versions `next` was carried over from (back to
   * {@link MAX_CARRY_DEPTH} writes) that holds it, and the writes since (oldest first), each
   * placed against the ids its base still holds. Undefined when none does.
   */
  #carriedFrom(
    next: TableReader,
    name: string,
  ): { readonly part: CachedPart; readonly steps: readonly PendingCarry[] } | undefined {
    const steps: PendingCarry[] = [];
    for (let reader = next; steps.length < MAX_CARRY_DEPTH;) {
      const pending = this.#pending.get(reader);
      const from = pending?.from.deref();
      const fromIds = pending?.fromIds.deref();
      const fromParts = from && this.#parts.get(from);
      if (pending === undefined || from === undefined || fromParts === undefined) return undefined;
      // Each write's rows were placed against its base's ids as they were then.
      if (fromIds === undefined || fromParts.get('id')?.value !== fromIds) return undefined;
      steps.unshift(pending);
      // A version made by a removal makes its columns when asked, from its own base's.
      const shrunk = this.#shrunk.get(from);
      if (shrunk !== undefined && !fromParts.has(name)) this.#shrinkColumns(from, shrunk, [name]);
      const part = fromParts.get(name);
      if (part !== undefined) return { part, steps };
      reader = from;
    }
    return undefined;
  }

  /**
   * Starts making the parts of a version carried over: its ids (base's, extended by the new ids)
   * and their index, and, with no new id, the parts derived from base's ids alone.
   */
  #beginCarry(next: TableReader): void {
    const carried = this.#carried.take(next);
    if (carried === undefined) return;
    // Rows appended to a version made by a removal no read has made yet: that one first.
    if (this.#removals.has(carried.from)) this.#beginRemoval(carried.from);
    const from = this.#parts.get(carried.from);
    const ids = from?.get('id')?.value as readonly string[] | undefined;
    const index = from?.get(ROW_INDEX)?.value as PositionIndex | undefined;
    if (ids === undefined || index === undefined) return;
    const placed = placeRows(index, ids.length, carried.rows);
    if (placed === undefined) return;
    const { added } = placed;
    // With no new id, next keeps base's ids (and whatever was derived from them, such as the
    // node numbers of traversals); new ids extend them, which traversals follow too. What two
    // versions share counts towards the budget once (see #admit).
    const addedIds = [...added.keys()];
    const nextIds = added.size === 0 ? ids : joinedLists(ids, addedIds);
    if (nextIds !== ids) recordExtension(nextIds, ids);
    const idBytes = (from?.get('id')?.size ?? 0) + columnBytes(addedIds);
    const parts = [
      this.#store(next, 'id', nextIds, idBytes),
      this.#store(next, ROW_INDEX, added.size === 0 ? index : extendedIndex(index, added, nextIds)),
    ];
    if (added.size === 0) {
      for (const [name, part] of from ?? [])
        if (isDerivedFromIds(name)) parts.push(this.#store(next, name, part.value));
    }
    this.#pending.set(next, {
      from: new WeakRef(carried.from),
      fromIds: new WeakRef(ids),
      placed,
      kinds: new Map(next.columns.map((column) => [column.name, column.type.kind])),
    });
    for (const part of parts) if (this.#parts.get(next)?.get(part.name) === part) this.#admit(part);
  }

  /**
   * Starts making the parts of a version made by removing rows (see {@link carryRemoval}): its
   * ids, their index and (when base has them) their ranks.
   */
  #beginRemoval(next: TableReader): void {
    const removal = this.#removals.get(next);
    this.#removals.delete(next);
    const from = removal?.from.deref();
    const parts = from && this.#parts.get(from);
    const idPart = parts?.get('id');
    const ids = idPart?.value as readonly string[] | undefined;
    const index = parts?.get(ROW_INDEX)?.value as PositionIndex | undefined;
    if (removal === undefined || from === undefined || idPart === undefined) return;
    if (parts === undefined || ids === undefined || index === undefined) return;
    const positions = positionsOfRemoved(index, removal.ids);
    if (positions === undefined) return;
    const gone = new RemovedPositions(positions, ids.length);
    const nextIds = gone.kept(ids);
    // Traversals follow the removal: the node numbers of base's ids, without those removed.
    recordRemoval(nextIds, ids, gone);
    const made = [
      this.#store(next, 'id', nextIds, keptBytes(idPart, nextIds.length, ids.length)),
      this.#store(next, ROW_INDEX, shrunkIndex(index, gone, nextIds)),
    ];
    const ranks = parts.get(ID_RANKS)?.value;
    if (ranks instanceof Int32Array)
      made.push(this.#store(next, ID_RANKS, ranksAfterRemoval(ranks, positions)));
    this.#shrunk.set(next, { from: new WeakRef(from), fromIds: new WeakRef(ids), gone });
    for (const part of made) if (this.#parts.get(next)?.get(part.name) === part) this.#admit(part);
  }

  /**
   * Makes the columns `wanted` of a version made by removing rows that its base holds, or can
   * make the same way (back to {@link MAX_CARRY_DEPTH} removals), as they were read for its
   * base's ids: without the removed rows.
   */
  #shrinkColumns(
    next: TableReader,
    shrunk: ShrunkCarry,
    wanted: readonly string[],
    depth = 1,
  ): void {
    const from = shrunk.from.deref();
    const fromParts = from && this.#parts.get(from);
    const fromIds = shrunk.fromIds.deref();
    if (from === undefined || fromParts === undefined || fromIds === undefined) return;
    if (fromParts.get('id')?.value !== fromIds) return;
    const earlier = this.#shrunk.get(from);
    const missing = wanted.filter((name) => name !== 'id' && !fromParts.has(name));
    if (earlier !== undefined && missing.length > 0 && depth < MAX_CARRY_DEPTH)
      this.#shrinkColumns(from, earlier, missing, depth + 1);
    for (const name of wanted) {
      const part = fromParts.get(name);
      if (name === 'id' || part === undefined || this.#parts.get(next)?.has(name) !== false)
        continue;
      const column = part.value as CachedColumn;
      // A packed column stays packed: its kept numbers are copied in runs, not repacked.
      const cells = ArrayBuffer.isView(column)
        ? shrunk.gone.keptNumbers(column)
        : shrunk.gone.kept(column);
      const made = this.#store(next, name, cells, keptBytes(part, cells.length, fromIds.length));
      this.#admit(made);
    }
  }

  /**
   * The id ranks of a version carried over from one whose ranks are cached (see
   * {@link #carriedFrom}): its ranks shifted past the ids added since, which are ranked by a
   * search among its own.
   */
  #carriedRanks(next: TableReader, ids: readonly string[]): Int32Array | undefined {
    const carried = this.#carriedFrom(next, ID_RANKS);
    const ranks = carried?.part.value;
    // The oldest write's base: its ids were checked to be the ones its ranks rank.
    const length = carried?.steps[0]?.fromIds.deref()?.length;
    if (!(ranks instanceof Int32Array) || length === undefined) return undefined;
    return ranksAfterAppend(ranks, ids, length);
  }

  /**
   * Which of `ids` this version holds, from its cached ids; for a version carried over (see
   * {@link carry}), from the ids of the version it was written from and of the rows written
   * since, with nothing copied. Otherwise the version's ids are read when the Lance lookups spent
   * on it have cost as much; else undefined, and the caller's lookup is spent.
   */
  async heldIds(
    reader: TableReader,
    rowCount: number,
    ids: readonly string[],
  ): Promise<ReadonlySet<string> | undefined> {
    const carried = this.#parts.has(reader) ? undefined : this.#carried.peek(reader);
    const since = carried && this.#heldSince(carried.from, carried.rows, ids);
    if (since !== undefined) return since;
    const image = this.pays(reader, [], rowCount)
      ? await this.image(reader, [], rowCount)
      : undefined;
    if (image === undefined) {
      this.spend(reader, LANCE_CALL_ROWS + ids.length);
      return undefined;
    }
    return new Set(ids.filter((id) => image.rowOf(id) !== undefined));
  }

  /** The ids of `ids` held by the cached version `from` or among the rows `written` since. */
  #heldSince(
    from: TableReader,
    written: readonly WrittenRow[],
    ids: readonly string[],
  ): ReadonlySet<string> | undefined {
    const index = this.#parts.get(from)?.get(ROW_INDEX);
    if (index === undefined) return undefined;
    this.#budget.touch(index);
    const rowIndex = index.value as PositionIndex;
    const held = new Set(ids.filter((id) => rowIndex.get(id) !== undefined));
    const wanted = new Set(ids);
    for (const { row } of written) if (wanted.has(String(row.id))) held.add(String(row.id));
    return held;
  }

  /**
   * The rows of `ids` (those it holds) in a version a write made of a cached one (see
   * {@link carry} and {@link carryRemoval}) whose own image is not made, as an image of those
   * rows alone: each id's row as the writes since last wrote it, else the cached version's but
   * for the ids removed since, with every column that one holds, in the order a scan finds them.
   * A lookup of a few ids after a few writes then neither reads Lance nor copies a column; its
   * pass over the rows written and the ids asked is spent towards the version's image (see
   * {@link pays}). Undefined for any other version, or when a written cell may decode otherwise
   * than it was written.
   */
  carriedImage(reader: TableReader, ids: readonly string[]): TableImage | undefined {
    if (this.#parts.has(reader)) return undefined;
    const carried = this.#carried.peek(reader);
    const base = this.#lookupBase(carried?.from ?? reader);
    if (base === undefined || (carried === undefined && base.removed.size === 0)) return undefined;
    const { parts, index, removed } = base;
    const columns = [...parts].filter(([name]) => isColumn(name));
    for (const part of [index, ...columns.map(([, part]) => part)]) this.#budget.touch(part);
    const rows = carried?.rows ?? [];
    const { stored, written } = lastRowsOf(index.value as PositionIndex, rows, removed, ids);
    const cells = new Map<string, Cell[]>();
    for (const [name, part] of columns) {
      const column = part.value as CachedColumn;
      const rewritten =
        written.length === 0 ? [] : carriedCells(kindOf(reader, name), written, name);
      if (rewritten === undefined) return undefined;
      cells.set(name, [...stored.map(({ row }) => column[row] ?? null), ...rewritten]);
    }
    this.spend(reader, rows.length + ids.length);
    const found = [...stored.map(({ id }) => id), ...written.map((row) => String(row.id))];
    return smallImage(found, cells);
  }

  /**
   * The cached parts a version's rows are found in: its own, or for a version made by removing
   * rows that no read has made yet (see {@link carryRemoval}), its base's, with the ids removed.
   */
  #lookupBase(
    reader: TableReader,
  ):
    | { parts: Map<string, CachedPart>; index: CachedPart; removed: ReadonlySet<string> }
    | undefined {
    const removal = this.#removals.get(reader);
    const from = removal === undefined ? reader : removal.from.deref();
    const parts = from && this.#parts.get(from);
    const index = parts?.get(ROW_INDEX);
    if (parts === undefined || index === undefined) return undefined;
    return { parts, index, removed: new Set(removal?.ids) };
  }

  /** True when the image of `columns` of this version is cached (no read needed). */
  has(reader: TableReader, columns: readonly string[]): boolean {
    const parts = this.#parts.get(reader);
    return (
      parts !== undefined &&
      parts.has(ROW_INDEX) &&
      columns.every((column) => column === 'id' || parts.has(column))
    );
  }

  /** Records Lance reads of this version that the cache would have answered, in rows' worth. */
  spend(reader: TableReader, rows: number): void {
    this.#spent.set(reader, this.#spentOn(reader) + rows);
  }

  /** Rows' worth of Lance reads spent on this version so far. */
  #spentOn(reader: TableReader): number {
    return this.#spent.get(reader) ?? 0;
  }

  /**
   * True when this version's image of `columns` is worth having (the cache's ski rental): it is
   * cached, or the Lance reads spent on the version (of `rowCount` rows) have cost as much as
   * making it. Making it is a read of every row or, for a version carried over (see
   * {@link carry}), the copy of the columns that extends it, about
   * {@link CARRIED_IMAGE_DISCOUNT} times cheaper.
   */
  pays(reader: TableReader, columns: readonly string[], rowCount: number): boolean {
    const cost = this.carried(reader) ? rowCount / CARRIED_IMAGE_DISCOUNT : rowCount;
    return this.has(reader, columns) || this.#spentOn(reader) >= cost;
  }

  /** Drops every part of the versions `dropped` selects (see `forgetDeleted`). */
  forget(dropped: (reader: TableReader) => boolean): void {
    for (const [reader, parts] of [...this.#parts]) {
      if (!dropped(reader)) continue;
      for (const part of parts.values()) {
        this.#budget.remove(part);
        this.#release(part);
      }
      this.#parts.delete(reader);
      this.#pending.delete(reader);
      this.#shrunk.delete(reader);
    }
  }

  /**
   * True when this version's image can be had from another's (see {@link carry} and
   * {@link carryRemoval}).
   */
  carried(reader: TableReader): boolean {
    return (
      this.#carried.has(reader) ||
      this.#pending.has(reader) ||
      this.#removals.has(reader) ||
      this.#shrunk.has(reader)
    );
  }

  /**
   * The image of `columns` (plus `id`) of this version, reading the missing columns with one
   * unfiltered scan. Undefined when they cannot be cached ({@link canCache}) or their
   * estimated size does not fit the budget ({@link CacheBudget.fits}).
   */
  async image(
    reader: TableReader,
    columns: readonly string[],
    rowCount: number,
  ): Promise<TableImage | undefined> {
    const wanted = [...new Set(['id', ...columns])];
    // Checked first: a write's lookup of whole rows (a vector among them) extended every cached
    // column of a carried version before finding it could not be cached (at 1M persons, an
    // update took 300 ms instead of 78).
    if (!this.canCache(reader, wanted) || !this.#budget.fits(estimate(reader, wanted, rowCount)))
      return undefined;
    this.#extend(reader, wanted);
    let pending = this.#loading.get(reader);
    while (pending !== undefined) {
      await pending.catch(() => undefined);
      pending = this.#loading.get(reader);
    }
    if (!this.has(reader, wanted)) {
      const load = this.#load(reader, wanted);
      this.#loading.set(reader, load);
      try {
        await load;
      } finally {
        this.#loading.delete(reader);
      }
    }
    return this.#imageOf(reader, wanted);
  }

  async #load(reader: TableReader, wanted: readonly string[]): Promise<void> {
    const parts = this.#parts.get(reader);
    const missing = wanted.filter((column) => column !== 'id' && parts?.has(column) !== true);
    const cachedIds = parts?.get('id')?.value as readonly string[] | undefined;
    const read = await reader.scanColumns({ columns: ['id', ...missing] });
    const ids = (read.columns.id ?? []) as readonly string[];
    const index = parts?.get(ROW_INDEX)?.value as PositionIndex | undefined;
    // A version carried over from a write that replaced rows holds them where the rows they
    // replaced were (see `carry`), not where a scan finds them: its columns are placed by id.
    const order =
      cachedIds === undefined || sameIds(cachedIds, ids)
        ? undefined
        : index === undefined
          ? null
          : positionsOf(index, ids, cachedIds.length);
    if (order === null)
      throw new OmniError('internal', `table ${reader.name} was read in two orders`);
    const added: CachedPart[] = [];
    if (cachedIds === undefined) added.push(this.#store(reader, 'id', ids));
    if (parts?.has(ROW_INDEX) !== true)
      added.push(this.#store(reader, ROW_INDEX, keyPositions(ids)));
    for (const column of missing) {
      const cells = read.columns[column] ?? [];
      added.push(this.#store(reader, column, order ? placedCells(cells, order) : cells));
    }
    // Admitting a part may evict the version's ids when the estimate was short: the parts
    // after it then belong to no image and are not admitted.
    for (const part of added)
      if (this.#parts.get(reader)?.get(part.name) === part) this.#admit(part);
  }

  /**
   * Stores a part of a version, of `bytes` when known (else estimated from the value). A column
   * of numbers without a NULL is stored packed (see `packed-column.ts`), its bytes exact.
   */
  #store(reader: TableReader, name: string, cells: PartValue, known?: number): CachedPart {
    let parts = this.#parts.get(reader);
    if (parts === undefined) this.#parts.set(reader, (parts = new Map<string, CachedPart>()));
    const value = Array.isArray(cells) ? packedColumn(kindOf(reader, name), cells) : cells;
    const size = ArrayBuffer.isView(value)
      ? value.byteLength
      : (known ?? (isPositionIndex(value) ? value.size * MAP_ENTRY_BYTES : columnBytes(value)));
    const shared = isPositionIndex(value) ? sharedIndex(value) : value;
    // An index beneath a removal holds fewer keys than the map it shares: then it owns nothing.
    const own =
      shared === value ? 0 : Math.max(0, size - (shared as PositionIndex).size * MAP_ENTRY_BYTES);
    // Traversals holding only the ids find a few of them by the image's index (see CsrIndex).
    const ids = parts.get('id')?.value;
    if (name === ROW_INDEX && Array.isArray(ids) && isPositionIndex(value))
      recordPositionIndex(ids as readonly string[], value);
    const part: CachedPart = {
      cache: 'columns',
      reader,
      name,
      value,
      size,
      shared,
      own,
      bytes: size,
      evict: () => {
        this.#evicted(part);
      },
    };
    parts.set(name, part);
    return part;
  }

  /**
   * Admits a part under the budget, counting what it shares with other versions' parts only
   * when none of them counts it already.
   */
  #admit(part: CachedPart): void {
    this.#shared.hold(part.shared, part);
    part.bytes = this.#shared.counts(part.shared, part) ? part.size : part.own;
    this.#budget.admit(part);
  }

  /**
   * Forgets a part's share of what it shares: when it counted it, another part holding it does
   * from now on (resized once the eviction that may be running is over).
   */
  #release(part: CachedPart): void {
    const next = this.#shared.release(part.shared, part);
    if (next === undefined) return;
    queueMicrotask(() => {
      this.#budget.resize(next, next.size);
    });
  }

  /** Forgets a part the budget evicted (images in use stay valid). */
  #evicted(part: CachedPart): void {
    const parts = this.#parts.get(part.reader);
    if (parts?.get(part.name) !== part) return;
    parts.delete(part.name);
    this.#release(part);
    // Without its ids a version's columns cannot be used: drop them all.
    if (part.name === 'id' || part.name === ROW_INDEX) {
      for (const other of parts.values()) {
        this.#budget.remove(other);
        this.#release(other);
      }
      this.#parts.delete(part.reader);
      this.#pending.delete(part.reader);
      this.#shrunk.delete(part.reader);
    }
  }

  #imageOf(reader: TableReader, wanted: readonly string[]): TableImage | undefined {
    const parts = this.#parts.get(reader);
    if (parts === undefined || !this.has(reader, wanted)) return undefined;
    const ids = parts.get('id') as CachedPart;
    const rows = parts.get(ROW_INDEX) as CachedPart;
    this.#budget.touch(ids);
    this.#budget.touch(rows);
    const columns = new Map<string, CachedColumn>();
    for (const column of wanted) {
      const part = parts.get(column) as CachedPart;
      if (column !== 'id') this.#budget.touch(part);
      columns.set(column, part.value as CachedColumn);
    }
    const idList = ids.value as readonly string[];
    const rowIndex = rows.value as PositionIndex;
    let ranks: Int32Array | undefined;
    let order: Int32Array | undefined;
    let all: readonly number[] | undefined;
    const image: TableImage = {
      length: idList.length,
      ids: idList,
      rowOf: (id) => rowIndex.get(id),
      column: (name) => columns.get(name),
      idRanks: () =>
        (ranks ??= this.#derived(
          reader,
          idList,
          ID_RANKS,
          () => this.#carriedRanks(reader, idList) ?? idRanksOf(idList),
        )),
      rowsInIdOrder: () =>
        (order ??= this.#derived(reader, idList, ID_ORDER, () => inverseOf(image.idRanks()))),
      allRows: () =>
        (all ??= this.#derived(reader, idList, ALL_ROWS, () => everyRow(idList.length))),
      derivedColumn: (name, derive) =>
        derive === idItself
          ? idList
          : this.#derived(reader, idList, `${DERIVED_COLUMN}${name}`, () =>
              packedColumn(kindOf(reader, name), idList.map(derive)),
            ),
    };
    return image;
  }

  /**
   * A part derived from a version's ids (its id ranks, its list of rows): cached, or computed
   * and admitted under the budget.
   */
  #derived<T extends PartValue>(
    reader: TableReader,
    ids: readonly string[],
    name: string,
    compute: () => T,
  ): T {
    const cached = this.#parts.get(reader)?.get(name);
    if (cached !== undefined) {
      this.#budget.touch(cached);
      return cached.value as T;
    }
    const value = compute();
    // The version may have been evicted meanwhile: then the part serves this image only.
    if (this.#parts.get(reader)?.get('id')?.value === ids)
      this.#admit(this.#store(reader, name, value));
    return value;
  }
}

/**
 * Estimated heap bytes of a decoded column: an array slot plus the value's own size, the strings
 * of a column whose equal strings are shared counted once (see `StringSharer`).
 */
function columnBytes(cells: readonly Cell[]): number {
  const shared = sharedStringBytes(cells);
  let bytes = 16 + (shared ?? 0);
  // Indexed: a for-of over a million cells allocated an iterator result per cell when V8 ran
  // this unoptimized, as it does for a function called a few times on long arrays.
  for (let index = 0; index < cells.length; index += 1) {
    const cell = cells[index];
    bytes += 8;
    if (typeof cell === 'string') bytes += shared === undefined ? stringBytes(cell) : 0;
    else if (typeof cell === 'bigint') bytes += 24;
    else if (typeof cell === 'number') bytes += 16;
  }
  return bytes;
}

/** Estimated bytes of a version's image before reading it (strings at 32 characters). */
function estimate(reader: TableReader, columns: readonly string[], rowCount: number): number {
  const kinds = new Map(reader.columns.map((column) => [column.name, column.type.kind]));
  const perRow = columns.reduce(
    (sum, column) => sum + (kinds.get(column) === 'utf8' ? 88 : 32),
    MAP_ENTRY_BYTES,
  );
  return perRow * rowCount;
}

/** True for a part that is a column of the table other than `id` (not an index or ranks). */
function isColumn(name: string): boolean {
  return name !== 'id' && !name.startsWith('\u0000');
}

/**
 * Where the rows of `ids` are in a version made of a cached one (ids `index`) by removing the
 * rows of `removed`, then writing `rows`: the stored rows neither removed nor replaced since, in
 * row order, and the rows last written for the others, in the order written (a scan finds a
 * written row after the table's other rows). Ids neither holds are left out.
 */
function lastRowsOf(
  index: PositionIndex,
  rows: readonly WrittenRow[],
  removed: ReadonlySet<string>,
  ids: readonly string[],
): { stored: { id: string; row: number }[]; written: Row[] } {
  const wanted = new Set(ids);
  const last = new Map<string, number>();
  for (let at = rows.length - 1; at >= 0 && last.size < wanted.size; at -= 1) {
    const id = rows[at]?.row.id;
    if (typeof id === 'string' && wanted.has(id) && !last.has(id)) last.set(id, at);
  }
  const stored: { id: string; row: number }[] = [];
  for (const id of wanted) {
    const row = last.has(id) || removed.has(id) ? undefined : index.get(id);
    if (row !== undefined) stored.push({ id, row });
  }
  stored.sort((a, b) => a.row - b.row);
  const written = [...last.values()].sort((a, b) => a - b).map((at) => rows[at]?.row ?? {});
  return { stored, written };
}

/** The kind of `reader`'s column `name` (undefined for a part that is no column). */
function kindOf(reader: TableReader, name: string): string | undefined {
  return reader.columns.find((column) => column.name === name)?.type.kind;
}

function isPositionIndex(value: PartValue): value is PositionIndex {
  return !ArrayBuffer.isView(value) && !Array.isArray(value);
}

/** A version made of a cached one by removing rows, by id (see `ColumnCache.carryRemoval`). */
interface RemovalCarry {
  readonly from: WeakRef<TableReader>;
  readonly ids: readonly string[];
}

/** A version made by removing rows whose columns are made from its base's when asked. */
interface ShrunkCarry {
  readonly from: WeakRef<TableReader>;
  /** Base's ids when the removal began: its columns line up with them only while they are these. */
  readonly fromIds: WeakRef<readonly string[]>;
  readonly gone: RemovedPositions;
}

/** Bytes of `part` (of `length` rows) kept for `kept` of its rows: estimating them walks every cell. */
function keptBytes(part: CachedPart, kept: number, length: number): number {
  return Math.round((part.size * kept) / Math.max(1, length));
}

/** The positions of the removed ids, ascending; undefined when one is not held, or repeats. */
function positionsOfRemoved(index: PositionIndex, ids: readonly string[]): Int32Array | undefined {
  const positions = new Int32Array(ids.length);
  for (let at = 0; at < ids.length; at += 1) {
    const position = index.get(ids[at] ?? '');
    if (position === undefined) return undefined;
    positions[at] = position;
  }
  positions.sort();
  for (let at = 1; at < positions.length; at += 1)
    if (positions[at] === positions[at - 1]) return undefined;
  return positions;
}

/**
 * The id ranks of the rows left once the rows at `positions` (ascending) go: each rank lowered
 * by the removed ranks below it.
 */
function ranksAfterRemoval(ranks: Int32Array, positions: Int32Array): Int32Array {
  const removedRanks = Int32Array.from(positions, (position) => ranks[position] ?? 0).sort();
  const lower = new RemovedPositions(removedRanks, ranks.length);
  const next = new Int32Array(ranks.length - positions.length);
  let written = 0;
  let removed = 0;
  for (let row = 0; row < ranks.length; row += 1) {
    if (row === positions[removed]) {
      removed += 1;
      continue;
    }
    const rank = ranks[row] ?? 0;
    next[written++] = rank - lower.below(rank);
  }
  return next;
}

/** A version carried over whose columns are made from its base's when asked. */
interface PendingCarry {
  /** Weakly: a chain of carried-over versions keeps none alive that the cache let go. */
  readonly from: WeakRef<TableReader>;
  /** Base's ids when the carry began: its columns line up with them only while they are these. */
  readonly fromIds: WeakRef<readonly string[]>;
  readonly placed: PlacedRows;
  /** Column kinds by name, of the version carried over. */
  readonly kinds: ReadonlyMap<string, string>;
}

/** Where a write's rows go in the image of the version it wrote (see `ColumnCache.carry`). */
interface PlacedRows {
  /** The new ids, at the positions after the previous version's rows. */
  readonly added: Map<string, number>;
  /** The rows replacing rows of the previous version, by position: the last written per id. */
  readonly replaced: Map<number, Row>;
  /** The rows of the new ids, in order: the last written per id. */
  readonly appended: Row[];
}

/**
 * Places written rows against the image of the version they were written to (ids `index`,
 * `length` rows): a merged row replaces the row of its id, where it is; any other row takes the
 * next new position. Undefined when the rows cannot be what the write did: an id that is not a
 * string, or an appended id the version already holds.
 */
function placeRows(
  index: PositionIndex,
  length: number,
  rows: readonly WrittenRow[],
): PlacedRows | undefined {
  const added = new Map<string, number>();
  const replaced = new Map<number, Row>();
  const appended: Row[] = [];
  for (const { row, merged } of rows) {
    const id = row.id;
    if (typeof id !== 'string') return undefined;
    const at = index.get(id) ?? added.get(id);
    if (at === undefined) {
      added.set(id, length + appended.length);
      appended.push(row);
    } else if (!merged) return undefined;
    else if (at < length) replaced.set(at, row);
    else appended[at - length] = row;
  }
  return { added, replaced, appended };
}

/**
 * The cells of column `name` of `part`'s version after the writes `steps` (oldest first): the new
 * rows' cells after the part's, then each step's rewritten rows' cells in place. Undefined when
 * the rows of a step do not hold the column as a scan decodes it (`carriedCells`).
 */
function carriedColumn(
  part: CachedPart,
  steps: readonly PendingCarry[],
  name: string,
): { readonly cells: readonly Cell[]; readonly bytes: number } | undefined {
  const kind = steps.at(-1)?.kinds.get(name);
  const appended: Cell[] = [];
  const patches: (readonly Cell[])[] = [];
  for (const { placed } of steps) {
    const cells = carriedCells(kind, placed.appended, name);
    const patch = carriedCells(kind, [...placed.replaced.values()], name);
    if (cells === undefined || patch === undefined) return undefined;
    for (const cell of cells) appended.push(cell);
    patches.push(patch);
  }
  const next = joinedLists(part.value as CachedColumn, appended);
  steps.forEach(({ placed }, step) => {
    let at = 0;
    for (const position of placed.replaced.keys()) next[position] = patches[step]?.[at++] ?? null;
  });
  const bytes = patches.reduce((sum, patch) => sum + columnBytes(patch), part.size);
  return { cells: next, bytes: bytes + columnBytes(appended) };
}

/**
 * The image position of each row of a scan that read `ids`, by the image's id index; null when
 * the scan's ids are not the image's (a count that differs, an id it lacks or finds twice).
 */
function positionsOf(
  index: PositionIndex,
  ids: readonly string[],
  length: number,
): Int32Array | null {
  if (ids.length !== length) return null;
  const positions = new Int32Array(ids.length);
  const seen = new Uint8Array(length);
  for (let row = 0; row < ids.length; row += 1) {
    const at = index.get(ids[row] ?? '');
    if (at === undefined || seen[at] === 1) return null;
    seen[at] = 1;
    positions[row] = at;
  }
  return positions;
}

/** Scanned cells placed at their rows' image positions (see {@link positionsOf}). */
function placedCells(cells: readonly Cell[], positions: Int32Array): Cell[] {
  const placed = new Array<Cell>(cells.length);
  for (let row = 0; row < cells.length; row += 1) placed[positions[row] ?? 0] = cells[row] ?? null;
  return placed;
}

function sameIds(left: readonly string[], right: readonly string[]): boolean {
  if (left.length !== right.length) return false;
  for (let row = 0; row < left.length; row += 1) if (left[row] !== right[row]) return false;
  return true;
}
