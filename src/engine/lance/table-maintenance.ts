import type { Table as LanceTable } from '@lancedb/lancedb';

/** What {@link pruneVersions} removed. */
export interface PruneOutcome {
  readonly bytesRemoved: number;
  readonly oldVersionsRemoved: number;
  /** The branch's latest version afterwards. */
  readonly version: number;
}

/**
 * Removes the versions of the handle's branch committed before `olderThan` (its latest version
 * and its branches' fork points are always kept). Lance's only pruning call is `optimize`,
 * which also compacts and folds new rows into indexes first: call it on a table that is already
 * compacted, or the head moves. Lance measures the cutoff against its own clock when pruning
 * starts, so a caller that must keep a version passes a cutoff with a margin before it.
 */
export async function pruneVersions(table: LanceTable, olderThan: Date): Promise<PruneOutcome> {
  const stats = await table.optimize({ cleanupOlderThan: olderThan, deleteUnverified: false });
  return {
    bytesRemoved: stats.prune.bytesRemoved,
    oldVersionsRemoved: stats.prune.oldVersionsRemoved,
    version: await table.version(),
  };
}

/** Fragments of the handle's version (what compaction merges). */
export async function fragmentCount(table: LanceTable): Promise<number> {
  return (await table.stats()).fragmentStats.numFragments;
}
