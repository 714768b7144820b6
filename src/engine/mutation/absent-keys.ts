import { heldIds, type ChangeSet, type TableChanges } from '../changeset/index.js';
import type { Snapshot } from '../snapshot/index.js';

/** The ids of `ids` that the base does not hold in table `tableKey`. */
async function absentOf(
  base: Snapshot,
  tableKey: string,
  ids: readonly string[],
): Promise<readonly string[]> {
  const held = new Set(await heldIds(base, tableKey, ids));
  return ids.filter((id) => !held.has(id));
}

/**
 * The change set with the keyed inserts that the base does not hold marked `absent`, so that they
 * are appended rather than merge-inserted: one bounded IN-list lookup of their ids per table, read
 * while the write protocol records its intent (the lookup only reads).
 */
export async function markAbsentKeys(
  base: Snapshot,
  changes: ChangeSet,
  keyedInserts: ReadonlyMap<string, readonly string[]>,
): Promise<ChangeSet> {
  if (keyedInserts.size === 0) return changes;
  const looked = await Promise.all(
    [...keyedInserts].map(async ([key, ids]) => [key, await absentOf(base, key, ids)] as const),
  );
  const marked = new Map<string, TableChanges>(changes);
  for (const [key, absent] of looked) {
    const table = changes.get(key);
    if (table === undefined || absent.length === 0) continue;
    marked.set(key, { ...table, absent: new Set([...(table.absent ?? []), ...absent]) });
  }
  return marked;
}
