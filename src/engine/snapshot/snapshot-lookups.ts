import {
  type ColumnSpec,
  decodeRows,
  where,
  type Filter,
  type FilterValue,
  type Cell,
  type Row,
  type TableReader,
  type ArrowRows,
} from '../lance/index.js';
import { OmniError } from '../../util/omni-error.js';
import { uniqueValueKey, type ExistingEntities } from './existing-entities.js';
import type { CachedLookups, IdDerivedColumns } from './cached-lookups.js';
import { StoredIds } from './stored-ids.js';

/** Values per IN list: long enough to batch, short enough for Lance's SQL parser. */
export const CHUNK = 1000;

/** `items` split into consecutive slices of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A cell as a typed filter value for a column (dates must be typed dates for Lance). */
export function filterValueFor(column: ColumnSpec, cell: Cell): FilterValue {
  if (typeof cell === 'number' && column.type.kind === 'date32') return where.date32(cell);
  if (typeof cell === 'number' && column.type.kind === 'date64') return where.date64(cell);
  if (
    typeof cell === 'string' ||
    typeof cell === 'number' ||
    typeof cell === 'bigint' ||
    typeof cell === 'boolean'
  ) {
    return cell;
  }
  throw new OmniError('internal', `column '${column.name}' value cannot be used in a filter`);
}

function columnOf(reader: TableReader, name: string): ColumnSpec {
  const column = reader.columns.find((c) => c.name === name);
  if (!column) throw new OmniError('internal', `table ${reader.name} has no column '${name}'`);
  return column;
}

/**
 * Reading a table's ids whole (see StoredIds) costs about as much as this many IN-list scans of
 * it without an index on `id` (each reads every row: 1M rows, 0.67 s against 0.11 s a list)...
 */
const WHOLE_READ_LISTS = 8;

/** ...or as this many with a BTree on `id` (0.67 s against 0.024 s a list)... */
const WHOLE_READ_INDEXED_LISTS = 28;

/**
 * ...so lookups that will ask that many lists' worth of ids of a table of at most this many
 * rows (some tens of megabytes of ids held) read them whole, once per `SnapshotLookups` (a merge
 * load's windows share one)...
 */
const WHOLE_READ_MAX_ROWS = 2_000_000;

/** ...as does, in any table, a lookup of more than a list and of one id per this many rows. */
const WHOLE_READ_ROWS_PER_ID = 8;

/** Rows per take of the stored rows a whole read found: Lance's cost per row falls with size. */
const TAKE_ROWS = 10_000;

/** What {@link SnapshotLookups.eachStoredWithIds} hands stored rows to, as they come. */
export interface StoredRowsVisitor {
  /** Rows decoded already (from the read cache, or an IN-list scan). */
  rows(rows: readonly Row[]): void;
  /** The Arrow result of a take by row id, with every column of the table. */
  arrow(taken: ArrowRows): void;
}

/**
 * Answers the questions loads and mutations ask of a snapshot with pinned-table scans, or from
 * what a read cache holds when it has it (ids, `@unique` holders, the rows a `where` matches).
 */
export class SnapshotLookups implements ExistingEntities {
  readonly #reader: (tableKey: string) => Promise<TableReader>;
  readonly #rowCount: (tableKey: string) => number;
  readonly #cached: CachedLookups | undefined;
  /** Per table, its ids once read whole: every later whole read of this lookup probes them. */
  readonly #storedIds = new Map<string, Promise<StoredIds>>();
  /** Per table, whether its version has an index on `id`. */
  readonly #idIndexed = new Map<string, Promise<boolean>>();

  constructor(
    reader: (tableKey: string) => Promise<TableReader>,
    rowCount: (tableKey: string) => number,
    cached?: CachedLookups,
  ) {
    this.#reader = reader;
    this.#rowCount = rowCount;
    this.#cached = cached;
  }

