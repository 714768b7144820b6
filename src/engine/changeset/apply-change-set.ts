import { ROW_ID_COLUMN, where, type EdgeEnds, type Filter, type Row } from '../lance/index.js';
import { LOAD_BATCH_ROWS } from '../load/index.js';
import { CHUNK, chunks } from '../snapshot/index.js';
import type { WriteSession } from '../protocol/index.js';
import { settleAll } from '../../util/settle-all.js';
import type { ChangeSet, TableChanges } from './change-set.js';

/** A table's upserts split into rows new to the base and rows that may replace one. */
function splitUpserts(table: TableChanges): { added: Row[]; replaced: Row[] } {
  const added: Row[] = [];
  const replaced: Row[] = [];
  for (const [id, row] of table.upserts)
    (table.absent?.has(id) === true ? added : replaced).push(row);
  return { added, replaced };
}

/** The endpoints of the deleted edges `ids`, when the change knows every one's. */
function endsOf(table: TableChanges, ids: readonly string[]): EdgeEnds | undefined {
  const known = table.deletedEnds;
  if (known === undefined) return undefined;
  const src: string[] = [];
  const dst: string[] = [];
  for (const id of ids) {
    const ends = known.get(id);
    if (ends === undefined) return undefined;
    src.push(ends.src);
    dst.push(ends.dst);
  }
  return { src, dst };
}

/** The filter of a delete of `ids`: by their stable row ids when the change read every one's. */
function deleteFilter(table: TableChanges, ids: readonly string[]): Filter {
  const known = table.deletedRowIds;
  const rowIds: bigint[] = [];
  for (const id of ids) {
    const rowId = known?.get(id);
    if (rowId === undefined) return where.in('id', ids);
    rowIds.push(rowId);
  }
  return where.in(ROW_ID_COLUMN, rowIds);
}

/**
 * Applies a (validated) change set through a write session, every changed table at once: the
 * tables are independent until the commit publishes them together, so a commit of several
 * waits for its longest table rather than their sum (on object storage, a Lance write is four
 * requests in a row). Every table's writes settle before an error is thrown, so none runs on
 * behind it. Per table: deletes by id in bounded IN-list chunks (telling the session the ids,
 * and the deleted edges' endpoints when known, for the read caches), then the upserts in
 * bounded batches: those the base does not hold (`absent`) appended, the rest merge-inserted by
 * id (a single one written as an update of its row: see `SessionTable.mergeInsert`). Tables with
 * no change are not opened, so they keep their version.
 */
export async function applyChangeSet(session: WriteSession, changes: ChangeSet): Promise<void> {
  const changed = [...changes].filter(
    ([, table]) => table.deletes.size > 0 || table.upserts.size > 0,
  );
  await settleAll(changed.map(([key, table]) => applyTableChanges(session, key, table)));
}

async function applyTableChanges(
  session: WriteSession,
  key: string,
  table: TableChanges,
): Promise<void> {
  const writable = await session.table(key);
  for (const ids of chunks([...table.deletes], CHUNK)) {
    const removesRows = ids.some((id) => table.held?.has(id) === true);
    await writable.delete(deleteFilter(table, ids), { ids, ends: endsOf(table, ids) }, removesRows);
  }
  const { added, replaced } = splitUpserts(table);
  for (const rows of chunks(added, LOAD_BATCH_ROWS)) await writable.append(rows);
  for (const rows of chunks(replaced, LOAD_BATCH_ROWS)) await writable.mergeInsert(rows);
}
