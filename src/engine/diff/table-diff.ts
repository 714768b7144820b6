import type { ManifestEntry } from '../commit-record.js';
import { rowsChangedSince } from '../lance/change-detection.js';
import { ID_COLUMN } from '../lance/column-spec.js';
import { where } from '../lance/filter.js';
import type { LanceTables } from '../lance/lance-tables.js';
import type { Row } from '../lance/row.js';
import type { TableReader } from '../lance/table-reader.js';
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

/** A diff with no change. */
export const EMPTY_TABLE_DIFF: TableDiff = {
  inserts: new Map(),
  updates: new Map(),
  deletes: new Map(),
};

const CREATED_AT_VERSION = '_row_created_at_version';

/** Ids per `IN` filter when base rows are looked up by id. */
const LOOKUP_CHUNK = 1_000;

/** True when a diff holds no change. */
export function isEmptyDiff(diff: TableDiff): boolean {
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
  if (base.table === head.table && base.branch === head.branch && base.version === head.version)
    return EMPTY_TABLE_DIFF;
  const [baseReader, headReader] = await Promise.all([
    tables.reader(base.table, base),
    tables.reader(head.table, head),
  ]);
  if (base.rowCount === 0) return { ...EMPTY_TABLE_DIFF, inserts: byId(await headReader.scan()) };
  if (
    base.table === head.table &&
    (await pinDescendsFrom(tables, head.table, head, base)) &&
    (await versionStampsReliable(headReader))
  )
    return incrementalDiff(baseReader, headReader);
  return fullDiff(baseReader, headReader);
}

async function incrementalDiff(
  baseReader: TableReader,
  headReader: TableReader,
): Promise<TableDiff> {
  const [changed, baseIds, headIds] = await Promise.all([
    rowsChangedSince(headReader, baseReader.pin.version),
    idsOf(baseReader),
    idsOf(headReader),
  ]);
  const deleted = [...baseIds].filter((id) => !headIds.has(id));
  const rewritten = changed.map((c) => c.row).filter((row) => baseIds.has(idOf(row)));
  const before = await rowsByIds(baseReader, [...rewritten.map(idOf), ...deleted]);
  const inserts = new Map<string, Row>();
  const updates = new Map<string, EntityUpdate>();
  for (const { row } of changed) {
    const id = idOf(row);
    const old = before.get(id);
    if (old === undefined) inserts.set(id, row);
    else if (!rowsEqual(headReader.columns, old, row)) updates.set(id, { before: old, after: row });
  }
  const deletes = new Map(deleted.map((id) => [id, before.get(id) ?? { id }]));
  return { inserts, updates, deletes };
}

async function fullDiff(baseReader: TableReader, headReader: TableReader): Promise<TableDiff> {
  const [baseRows, headRows] = await Promise.all([baseReader.scan(), headReader.scan()]);
  const before = byId(baseRows);
  const inserts = new Map<string, Row>();
  const updates = new Map<string, EntityUpdate>();
  for (const row of headRows) {
    const id = idOf(row);
    const old = before.get(id);
    before.delete(id);
    if (old === undefined) inserts.set(id, row);
    else if (!rowsEqual(headReader.columns, old, row)) updates.set(id, { before: old, after: row });
  }
  return { inserts, updates, deletes: before };
}

function idOf(row: Row): string {
  return row[ID_COLUMN] as string;
}

function byId(rows: readonly Row[]): Map<string, Row> {
  return new Map(rows.map((row) => [idOf(row), row]));
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

async function idsOf(reader: TableReader): Promise<Set<string>> {
  const scanned = await reader.scanColumns({ columns: [ID_COLUMN] });
  return new Set(scanned.columns[ID_COLUMN] as readonly string[]);
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
