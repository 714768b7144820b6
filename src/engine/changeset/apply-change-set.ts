import { where } from '../lance/index.js';
import { LOAD_BATCH_ROWS } from '../load/index.js';
import { CHUNK, chunks } from '../snapshot/index.js';
import type { WriteSession } from '../protocol/index.js';
import type { ChangeSet } from './change-set.js';

/**
 * Applies a (validated) change set through a write session: per table, in key order, deletes
 * by id in bounded IN-list chunks, then upserts as merge-inserts by id in bounded batches.
 * Tables with no change are not opened, so they keep their version.
 */
export async function applyChangeSet(session: WriteSession, changes: ChangeSet): Promise<void> {
  const keys = [...changes.keys()].sort();
  for (const key of keys) {
    const table = changes.get(key);
    if (!table || (table.deletes.size === 0 && table.upserts.size === 0)) continue;
    const writable = await session.table(key);
    for (const ids of chunks([...table.deletes], CHUNK)) await writable.delete(where.in('id', ids));
    for (const rows of chunks([...table.upserts.values()], LOAD_BATCH_ROWS))
      await writable.mergeInsert(rows);
  }
}
