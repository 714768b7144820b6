import { diffSnapshots, isEmptyDiff } from '../diff/index.js';
import {
  appendedTail,
  type ArrowRows,
  CREATED_AT_VERSION,
  type Filter,
  type LanceTables,
  type TableReader,
  UPDATED_AT_VERSION,
  where,
} from '../lance/index.js';
import type { ManifestEntry } from '../root/index.js';
import type { Snapshot } from '../snapshot/index.js';
import { fastForwardTable, NO_CHANGES, type MergeTableEffect } from './three-way.js';

/**
 * The tables a fast-forward may write: those whose source pin differs from the base's. A table
 * the source never wrote keeps the base's pin and is not even read.
 */
export function fastForwardTables(base: Snapshot, source: Snapshot): string[] {
  return source
    .types()
    .map(({ key }) => key)
    .filter((key) => !samePin(base.entry(key), source.entry(key)));
}

/**
 * What a fast-forward writes to each target table (the target is still at the base): when every
 * changed table of the source only gained rows since the base ({@link appendedRows}), those rows,
 * appended as Lance returns them and found without any row-level diff; otherwise (one table is
 * enough) every change of the source's entity diff against the base ({@link diffEffects}).
 */
export async function fastForwardEffects(
  tables: LanceTables,
  base: Snapshot,
  source: Snapshot,
): Promise<Map<string, MergeTableEffect>> {
  const keys = fastForwardTables(base, source);
  const appended = await Promise.all(keys.map((key) => appendedRows(tables, key, base, source)));
  const effects = new Map<string, MergeTableEffect>();
  for (const [index, key] of keys.entries()) {
    const inserts = appended[index];
    if (inserts === undefined) return diffEffects(tables, base, source);
    if (inserts.numRows > 0) effects.set(key, { inserts, changes: NO_CHANGES });
  }
  return effects;
}

/** The general fast-forward: every change of the source's entity diff against the base. */
export async function diffEffects(
  tables: LanceTables,
  base: Snapshot,
  source: Snapshot,
): Promise<Map<string, MergeTableEffect>> {
  const effects = new Map<string, MergeTableEffect>();
  for (const [key, diff] of await diffSnapshots(tables, base, source))
    if (!isEmptyDiff(diff)) effects.set(key, fastForwardTable(diff));
  return effects;
}

/**
 * The rows the source's table `key` gained since the base, when that is all that changed (no
 * base row updated or deleted): Lance's Arrow batches of every table column, never decoded.
 * Undefined when the table changed otherwise, or when Lance's row stamps cannot tell.
 *
 * With an empty base every source row is new, in whichever table. Otherwise the stamps decide
 * ({@link onlyCreatedRows}), when the source's Lance branch holds the base version
 * ({@link holdsBase}). The rows of both versions are their pins' counts, which every commit
 * records.
 */
export async function appendedRows(
  tables: LanceTables,
  key: string,
  base: Snapshot,
  source: Snapshot,
): Promise<ArrowRows | undefined> {
  const [basePin, headPin] = [base.entry(key), source.entry(key)];
  const headReader = await source.reader(key);
  const columns = headReader.columns.map((column) => column.name);
  // Whichever table holds them (a load into a table never written replaces it).
  if (basePin.rowCount === 0) return headReader.scanArrow({ columns });
  if (basePin.table !== headPin.table) return undefined;
  const [holds, created] = await Promise.all([
    holdsBase(tables, basePin, headPin),
    onlyCreatedRows(headReader, columns, BigInt(basePin.version), [
      basePin.rowCount,
      headPin.rowCount,
    ]),
  ]);
  return holds ? created : undefined;
}

/**
 * Most rows a fast-forward takes by offset (see {@link onlyCreatedRows}): Lance's take costs
 * about 1 µs a row and grows steeply past some thousands (62 ms for 20,000), where the filtered
 * scan costs about 0.6 µs a row read plus a pass over every row's stamp.
 */
const TAIL_TAKE_ROWS = 4_096;

/**
 * The share of a table's rows past which its new rows are scanned for rather than taken: a take
 * reads at most an eighth. Measured from 1k to 1M rows: at 1M, 1.8 ms against 17 for one new row
 * and 2.7 against 18.5 for 1,000; at 2,000 rows half new, the scan is quicker (2.5 against 3.4).
 */
const TAIL_SHARE = 8;

/**
 * The rows of the version `reader` (of `headRows`) created after table version `since` (of
 * `baseRows`), with `columns`, when they are all it changed; else undefined. A row created after
 * `since` is a new incarnation; one created at or before it existed then, and is unchanged unless
 * updated since (or stamped unreliably: {@link unreliableOrUpdated}). When no row is either and
 * the old incarnations number `baseRows`, every base row is there unchanged, and the new
 * incarnations (ids are unique) are all new entities.
 *
 * A few rows gained are taken where appends put them, at the end of the scan order
 * ({@link appendedTail}): when every one was created since, one count of the rows created since
 * or changed finds whether they are all of them. Otherwise the stamps are scanned for the new
 * rows beside a count of the changed ones.
 */
async function onlyCreatedRows(
  reader: TableReader,
  columns: readonly string[],
  since: bigint,
  [baseRows, headRows]: readonly [number, number],
): Promise<ArrowRows | undefined> {
  const createdSince = where.gt(CREATED_AT_VERSION, since);
  const gained = headRows - baseRows;
  if (gained > 0 && gained <= TAIL_TAKE_ROWS && gained * TAIL_SHARE <= headRows) {
    const [tail, createdOrChanged] = await Promise.all([
      appendedTail(reader, { from: baseRows, to: headRows, since, columns }),
      reader.count(where.or(createdSince, unreliableOrUpdated(since))),
    ]);
    // The count is of every row created or changed since, the tail's among them: as many as the
    // tail, and no other row was.
    if (tail !== undefined) return createdOrChanged === gained ? tail : undefined;
  }
  const [created, changed] = await Promise.all([
    reader.scanArrow({ filter: createdSince, columns }),
    reader.count(unreliableOrUpdated(since)),
  ]);
  return changed === 0 && headRows - created.numRows === baseRows ? created : undefined;
}

/**
 * Rows whose stamps say nothing about the base, or that changed since it without being new:
 * those Lance stamped as created at version 1 (which is every table's empty creation; Lance 0.39
 * stamps so every row written on a branch forked from a version without data fragments), and
 * rows created at or before the base version but written after it.
 */
function unreliableOrUpdated(since: bigint): Filter {
  return where.or(
    where.le(CREATED_AT_VERSION, 1n),
    where.and(where.gt(UPDATED_AT_VERSION, since), where.le(CREATED_AT_VERSION, since)),
  );
}

/**
 * True when the head pin's history holds the base pin, so that both pins' row stamps count the
 * versions of one history: the same Lance branch at or past the base version, or a branch forked
 * from the base's branch at or past it (a source branch's first write of a table forks it from
 * the pin it had, the base's). Anything further (a fork of a fork) is left to the general diff.
 */
async function holdsBase(
  tables: LanceTables,
  base: ManifestEntry,
  head: ManifestEntry,
): Promise<boolean> {
  if (head.branch === base.branch) return head.version >= base.version;
  const fork = await tables.branch(head.table, head.branch);
  return fork?.parentBranch === base.branch && fork.parentVersion >= base.version;
}

function samePin(a: ManifestEntry, b: ManifestEntry): boolean {
  return a.table === b.table && a.branch === b.branch && a.version === b.version;
}
