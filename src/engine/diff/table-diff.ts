import type { ManifestEntry } from '../root/index.js';
import {
  CREATED_AT_VERSION,
  type Filter,
  ID_COLUMN,
  type LanceTables,
  type Row,
  type TableReader,
  UPDATED_AT_VERSION,
  where,
} from '../lance/index.js';
import { goneRows } from './gone-rows.js';
import { PinnedRows } from './pinned-rows.js';
import { rowsEqual } from './row-equality.js';
import { pinDescendsFrom } from './table-lineage.js';

/** One entity whose row differs between the two pins. */
export interface EntityUpdate {
  readonly before: Row;
  readonly after: Row;
}

/** The entity-level difference of one table between a base and a head pin, by entity id. */
export interface TableDiff {
  /** Ids absent at the base, with their head row. */
  readonly inserts: ReadonlyMap<string, Row>;
  /** Ids present at both with different content. */
  readonly updates: ReadonlyMap<string, EntityUpdate>;
  /** Ids absent at the head, with their base row. */
  readonly deletes: ReadonlyMap<string, Row>;
}

/**
 * A {@link TableDiff} whose inserted rows stay the Arrow batches read from the head: a merge
 * appends them to the target as they are, and only updates and deletes are decoded.
 */
export interface TableDelta {
  /** The head rows of ids absent at the base. */
  readonly inserts: PinnedRows;
  readonly updates: ReadonlyMap<string, EntityUpdate>;
  readonly deletes: ReadonlyMap<string, Row>;
}

const EMPTY_DELTA: TableDelta = {
  inserts: PinnedRows.NONE,
  updates: new Map(),
  deletes: new Map(),
};

/** Ids per `IN` filter when base rows are looked up by id. */
const LOOKUP_CHUNK = 1_000;

/** True when a diff holds no change. */
export function isEmptyDiff(diff: TableDiff | TableDelta): boolean {
  return diff.inserts.size === 0 && diff.updates.size === 0 && diff.deletes.size === 0;
}

/**
 * The entity diff of one table from `base` to `head`. When the head's lineage contains the base
 * pin, only rows Lance reports as written since the base version are compared (plus the ids that
 * disappeared); otherwise both pins are compared in full, by id. Either way a row rewritten with
 * identical content is not a change, and an id deleted and inserted again is an update (or
 * nothing).
 */
export async function diffTable(
  tables: LanceTables,
  base: ManifestEntry,
  head: ManifestEntry,
): Promise<TableDiff> {
  const delta = await tableDelta(tables, base, head);
  return { ...delta, inserts: delta.inserts.rows() };
}

/** {@link diffTable} with the inserted rows left as Arrow (see {@link TableDelta}). */
export async function tableDelta(
  tables: LanceTables,
  base: ManifestEntry,
  head: ManifestEntry,
): Promise<TableDelta> {
  if (base.table === head.table && base.branch === head.branch && base.version === head.version)
    return EMPTY_DELTA;
  const [baseReader, headReader] = await Promise.all([
    tables.reader(base.table, base),
    tables.reader(head.table, head),
  ]);
  if (base.rowCount === 0) {
    const all = await headReader.scanArrow({ columns: PinnedRows.columns(headReader) });
    return { ...EMPTY_DELTA, inserts: PinnedRows.of(headReader, all) };
  }
  const [descends, reliable] = await Promise.all([
    base.table === head.table && pinDescendsFrom(tables, head.table, head, base),
    versionStampsReliable(headReader),
  ]);
  if (descends && reliable) return incrementalDelta(baseReader, headReader);
  return fullDelta(baseReader, headReader);
}

/**
 * The diff from Lance's row-version stamps. A row created after the base version is a new
 * incarnation of its id: an insert, unless the id was at the base (deleted and inserted again,
 * an update). A row created at or before the base version existed at the base, so it is an
 * update when it was written since. When the row counts show that every base row is still there
 * in its old incarnation, the new ones are all inserts and no id is read at all.
 */
async function incrementalDelta(
  baseReader: TableReader,
  headReader: TableReader,
): Promise<TableDelta> {
  const since = BigInt(baseReader.pin.version);
  const [created, rewrittenRows, baseCount, headCount] = await Promise.all([
    headReader.scanArrow({
      filter: where.gt(CREATED_AT_VERSION, since),
      columns: PinnedRows.columns(headReader),
    }),
    headReader.scan({
      filter: where.and(where.gt(UPDATED_AT_VERSION, since), where.le(CREATED_AT_VERSION, since)),
    }),
    baseReader.count(),
    headReader.count(),
  ]);
  const recreated = PinnedRows.of(headReader, created);
  // Base ids not at the head in their old incarnation: deleted, or deleted and inserted again.
  const missing = baseCount - (headCount - recreated.size);
  const baseIds = lazy(() => idsOf(baseReader));
  let inserts = recreated;
  let reborn = PinnedRows.NONE;
  if (missing > 0) {
    // Ids at the base: all of them, or those among the recreated when they are few.
    const atBase =
      recreated.size > LOOKUP_CHUNK ? await baseIds() : await idsAmong(baseReader, recreated.ids);
    [inserts, reborn] = await Promise.all([
      recreated.filter((id) => !atBase.has(id)),
      recreated.filter((id) => atBase.has(id)),
    ]);
  }
  const afters = [...rewrittenRows, ...reborn.rows().values()];
  const deleted =
    missing > reborn.size
      ? await deletedRows(baseReader, headReader, { since, missing, reborn }, baseIds)
      : { rows: new Map<string, Row>(), unread: [] };
  const before = await rowsByIds(baseReader, [...afters.map(idOf), ...deleted.unread]);
  const updates = new Map<string, EntityUpdate>();
  for (const after of afters) {
    const old = before.get(idOf(after));
    if (old !== undefined && !rowsEqual(headReader.columns, old, after))
      updates.set(idOf(after), { before: old, after });
  }
  const deletes = new Map(deleted.rows);
  for (const id of deleted.unread) deletes.set(id, before.get(id) ?? { id });
  return { inserts, updates, deletes };
}

