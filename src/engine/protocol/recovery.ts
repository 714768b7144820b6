import { newUlid } from '../../util/ulid.js';
import { OmniError } from '../../util/omni-error.js';
import {
  publishHead,
  readHead,
  nowMicros,
  writeCommitRecord,
  type CommitReader,
  GraphKeys,
  type GraphRoot,
  deleteIntent,
  listIntents,
  type IntentTable,
  type RecoveryIntent,
} from '../root/index.js';

/** How far back from a head recovery looks for an intent's commit. */
const PUBLISHED_SEARCH_DEPTH = 64;

/** Actor of the commits recovery publishes (see docs/reference/storage-layout.md). */
export const RECOVERY_ACTOR = 'omnigraph:recovery';

/** What recovery did with one intent. */
export interface RecoveryOutcome {
  readonly operation_id: string;
  readonly writer_kind: string;
  readonly action: 'rolled_forward' | 'rolled_back';
  /**
   * The commit that re-pinned tables restored in place (see {@link rollBackWrite}), or null
   * when the rollback needed none.
   */
  readonly recovery_commit_id: string | null;
}

/** Whether the commit an intent was about to publish is on its branch (a head reaches it). */
export async function isPublished(
  root: GraphRoot,
  commits: CommitReader,
  intent: RecoveryIntent,
): Promise<boolean> {
  const head = await readHead(root.store, intent.branch);
  if (!head) return false;
  const queue = [head.value.commitId];
  const seen = new Set<string>();
  while (queue.length > 0 && seen.size < PUBLISHED_SEARCH_DEPTH) {
    const id = queue.shift() as string;
    if (id === intent.commit_id) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    const record = await commits.read(id);
    if (record.parent_commit_id) queue.push(record.parent_commit_id);
    if (record.merged_parent_commit_id) queue.push(record.merged_parent_commit_id);
  }
  return false;
}

/**
 * Puts one table back to what the last published manifest pins. A lazy fork is undone by
 * deleting the Lance branch; a table written in place is restored, which commits a new Lance
 * version holding the pinned content: resolves that version then, else undefined.
 */
async function undoTableEffect(root: GraphRoot, table: IntentTable): Promise<number | undefined> {
  if (table.forksBranch) {
    try {
      await root.tables.deleteBranch(table.table, table.lanceBranch);
    } catch (error) {
      if (!(error instanceof OmniError && error.code === 'not_found')) throw error;
    }
    return undefined;
  }
  if (table.pinnedVersion === null) {
    await dropCreatedTable(root, table.table);
    return undefined;
  }
  const writer = await root.tables.writer(table.table, table.lanceBranch);
  if (writer.version <= table.pinnedVersion) return undefined;
  return (await writer.restore(table.pinnedVersion)).version;
}

/** Undoes a table the write created (no pin, no fork): drops it, if it got that far. */
async function dropCreatedTable(root: GraphRoot, name: string): Promise<void> {
  try {
    await root.tables.dropTable(name);
  } catch (error) {
    if (!(error instanceof OmniError && error.code === 'not_found')) throw error;
  }
}

/** A table the write created: whether or not the write opened it, undoing drops it. */
function createdByWrite(table: IntentTable): boolean {
  return table.pinnedVersion === null && !table.forksBranch;
}

/**
 * Publishes the commit that makes restored tables' new versions the pinned ones. Writers
 * refuse a table whose Lance head is past its pin (it would build on unpublished versions),
 * and a restore cannot move a head back, only forward to a copy of the pinned content; without
 * this commit the restored tables could never be written again. The commit changes no entity.
 */
async function publishRecoveryCommit(
  root: GraphRoot,
  commits: CommitReader,
  intent: RecoveryIntent,
  restored: ReadonlyMap<string, number>,
): Promise<string | null> {
  const head = await readHead(root.store, intent.branch);
  if (!head) return null;
  const base = await commits.read(head.value.commitId);
  const tables = { ...base.manifest.tables };
  let repinned = false;
  for (const table of intent.tables) {
    const version = restored.get(table.tableKey);
    const entry = tables[table.tableKey];
    // Only a table the head still pins at the intent's pin holds exactly the restored content.
    if (version === undefined || !entry) continue;
    if (entry.branch !== table.lanceBranch || entry.version !== table.pinnedVersion) continue;
    tables[table.tableKey] = { ...entry, version };
    repinned = true;
  }
  if (!repinned) return null;
  const commitId = newUlid();
  await writeCommitRecord(root.store, {
    graph_commit_id: commitId,
    graph_branch: intent.branch,
    graph_manifest_version: base.graph_manifest_version + 1,
    parent_commit_id: base.graph_commit_id,
    merged_parent_commit_id: null,
    actor_id: RECOVERY_ACTOR,
    created_at: nowMicros(),
    manifest: { schemaId: base.manifest.schemaId, tables },
  });
  await publishHead(root.store, { ...head.value, commitId }, head.etag);
  return commitId;
}

/**
 * Undoes the table effects of a write that did not publish, then drops its commit record and
 * intent. Tables restored in place are re-pinned by a recovery commit (actor
 * {@link RECOVERY_ACTOR}); entity content is exactly what it was before the write. `touched`
 * limits the undo to the tables the write opened (all of the intent's by default). Must run
 * under the writer lease with no other write of the intent's branch in flight.
 */
export async function rollBackWrite(
  root: GraphRoot,
  commits: CommitReader,
  intent: RecoveryIntent,
  touched?: ReadonlySet<string>,
): Promise<string | null> {
  const head = await readHead(root.store, intent.branch);
  const restored = new Map<string, number>();
  for (const table of intent.tables) {
    if (touched && !touched.has(table.tableKey) && !createdByWrite(table)) continue;
    // Tables of a branch deleted since (or deleted and created again, with a new Lance branch)
    // are published nowhere: only their forks are worth reclaiming.
    if (!table.forksBranch && head?.value.lanceBranch !== table.lanceBranch) continue;
    const version = await undoTableEffect(root, table);
    if (version !== undefined) restored.set(table.tableKey, version);
  }
  const commitId =
    restored.size > 0 ? await publishRecoveryCommit(root, commits, intent, restored) : null;
  await root.store.delete(GraphKeys.commit(intent.commit_id));
  await deleteIntent(root.store, intent.operation_id);
  return commitId;
}

/**
 * Resolves intents left by writers that died (docs/invariants.md, invariant 7). Must run only while
 * holding the writer lease with no write of this process in flight: then every intent belongs to a
 * dead writer. A published intent is simply dropped (roll forward); an unpublished one is rolled
 * back with {@link rollBackWrite}.
 */
export async function recoverPendingWrites(
  root: GraphRoot,
  commits: CommitReader,
): Promise<RecoveryOutcome[]> {
  const outcomes: RecoveryOutcome[] = [];
  for (const intent of await listIntents(root.store)) {
    const published = await isPublished(root, commits, intent);
    let recoveryCommit: string | null = null;
    if (published) await deleteIntent(root.store, intent.operation_id);
    else recoveryCommit = await rollBackWrite(root, commits, intent);
    outcomes.push({
      operation_id: intent.operation_id,
      writer_kind: intent.writer_kind,
      action: published ? 'rolled_forward' : 'rolled_back',
      recovery_commit_id: recoveryCommit,
    });
  }
  return outcomes;
}
