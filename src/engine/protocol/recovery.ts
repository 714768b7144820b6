import { newUlid } from '../../util/ulid.js';
import { OmniError } from '../../util/omni-error.js';
import type { JsonObject } from '../../storage/json-object.js';
import {
  publishHead,
  readHead,
  nowMicros,
  writeCommitRecord,
  type BranchHead,
  type CommitReader,
  type CommitRecord,
  GraphKeys,
  type GraphRoot,
  deleteIntent,
  listIntents,
  type IntentTable,
  type ManifestEntry,
  type RecoveryIntent,
  type SkippedIntents,
} from '../root/index.js';
import { readLease } from './lease-record.js';
import type { LeaseTake } from './writer-lease.js';

/** How far back from a head recovery looks for an intent's commit. */
export const PUBLISHED_SEARCH_DEPTH = 64;

/** How often recovery of one intent starts over when the head moves under it. */
const ROLLBACK_ATTEMPTS = 3;

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

/** The head's entry for a table on the intent's Lance branch: what to put the table back to. */
function pinOf(head: CommitRecord, table: IntentTable): ManifestEntry | undefined {
  return Object.values(head.manifest.tables).find(
    (entry) => entry.table === table.table && entry.branch === table.lanceBranch,
  );
}

/** A table the write created: whether or not the write opened it, undoing drops it. */
function createdByWrite(table: IntentTable): boolean {
  return table.pinnedVersion === null && !table.forksBranch;
}

/**
 * Puts a table written in place back to what the current head pins, the only published truth
 * (the intent's own pin may be stale: a writer that lost the lease records its intent against an
 * old head). A table whose Lance head is past the head's pin is restored, which commits a new
 * version holding the pinned content: resolves that version then, else undefined. A lazy fork
 * the head does not pin is left as it is: a writer that lost the lease may still hold it open,
 * and deleting a Lance branch under a writer lets it write into the deleted branch; the next
 * fork of the table reuses it instead (WriteSession).
 */
async function restoreTable(
  root: GraphRoot,
  head: CommitRecord,
  table: IntentTable,
): Promise<number | undefined> {
  const pin = pinOf(head, table);
  if (pin === undefined) return undefined;
  const writer = await root.tables.writer(table.table, table.lanceBranch);
  if (writer.version <= pin.version) return undefined;
  return (await writer.restore(pin.version)).version;
}

/**
 * Publishes the commit that makes restored tables' new versions the pinned ones, on `head` by
 * compare-and-swap. Writers would otherwise reset those tables again (their Lance head is past
 * their pin). The commit changes no entity. Resolves null when another writer moved the head
 * first: the restored versions are then past its pins, and the next writer resets them.
 */
async function publishRecoveryCommit(
  root: GraphRoot,
  head: JsonObject<BranchHead>,
  base: CommitRecord,
  restored: ReadonlyMap<string, number>,
): Promise<string | null> {
  const tables = Object.fromEntries(
    Object.entries(base.manifest.tables).map(([key, entry]) => {
      const version = restored.get(entry.table);
      return [key, version === undefined ? entry : { ...entry, version }];
    }),
  );
  const commitId = newUlid();
  await writeCommitRecord(root.store, {
    graph_commit_id: commitId,
    graph_branch: base.graph_branch,
    graph_manifest_version: base.graph_manifest_version + 1,
    parent_commit_id: base.graph_commit_id,
    merged_parent_commit_id: null,
    actor_id: RECOVERY_ACTOR,
    created_at: nowMicros(),
    operation: 'recovery',
    manifest: { schemaId: base.manifest.schemaId, tables },
  });
  try {
    await publishHead(root.store, { ...head.value, commitId }, head.etag);
    return commitId;
  } catch (error) {
    await root.store.delete(GraphKeys.commit(commitId));
    if (error instanceof OmniError && error.code === 'conflict') return null;
    throw error;
  }
}

/**
 * Whether the write's own publish could still succeed: its commit record is written and the
 * head is still the commit it was built on. Its writer may be alive (it lost the lease while
 * paused right before its compare-and-swap), so the rollback must move the head first.
 */
async function mayStillPublish(
  root: GraphRoot,
  commits: CommitReader,
  intent: RecoveryIntent,
  head: CommitRecord,
): Promise<boolean> {
  if ((await root.store.head(GraphKeys.commit(intent.commit_id))) === undefined) return false;
  const record = await commits.read(intent.commit_id);
  return record.parent_commit_id === head.graph_commit_id;
}