/**
 * The base rows deleted by the head (gone, and not inserted again: not `reborn`), read whole;
 * or, when Lance's row ids cannot tell (see {@link goneRows}), their ids alone (`unread`),
 * found by comparing every id of both pins.
 */
async function deletedRows(
  baseReader: TableReader,
  headReader: TableReader,
  { since, missing, reborn }: { since: bigint; missing: number; reborn: PinnedRows },
  baseIds: () => Promise<Set<string>>,
): Promise<{ rows: Map<string, Row>; unread: string[] }> {
  const gone = await goneRows(baseReader, headReader, since, missing);
  if (gone === undefined) return { rows: new Map(), unread: await deletedIds(baseIds, headReader) };
  const rebornIds = new Set(reborn.ids);
  return { rows: byId(gone.filter((row) => !rebornIds.has(idOf(row)))), unread: [] };
}

/** Ids of the base that are gone at the head. */
async function deletedIds(
  baseIds: () => Promise<Set<string>>,
  headReader: TableReader,
): Promise<string[]> {
  const [before, after] = await Promise.all([baseIds(), idsOf(headReader)]);
  return [...before].filter((id) => !after.has(id));
}

async function fullDelta(baseReader: TableReader, headReader: TableReader): Promise<TableDelta> {
  const [baseRows, headScan] = await Promise.all([
    baseReader.scan(),
    headReader.scanArrow({ columns: PinnedRows.columns(headReader) }),
  ]);
  const before = byId(baseRows);
  const headRows = PinnedRows.of(headReader, headScan);
  const updates = new Map<string, EntityUpdate>();
  for (const [id, row] of headRows.rows()) {
    const old = before.get(id);
    before.delete(id);
    if (old !== undefined && !rowsEqual(headReader.columns, old, row))
      updates.set(id, { before: old, after: row });
  }
  const baseIds = new Set(baseRows.map(idOf));
  const inserts = await headRows.filter((id) => !baseIds.has(id));
  return { inserts, updates, deletes: before };
}

function idOf(row: Row): string {
  return row[ID_COLUMN] as string;
}

function byId(rows: readonly Row[]): Map<string, Row> {
  return new Map(rows.map((row) => [idOf(row), row]));
}

/** `load` run once, on first use. */
function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

/**
 * Lance stamps every row written on a branch forked from a version without data fragments as
 * created and updated at version 1 (lance 0.39). Version 1 of every table is its empty creation,
 * so a row stamped 1 proves the stamps of this pin cannot be trusted.
 */
async function versionStampsReliable(reader: TableReader): Promise<boolean> {
  const stamped = await reader.scan({
    filter: where.le(CREATED_AT_VERSION, 1n),
    columns: [ID_COLUMN],
    limit: 1,
  });
  return stamped.length === 0;
}

async function idsOf(reader: TableReader, filter?: Filter): Promise<Set<string>> {
  const scanned = await reader.scanColumns({ columns: [ID_COLUMN], filter });
  return new Set(scanned.columns[ID_COLUMN] as readonly string[]);
}

/** Which of `ids` (at most {@link LOOKUP_CHUNK}) the reader has. */
async function idsAmong(reader: TableReader, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  return idsOf(reader, where.in(ID_COLUMN, ids));
}

/** Rows of the given ids: by `IN` lookups when few, else one scan of the table. */
async function rowsByIds(reader: TableReader, ids: readonly string[]): Promise<Map<string, Row>> {
  if (ids.length === 0) return new Map();
  let rows: Row[];
  if (ids.length > LOOKUP_CHUNK * 8) {
    const wanted = new Set(ids);
    rows = (await reader.scan()).filter((row) => wanted.has(idOf(row)));
  } else {
    rows = [];
    for (let start = 0; start < ids.length; start += LOOKUP_CHUNK)
      rows.push(
        ...(await reader.scan({
          filter: where.in(ID_COLUMN, ids.slice(start, start + LOOKUP_CHUNK)),
        })),
      );
  }
  return byId(rows);
}
