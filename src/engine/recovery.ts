import { OmniError } from '../util/omni-error.js';
import { readHead } from './branch-head.js';
import type { CommitReader } from './commit-record.js';
import { GraphKeys } from './graph-layout.js';
import type { GraphRoot } from './graph-root.js';
import {
  deleteIntent,
  listIntents,
  type IntentTable,
  type RecoveryIntent,
} from './recovery-intent.js';

/** How far back from a head recovery looks for an intent's commit. */
const PUBLISHED_SEARCH_DEPTH = 64;

/** What recovery did with one intent. */
export interface RecoveryOutcome {
  readonly operation_id: string;
  readonly writer_kind: string;
  readonly action: 'rolled_forward' | 'rolled_back';
}

async function isPublished(
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

/** Puts one table back to what the last published manifest pins. */
export async function undoTableEffect(root: GraphRoot, table: IntentTable): Promise<void> {
  if (table.forksBranch) {
    try {
      await root.tables.deleteBranch(table.table, table.lanceBranch);
    } catch (error) {
      if (!(error instanceof OmniError && error.code === 'not_found')) throw error;
    }
    return;
  }
  if (table.pinnedVersion === null) return;
  const writer = await root.tables.writer(table.table, table.lanceBranch);
  if (writer.version > table.pinnedVersion) await writer.restore(table.pinnedVersion);
}

/**
 * Resolves intents left by writers that died (ARCHITECTURE.md invariant 3). Must run only
 * while holding the writer lease with no write of this process in flight: then every intent
 * belongs to a dead writer. A published intent is simply dropped; an unpublished one has each
 * touched table reset to its pin and its unreferenced commit record removed.
 */
export async function recoverPendingWrites(
  root: GraphRoot,
  commits: CommitReader,
): Promise<RecoveryOutcome[]> {
  const outcomes: RecoveryOutcome[] = [];
  for (const intent of await listIntents(root.store)) {
    const published = await isPublished(root, commits, intent);
    if (!published) {
      for (const table of intent.tables) await undoTableEffect(root, table);
      await root.store.delete(GraphKeys.commit(intent.commit_id));
    }
    await deleteIntent(root.store, intent.operation_id);
    outcomes.push({
      operation_id: intent.operation_id,
      writer_kind: intent.writer_kind,
      action: published ? 'rolled_forward' : 'rolled_back',
    });
  }
  return outcomes;
}