/** What {@link undoEffects} found when the head moved before its recovery commit. */
const HEAD_MOVED = Symbol('head moved');

/**
 * Puts every table of the intent (of `touched`, when given) back to what the branch's current
 * head pins, and publishes the recovery commit that re-pins tables restored in place, or that
 * moves the head when the writer could otherwise still publish (`writerMayPublish`). Resolves
 * the recovery commit, null when none was needed, or {@link HEAD_MOVED}.
 */
async function undoEffects(
  root: GraphRoot,
  commits: CommitReader,
  intent: RecoveryIntent,
  touched: ReadonlySet<string> | undefined,
  writerMayPublish: boolean,
): Promise<string | null | typeof HEAD_MOVED> {
  const head = await readHead(root.store, intent.branch);
  const base = head && (await commits.read(head.value.commitId));
  let commitId: string | null = null;
  if (head && base) {
    // Restores only add versions, harmless should the writer still publish; the head moves
    // before anything is deleted.
    const restored = new Map<string, number>();
    for (const table of intent.tables) {
      if (createdByWrite(table) || (touched && !touched.has(table.tableKey))) continue;
      const version = await restoreTable(root, base, table);
      if (version !== undefined) restored.set(table.table, version);
    }
    const move =
      restored.size > 0 ||
      (writerMayPublish && (await mayStillPublish(root, commits, intent, base)));
    if (move) commitId = await publishRecoveryCommit(root, head, base, restored);
    if (move && commitId === null) return HEAD_MOVED;
  }
  for (const table of intent.tables) {
    const named = base && Object.values(base.manifest.tables).some((e) => e.table === table.table);
    // A table the write created (no pin, no fork) goes, if it got that far.
    if (createdByWrite(table) && !named) await root.tables.dropTableIfExists(table.table);
  }
  return commitId;
}

/** Drops what is left of an undone write: its commit record and its intent. */
async function dropWrite(root: GraphRoot, intent: RecoveryIntent): Promise<void> {
  await root.store.delete(GraphKeys.commit(intent.commit_id));
  await deleteIntent(root.store, intent.operation_id);
}

/**
 * A writer's undo of its own write that did not publish: the tables it opened (`touched`) go
 * back to what the branch head pins, tables restored in place are re-pinned by a recovery commit
 * (actor {@link RECOVERY_ACTOR}; entity content is exactly the head's), and its commit record
 * and intent are dropped. Must run under the writer lease and the branch's gate. Resolves the
 * recovery commit, or null.
 */
export async function rollBackWrite(
  root: GraphRoot,
  commits: CommitReader,
  intent: RecoveryIntent,
  touched: ReadonlySet<string>,
): Promise<string | null> {
  const commitId = await undoEffects(root, commits, intent, touched, false);
  await dropWrite(root, intent);
  return commitId === HEAD_MOVED ? null : commitId;
}

/**
 * Resolves the intent of a writer that died or lost the writer lease: a published one is
 * dropped (roll forward); an unpublished one is undone against the current head (the intent's
 * own pins may be stale). When its writer may still be running (`writerMayPublish`) and could
 * still publish, the head moves first, so its compare-and-swap loses; a head that moves
 * meanwhile (that writer publishing after all) makes it start over. Must run under the writer
 * lease with no write of the intent's branch in flight.
 */
async function resolveIntent(
  root: GraphRoot,
  commits: CommitReader,
  intent: RecoveryIntent,
  writerMayPublish: boolean,
): Promise<RecoveryOutcome> {
  const outcome = (action: RecoveryOutcome['action'], commitId: string | null) => ({
    operation_id: intent.operation_id,
    writer_kind: intent.writer_kind,
    action,
    recovery_commit_id: commitId,
  });
  for (let attempt = 1; attempt <= ROLLBACK_ATTEMPTS; attempt += 1) {
    if (await isPublished(root, commits, intent)) {
      await deleteIntent(root.store, intent.operation_id);
      return outcome('rolled_forward', null);
    }
    const commitId = await undoEffects(root, commits, intent, undefined, writerMayPublish);
    if (commitId !== HEAD_MOVED) {
      await dropWrite(root, intent);
      return outcome('rolled_back', commitId);
    }
  }
  throw new OmniError(
    'conflict',
    `recovery of ${intent.writer_kind} ${intent.operation_id} gave up: branch '${intent.branch}' kept moving; retry`,
    { details: { operation_id: intent.operation_id, branch: intent.branch } },
  );
}

