import { where } from '../lance/filter.js';
import { LOAD_BATCH_ROWS } from '../loader.js';
import { CHUNK, chunks } from '../snapshot-lookups.js';
import type { WriteSession } from '../write-session.js';
import type { ChangeSet } from './change-set.js';

/**
 * Applies a (validated) change set through a write session: per table, in key order, deletes
 * by id in bounded IN-list chunks — the deleted ids and the ids of replaced rows — then appends
 * the upserted rows in bounded batches. A replace is a delete and an append, not a Lance
 * merge-insert: several times faster for small writes (a merge-insert joins against the whole
 * table), and a delete of ids that are not there is skipped. Tables with no change are not
 * opened, so they keep their version.
 */
export async function applyChangeSet(session: WriteSession, changes: ChangeSet): Promise<void> {
  const keys = [...changes.keys()].sort();
  for (const key of keys) {
    const table = changes.get(key);
    if (!table || (table.deletes.size === 0 && table.upserts.size === 0)) continue;
    const writable = await session.table(key);
    const removed = [...table.deletes, ...table.upserts.keys()];
    for (const ids of chunks(removed, CHUNK)) await writable.delete(where.in('id', ids));
    for (const rows of chunks([...table.upserts.values()], LOAD_BATCH_ROWS))
      await writable.append(rows);
  }
}