  async existingIds(tableKey: string, ids: readonly string[]): Promise<ReadonlySet<string>> {
    const reader = await this.#reader(tableKey);
    const held = await this.#cached?.heldIds(reader, this.#rowCount(tableKey), ids);
    if (held !== undefined) return held;
    const found = new Set<string>();
    if (await this.#readsWhole(tableKey, reader, ids.length, this.#rowCount(tableKey))) {
      const stored = await this.#storedIdsOf(tableKey, reader);
      for (const id of ids) if (stored.has(id)) found.add(id);
      return found;
    }
    for (const chunk of chunks(ids, CHUNK)) {
      for (const row of await reader.scan({ filter: where.in('id', chunk), columns: ['id'] })) {
        found.add(String(row.id));
      }
    }
    return found;
  }

  /**
   * The rows of a table passing `filter`, with `columns` (all when absent), at most `limit`:
   * from the read cache when it holds them, else a Lance scan. `derived`: the table's columns
   * that follow from the id (see `CachedLookups.matchingRows`).
   */
  async matchingRows(
    tableKey: string,
    filter: Filter,
    columns: readonly string[] | undefined,
    limit: number,
    derived?: IdDerivedColumns,
  ): Promise<Row[]> {
    const reader = await this.#reader(tableKey);
    const wanted = columns ?? reader.columns.map((column) => column.name);
    const rowCount = this.#rowCount(tableKey);
    const cached = await this.#cached?.matchingRows(
      reader,
      rowCount,
      filter,
      wanted,
      limit,
      derived,
    );
    return cached ?? reader.scan({ filter, limit, columns: wanted });
  }

  /**
   * The stored rows (every column) with these ids, in no particular order: from the read cache
   * when it holds them, else by IN lists or by one read of the table's ids and takes of the rows
   * found, whichever costs less for the `planned` ids of the table these lookups will be asked
   * in all (these `ids` by default; a merge load's, over its windows).
   */
  async rowsWithIds(
    tableKey: string,
    ids: readonly string[],
    planned = ids.length,
  ): Promise<Row[]> {
    const rows: Row[] = [];
    await this.eachStoredWithIds(tableKey, ids, planned, {
      rows: (some) => {
        for (const row of some) rows.push(row);
      },
      arrow: (taken) => {
        for (const row of decodeRows(taken)) rows.push(row);
      },
    });
    return rows;
  }

  /**
   * The rows {@link rowsWithIds} finds, as they come: the Arrow result of each take by row id
   * (of at most {@link TAKE_ROWS} rows), or rows from the read cache or IN-list scans. A caller
   * that compares rows can read takes without decoding them.
   */
  async eachStoredWithIds(
    tableKey: string,
    ids: readonly string[],
    planned: number,
    visit: StoredRowsVisitor,
  ): Promise<void> {
    const reader = await this.#reader(tableKey);
    const rowCount = this.#rowCount(tableKey);
    const columns = reader.columns.map((column) => column.name);
    const asked = Math.max(ids.length, planned);
    if (!(await this.#readsWhole(tableKey, reader, asked, rowCount))) {
      for (const chunk of chunks(ids, CHUNK))
        visit.rows(await this.matchingRows(tableKey, where.in('id', chunk), columns, chunk.length));
      return;
    }
    const filter = where.in('id', ids);
    const cached = await this.#cached?.matchingRows(reader, rowCount, filter, columns, ids.length);
    if (cached !== undefined) {
      visit.rows(cached);
      return;
    }
    const stored = await this.#storedIdsOf(tableKey, reader);
    for (const chunk of chunks(stored.rowIdsOf(ids), TAKE_ROWS))
      visit.arrow(await reader.takeArrow(chunk, columns));
  }

  /**
   * True when lookups of `asked` ids in all in table `tableKey` of `rowCount` rows go through
   * the ids of the table read whole: when they are already, or when reading them costs less than
   * the IN lists would (see WHOLE_READ_LISTS).
   */
  async #readsWhole(
    tableKey: string,
    reader: TableReader,
    asked: number,
    rowCount: number,
  ): Promise<boolean> {
    if (this.#storedIds.has(tableKey)) return true;
    if (asked <= CHUNK) return false;
    if (asked * WHOLE_READ_ROWS_PER_ID >= rowCount) return true;
    if (rowCount > WHOLE_READ_MAX_ROWS || asked < WHOLE_READ_LISTS * CHUNK) return false;
    return (
      asked >= WHOLE_READ_INDEXED_LISTS * CHUNK || !(await this.#indexedById(tableKey, reader))
    );
  }

  /** Whether the table's version has an index on `id` (asked of Lance once). */
  #indexedById(tableKey: string, reader: TableReader): Promise<boolean> {
    let indexed = this.#idIndexed.get(tableKey);
    if (indexed === undefined) {
      indexed = reader
        .listIndexes()
        .then((indexes) =>
          indexes.some(({ columns }) => columns.length === 1 && columns[0] === 'id'),
        );
      this.#idIndexed.set(tableKey, indexed);
    }
    return indexed;
  }

  /** The ids of a table, read whole on first use and kept for this lookup's later ones. */
  #storedIdsOf(tableKey: string, reader: TableReader): Promise<StoredIds> {
    let stored = this.#storedIds.get(tableKey);
    if (stored === undefined) {
      stored = StoredIds.read(reader);
      this.#storedIds.set(tableKey, stored);
    }
    return stored;
  }

  async uniqueHolders(
    tableKey: string,
    columns: readonly string[],
    tuples: readonly (readonly unknown[])[],
  ): Promise<ReadonlyMap<string, readonly string[]>> {
    const reader = await this.#reader(tableKey);
    const cached = await this.#cached?.uniqueHolders(
      reader,
      this.#rowCount(tableKey),
      columns,
      tuples,
    );
    if (cached !== undefined) return cached;
    const specs = columns.map((name) => columnOf(reader, name));
    const holders = new Map<string, string[]>();
    for (const chunk of chunks(tuples, columns.length === 1 ? CHUNK : CHUNK / 10)) {
      const filter: Filter =
        specs.length === 1 && specs[0]
          ? where.in(
              specs[0].name,
              chunk.map((t) => filterValueFor(specs[0] as ColumnSpec, t[0] as Cell)),
            )
          : where.or(
              ...chunk.map((t) =>
                where.and(
                  ...specs.map((s, i) => where.eq(s.name, filterValueFor(s, t[i] as Cell))),
                ),
              ),
            );
      for (const row of await reader.scan({ filter, columns: ['id', ...columns] })) {
        const key = uniqueValueKey(columns.map((c) => row[c] ?? null));
        const list = holders.get(key) ?? [];
        list.push(String(row.id));
        holders.set(key, list);
      }
    }
    return holders;
  }

  async outDegrees(
    tableKey: string,
    sources: readonly string[],
    replaced: ReadonlySet<string>,
  ): Promise<ReadonlyMap<string, number>> {
    const reader = await this.#reader(tableKey);
    const degrees = new Map<string, number>();
    for (const chunk of chunks(sources, CHUNK)) {
      const filter = where.in('src', chunk);
      for (const row of await reader.scan({ filter, columns: ['id', 'src'] })) {
        if (replaced.has(String(row.id))) continue;
        const src = String(row.src);
        degrees.set(src, (degrees.get(src) ?? 0) + 1);
      }
    }
    return degrees;
  }

  async *edgeEndpoints(tableKey: string): AsyncIterable<{ id: string; src: string; dst: string }> {
    const reader = await this.#reader(tableKey);
    for (const row of await reader.scan({ columns: ['id', 'src', 'dst'] })) {
      yield { id: String(row.id), src: String(row.src), dst: String(row.dst) };
    }
  }
}