/**
 * Resolves intents left by writers that died or lost the lease (docs/invariants.md, invariant 7).
 * Must run only right after this process took the writer lease, with no effect of its writes
 * under way: then every intent but those of its writes in flight (`live`, skipped) belongs to a
 * writer that died or lost the lease. Only a take that replaced a holder that may still be
 * running (`replaced_live` in the lease record) has to fence that holder's writes out of
 * publishing: `take` says whether it did (else the lease object is read). A take whose first put
 * landed brings the intents listed beside it (`listedBeside`): those still recorded are left.
 */
export async function recoverPendingWrites(
  root: GraphRoot,
  commits: CommitReader,
  take?: LeaseTake,
  live: SkippedIntents = new Set(),
): Promise<RecoveryOutcome[]> {
  const writersMayPublish =
    take?.replacedLive ?? (await readLease(root.store))?.value.replaced_live === true;
  const outcomes: RecoveryOutcome[] = [];
  const listed = take?.listedBeside
    ? stillRecorded(root, await take.listedBeside)
    : listIntents(root.store, live);
  for (const intent of await withoutEffectless(root, await listed, take?.replaced))
    outcomes.push(await resolveIntent(root, commits, intent, writersMayPublish));
  return outcomes;
}

/**
 * Whether `intent` was recorded beside a take of the lease (`take_generation`) other than the
 * one the resolving take replaced (`replaced`), so that deleting it is all recovery has to do.
 * Either that take has not landed (the writer waits for the lease, and starts over without the
 * intent once it holds it), or its writer died before it landed (no effect), or the writer held
 * the lease and released it: an intent it left then is a published write's (its delete failed:
 * deleting it rolls it forward), or was recorded again without the generation (`leaveIntent`)
 * because its write left effects. A writer that crashed or was paused holding the lease is
 * replaced by a takeover of its generation, which resolves its intent as any other.
 */
function madeNoEffect(intent: RecoveryIntent, replaced: string | undefined): boolean {
  return intent.take_generation !== undefined && intent.take_generation !== replaced;
}

/**
 * The intents to resolve among `intents`: those {@link madeNoEffect} names are only deleted,
 * with nothing to report.
 */
async function withoutEffectless(
  root: GraphRoot,
  intents: readonly RecoveryIntent[],
  replaced?: string,
): Promise<RecoveryIntent[]> {
  const effectless = intents.filter((intent) => madeNoEffect(intent, replaced));
  await Promise.all(effectless.map((intent) => deleteIntent(root.store, intent.operation_id)));
  return intents.filter((intent) => !madeNoEffect(intent, replaced));
}

/**
 * Of the intents a take listed beside its first put, those still recorded now that it landed.
 * The lease object was absent then, so whoever held the lease while the listing ran has released
 * it since: what it left is still there, what it published or undid is gone. An intent recorded
 * after the listing by a holder that released the lease with it left (its undo failed) is
 * missed, as is a late one of a writer that lost the lease: the next write of its branch, which
 * lists them, or the next take resolves it, and a write resets the tables it opens to their pins.
 */
async function stillRecorded(
  root: GraphRoot,
  intents: readonly RecoveryIntent[],
): Promise<readonly RecoveryIntent[]> {
  const stored = await Promise.all(
    intents.map((intent) => root.store.head(GraphKeys.intent(intent.operation_id))),
  );
  return intents.filter((_, index) => stored[index] !== undefined);
}

/**
 * The intents left on `branch` by other writes than those in `skipped` (the caller's own, and
 * published ones this process is deleting). A write lists them when it records its own intent
 * (see `runWrite`): a writer that lost the lease may record one after the last take's recovery,
 * and this keeps it from outliving the next write of its branch. Such a writer cannot publish
 * (its last check comes after its intent, so after the take), and an intent older than the take
 * was resolved by the take's recovery.
 */
export async function intentsLeftOn(
  root: GraphRoot,
  branch: string,
  skipped: SkippedIntents,
): Promise<RecoveryIntent[]> {
  const onBranch = (await listIntents(root.store, skipped)).filter(
    (intent) => intent.branch === branch,
  );
  return withoutEffectless(root, onBranch);
}

/**
 * Resolves intents left on a branch ({@link intentsLeftOn}), each once `check` (the writer's
 * fence) passes. Must run under the writer lease and the branch's gate, before any effect of
 * the write that found them.
 */
export async function resolveLeftIntents(
  root: GraphRoot,
  commits: CommitReader,
  intents: readonly RecoveryIntent[],
  check: () => Promise<void>,
): Promise<void> {
  for (const intent of intents) {
    await check();
    await resolveIntent(root, commits, intent, false);
  }
}
