import type { CommitOperation } from '../../api/commit-output.js';
import { newUlid } from '../../util/ulid.js';
import { OmniError } from '../../util/omni-error.js';
import {
  publishHead,
  type BranchHead,
  nowMicros,
  writeCommitRecord,
  type CommitRecord,
  GraphKeys,
  type ManifestEntry,
  deleteIntent,
  leaveIntent,
  writeIntent,
  type IntentTable,
  type RecoveryIntent,
  type WriterKind,
} from '../root/index.js';
import type { GraphContext } from './graph-context.js';
import { intentsLeftOn, resolveLeftIntents, rollBackWrite } from './recovery.js';
import type { Snapshot } from '../snapshot/index.js';
import { isFenceError, WriteFence } from './write-fence.js';
import type { JsonObject } from '../../storage/json-object.js';
import { settleAll } from '../../util/settle-all.js';
import { ReaderWarmup } from './reader-warmup.js';
import { NO_RECOVERY, type LeaseHold } from './writer-lease.js';
import { WriteSession } from './write-session.js';

/** What a writer's prepare step decides before any effect: the tables it will touch. */
export interface WritePlan {
  readonly tables: readonly string[];
  /**
   * Tables the write creates (schema apply's new types), by new table key: recorded in the
   * intent with no pin, so undoing the write drops them.
   */
  readonly createdTables?: readonly { readonly tableKey: string; readonly table: string }[];
}

/**
 * How a write's commit differs from a plain linear commit of the session's table changes:
 * a merge's second parent, a schema apply's new schema and tables, or a commit that must be
 * published although no table row changed (metadata-only schema changes).
 */
export interface CommitShape {
  readonly mergedParentCommitId?: string;
  readonly schemaId?: string;
  /** Manifest entries to set (added or replaced tables) or, when null, remove (dropped types). */
  readonly tables?: Readonly<Record<string, ManifestEntry | null>>;
  /** Publish even when the session changed no table. */
  readonly publishUnchanged?: boolean;
}

/** A write, in two steps: validate and plan against the base snapshot, then apply. */
export interface WriteRequest<P extends WritePlan, R> {
  readonly kind: WriterKind;
  /**
   * What the commit records as its operation, when not the writer kind itself (`cleanup` and
   * `ensure_indices` write as `optimize`).
   */
  readonly operation?: CommitOperation;
  readonly branch: string;
  readonly actor: string | null;
  /** Recorded on the commit; checked by the caller (`commitMessageOf`), absent for none. */
  readonly message?: string | undefined;
  /**
   * Compare-and-swap precondition (`--if-commit`): the write runs only if the branch head is
   * this commit when checked under the branch gate, before any effect.
   */
  readonly expectedHead?: string;
  /** Validation before effect: throws to reject the write with no effect at all. */
  prepare(base: Snapshot, head: BranchHead): Promise<P>;
  /**
   * Runs `prepare` only once the take's recovery has ended, not beside it: maintenance refuses
   * to run while an intent is left.
   */
  readonly prepareAfterRecovery?: boolean;
  /** The table effects, through the session. */
  apply(plan: P, session: WriteSession): Promise<R>;
  /** How the commit differs from a linear commit of the session's tables (after `apply`). */
  shape?(plan: P, result: R): CommitShape;
}

/** A write's result and the commit it published (null when it changed nothing). */
export interface WriteOutcomeOf<R> {
  readonly result: R;
  readonly commit: CommitRecord | null;
}

/**
 * Runs a write under the write protocol (docs/reference/storage-layout.md): writer lease (and
 * recovery of dead writers' intents when this process takes it; an idle lease is taken beside
 * the next three steps), the branch's in-process gate, validation, a recovery intent before the
 * first table effect (with it: the take's recovery, the recovery of intents left on the branch
 * since, and the check of a head known from before the take), table effects, an immutable
 * commit record, and one compare-and-swap of the branch head as the only publish point. The
 * lease is checked before every effect (a {@link WriteFence}): a writer that lost it stops with
 * a `conflict`. A failure before publish undoes every table effect.
 */
export async function runWrite<P extends WritePlan, R>(
  ctx: GraphContext,
  request: WriteRequest<P, R>,
): Promise<WriteOutcomeOf<R>> {
  const afterLease = (hold: LeaseHold): LeaseHold => {
    ctx.failpoints.reach(`${request.kind}.after_lease`);
    return hold;
  };
  // From an idle lease, the take runs beside the write's validation and its intent's put (see
  // prepareWrite); a take's recovery runs beside the write's first requests. The write waits for
  // both before its first effect. Maintenance validates once its take's recovery has ended;
  // schema apply, which creates tables outside the session, takes the lease first.
  const takeBeside =
    !request.prepareAfterRecovery && request.kind !== 'schema_apply' && !ctx.lease.held;
  const taking = ctx.lease.hold().then(afterLease);
  // A take that fails holds nothing; beside the write, the write fails on it where it waits.
  if (takeBeside) taking.catch(() => undefined);
  else await taking;
  try {
    return await ctx.gates.run(request.branch, () => writeUnderGate(ctx, request, taking));
  } finally {
    // Kept a moment for the next write; a write that left its intent releases it at once.
    const held = await taking.then(
      () => true,
      () => false,
    );
    if (held) await ctx.lease.releaseLingering();
  }
}

/** The hold of a write that started over: it has acted on its take's recovery. */
const ACTED_ON: Promise<LeaseHold> = Promise.resolve({
  took: false,
  recovery: NO_RECOVERY,
  waited: false,
});

function intentTables(base: Snapshot, head: BranchHead, tables: readonly string[]): IntentTable[] {
  return tables.map((tableKey) => {
    const entry = base.entry(tableKey);
    const forksBranch = entry.branch !== head.lanceBranch;
    return {
      tableKey,
      table: entry.table,
      lanceBranch: head.lanceBranch,
      pinnedVersion: forksBranch ? null : entry.version,
      forksBranch,
    };
  });
}

/** The head a write starts from: read or published under the current take, or a guess. */
interface StartingHead {
  readonly head: JsonObject<BranchHead>;
  /**
   * Known from before the current take (another process may have moved it since): the write
   * checks it alongside its intent, and starts over on the stored head if it moved.
   */
  readonly guessed: boolean;
}

/**
 * The branch's head to write on. One learnt under the current take of the lease needs no read.
 * One learnt before it is a guess, checked later beside the intent (no request added to the
 * chain); without either, or when `--if-commit` names another commit, the head is read.
 */
async function headToWriteOn<P extends WritePlan, R>(
  ctx: GraphContext,
  request: WriteRequest<P, R>,
): Promise<StartingHead> {
  const take = ctx.lease.take;
  const known = ctx.heads.current(request.branch, take);
  if (known) return { head: known, guessed: false };
  const guess = ctx.heads.lastKnown(request.branch);
  const expected = request.expectedHead;
  if (guess && (expected === undefined || expected === guess.value.commitId))
    return { head: guess, guessed: true };
  return {
    head: await ctx.heads.readRequired(ctx.root.store, request.branch, take),
    // Read while the lease is being taken (beside the write): another process may move the
    // head before the take lands, so it is checked as a guess is.
    guessed: take === undefined,
  };
}

/** Whether the stored head of `branch` is still `head` (same etag). */
async function headIsStored(
  ctx: GraphContext,
  branch: string,
  head: JsonObject<BranchHead>,
): Promise<boolean> {
  return (await ctx.root.store.head(GraphKeys.head(branch)))?.etag === head.etag;
}

async function writeUnderGate<P extends WritePlan, R>(
  ctx: GraphContext,
  request: WriteRequest<P, R>,
  taking: Promise<LeaseHold>,
): Promise<WriteOutcomeOf<R>> {
  const fence = new WriteFence(ctx.lease);
  let attempt = taking;
  if (request.prepareAfterRecovery) {
    // The heads it moved are forgotten: the write reads them.
    const hold = await taking;
    await hold.recovery;
    attempt = Promise.resolve({ ...hold, recovery: NO_RECOVERY });
  }
  // A write that starts over has acted on its take's recovery (took: its take's recovery listed
  // every intent; else the write lists those left on its branch).
  for (; ; attempt = ACTED_ON) {
    const prepared = await prepareWrite(ctx, request, attempt, fence);
    if (prepared === undefined) continue;
    try {
      return await applyWrite(ctx, request, fence, prepared);
    } finally {
      ctx.ownIntents.ended(prepared.intent.operation_id);
    }
  }
}

/** A write validated and planned, its intent durable. */
interface PreparedWrite<P extends WritePlan> {
  readonly head: JsonObject<BranchHead>;
  readonly base: Snapshot;
  readonly plan: P;
  readonly intent: RecoveryIntent;
  readonly session: WriteSession;
}

/**
 * Validates and plans the write on the branch's head, then records its intent. What only reads
 * or writes protocol objects runs together: the intent's put, the fence's check, the take's
 * recovery (when this write's hold came with one), the listing of intents other writers left on
 * the branch (not needed when this write's own take lists them all), and the check of a guessed
 * head. Resolves undefined when the write must start over: recovery resolved intents, the
 * listing found some (resolved here), or the guessed head moved. Its intent is then dropped.
 */
async function prepareWrite<P extends WritePlan, R>(
  ctx: GraphContext,
  request: WriteRequest<P, R>,
  attempt: Promise<LeaseHold>,
  fence: WriteFence,
): Promise<PreparedWrite<P> | undefined> {
  const { store } = ctx.root;
  const { head, guessed } = await headToWriteOn(ctx, request);
  let base: Snapshot;
  let plan: P;
  try {
    if (request.expectedHead !== undefined && request.expectedHead !== head.value.commitId)
      throw precondition(request.branch, request.expectedHead, head.value.commitId);
    base = await ctx.snapshotOf(head.value.commitId);
    plan = await request.prepare(base, head.value);
  } catch (error) {
    // A rejection counts only on the stored head.
    if (!guessed || (await headIsStored(ctx, request.branch, head))) throw error;
    ctx.heads.forget(request.branch);
    // The write starts over having acted on its take's recovery.
    const hold = await attempt;
    await hold.recovery;
    return undefined;
  }
  const tables = [
    ...intentTables(base, head.value, plan.tables),
    ...(plan.createdTables ?? []).map((created): IntentTable => ({
      ...created,
      lanceBranch: head.value.lanceBranch,
      pinnedVersion: null,
      forksBranch: false,
    })),
  ];
  // Recorded before the lease is held, beside the take's own put: it says so (see recovery).
  const takeGeneration = ctx.lease.take === undefined ? ctx.lease.takingGeneration : undefined;
  const besideTake = takeGeneration !== undefined;
  const intent: RecoveryIntent = {
    operation_id: newUlid(),
    writer_kind: request.kind,
    branch: request.branch,
    commit_id: newUlid(),
    actor_id: request.actor,
    started_at: nowMicros(),
    tables,
    ...(besideTake ? { take_generation: takeGeneration } : {}),
  };
  const session = new WriteSession(ctx, request.kind, base.commit.manifest.tables, tables, fence);
  // Opening the tables only reads: it overlaps making the intent durable.
  session.openAhead();
  ctx.ownIntents.writing(intent.operation_id);
  const [left, recovered, stored] = await settleAll([
    attempt.then((hold) =>
      hold.took ? [] : intentsLeftOn(ctx.root, request.branch, ctx.ownIntents),
    ),
    // An intent recorded while another process held the lease may have been deleted by it.
    attempt.then(async (hold) => (await hold.recovery) || (besideTake && hold.waited)),
    !guessed || headIsStored(ctx, request.branch, head),
    attempt.then(() => fence.check()),
    writeIntent(store, intent),
  ] as const).catch(async (error: unknown) => {
    // No effect yet: the intent goes (if it landed), so nothing is left.
    await dropIntent(ctx, intent).catch(() => {
      ctx.lease.recoveryDue();
    });
    throw error;
  });
  if (recovered || !stored || left.length > 0) {
    await dropIntent(ctx, intent);
    // Recovery resolves the intents it finds itself; one that started over lists them again.
    if (!recovered) await resolveLeftIntents(ctx.root, ctx.commits, left, () => fence.check());
    // Recovery may have published a commit that re-pins restored tables.
    ctx.heads.forget(request.branch);
    return undefined;
  }
  if (guessed) ctx.heads.remember(request.branch, ctx.lease.take, head);
  ctx.failpoints.reach(`${request.kind}.after_intent`);
  return { head, base, plan, intent, session };
}

/**
 * Records the intent again if it is gone: one recorded beside the take may land before the lease
 * does, and a process that held the lease in between may have deleted it (as the intent of a
 * write that made no effect: recovery.ts) before releasing the lease, leaving this write's
 * effects without it. Checked beside the commit record, so a crash before the publish still
 * leaves the intent for recovery.
 */
async function keepIntent(ctx: GraphContext, intent: RecoveryIntent): Promise<void> {
  if ((await ctx.root.store.head(GraphKeys.intent(intent.operation_id))) === undefined)
    await writeIntent(ctx.root.store, intent);
}

/** Deletes the intent of a write that had no effect; it is no longer this process's. */
async function dropIntent(ctx: GraphContext, intent: RecoveryIntent): Promise<void> {
  try {
    await deleteIntent(ctx.root.store, intent.operation_id);
  } finally {
    ctx.ownIntents.ended(intent.operation_id);
  }
}

/**
 * Applies a prepared write: its table effects, its immutable commit record, and the
 * compare-and-swap of the branch head that publishes it. A failure before publish undoes every
 * table effect.
 */
async function applyWrite<P extends WritePlan, R>(
  ctx: GraphContext,
  request: WriteRequest<P, R>,
  fence: WriteFence,
  { head, base, plan, intent, session }: PreparedWrite<P>,
): Promise<WriteOutcomeOf<R>> {
  const { store } = ctx.root;
  let record: CommitRecord;
  let result: R;
  let warmup: ReaderWarmup;
  try {
    if (intent.tables.some((table) => table.pinnedVersion === null && !table.forksBranch)) {
      // Schema apply creates its new tables itself, outside the session.
      await fence.check();
      fence.effectsMayHaveHappened();
    }
    result = await request.apply(plan, session);
    const shape = request.shape?.(plan, result) ?? {};
    if (!session.changed && shape.publishUnchanged !== true) {
      // Nothing to publish; undo whatever versions the write committed without changing rows.
      await fence.check();
      await undoWrite(ctx, intent, session.touched);
      return { result, commit: null };
    }
    const written = await session.entries();
    warmup = new ReaderWarmup(
      ctx.root.tables,
      base.commit.manifest.tables,
      written,
      session,
      ctx.onWritten,
    );
    record = {
      graph_commit_id: intent.commit_id,
      graph_branch: request.branch,
      graph_manifest_version: base.commit.graph_manifest_version + 1,
      parent_commit_id: head.value.commitId,
      merged_parent_commit_id: shape.mergedParentCommitId ?? null,
      actor_id: request.actor,
      created_at: nowMicros(),
      operation: request.operation ?? request.kind,
      ...(request.message === undefined ? {} : { message: request.message }),
      manifest: {
        schemaId: shape.schemaId ?? base.schema.id,
        tables: manifestTables(base.commit.manifest.tables, written, shape),
      },
    };
    // The last check, asked once every effect has ended: a writer paused after it loses the
    // compare-and-swap below, because whoever took the lease over moves the head before
    // dropping this write (recovery.ts). The record is invisible until the head names it.
    await settleAll([
      writeCommitRecord(store, record),
      fence.check(),
      // Recorded beside the take: it may have been deleted before the take landed.
      intent.take_generation !== undefined && keepIntent(ctx, intent),
    ] as const);
    ctx.failpoints.reach(`${request.kind}.before_publish`);
  } catch (error) {
    throw await abandon(ctx, fence, session, intent, error);
  }
  let etag: string;
  try {
    etag = await publishHead(store, { ...head.value, commitId: record.graph_commit_id }, head.etag);
  } catch (error) {
    // Only a lost compare-and-swap proves the head did not move; otherwise recovery decides.
    if (error instanceof OmniError && error.code === 'conflict')
      throw await abandon(ctx, fence, session, intent, error);
    ctx.heads.forget(request.branch);
    await leaveForRecovery(ctx, intent);
    throw error;
  }
  ctx.heads.remember(request.branch, ctx.lease.take, {
    value: { ...head.value, commitId: record.graph_commit_id },
    etag,
  });
  ctx.commits.remember(record);
  ctx.failpoints.reach(`${request.kind}.after_publish`);
  ctx.ownIntents.drop(intent.operation_id);
  await warmup.keep();
  await session.keepWriters();
  return { result, commit: record };
}

function manifestTables(
  base: Readonly<Record<string, ManifestEntry>>,
  written: Readonly<Record<string, ManifestEntry>>,
  shape: CommitShape,
): Record<string, ManifestEntry> {
  const merged = new Map(Object.entries({ ...base, ...written }));
  for (const [key, entry] of Object.entries(shape.tables ?? {})) {
    if (entry === null) merged.delete(key);
    else merged.set(key, entry);
  }
  return Object.fromEntries(merged);
}

/** The typed `--if-commit` refusal (see docs/guide/mutations.md): zero effect, never retried. */
function precondition(branch: string, expected: string, actual: string): OmniError {
  return new OmniError(
    'precondition_failure',
    `precondition failed on branch '${branch}': expected head '${expected}' but current is ${actual}`,
    { details: { precondition_failure: { expected, actual } } },
  );
}

/**
 * Undoes a failed write's effects now, and resolves the error to report. A writer that lost the
 * lease reports the typed lease conflict instead (whatever failed, e.g. Lance refusing a commit
 * behind the new holder's restore, failed because of it) and leaves the tables to the lease's
 * holder ({@link stepAside}). If the undo fails too, the intent stays for recovery.
 */
async function abandon(
  ctx: GraphContext,
  fence: WriteFence,
  session: WriteSession,
  intent: RecoveryIntent,
  error: unknown,
): Promise<unknown> {
  try {
    if (isFenceError(error)) throw error;
    await fence.check();
  } catch (failure) {
    if (!isFenceError(failure)) {
      await leaveForRecovery(ctx, intent);
      return error;
    }
    await stepAside(ctx, fence, intent);
    return failure;
  }
  try {
    await undoWrite(ctx, intent, session.touched);
  } catch {
    // Left for recovery: the intent records everything it needs.
    await leaveForRecovery(ctx, intent);
  }
  return error;
}

/**
 * Leaves a write's intent for the next take's recovery, which the lease's release then runs at
 * once. One recorded beside the take is recorded again without the take's generation, so that
 * recovery undoes the write's effects rather than only deleting it (best effort: a table left
 * past its pin is reset by the next writer that opens it).
 */
async function leaveForRecovery(ctx: GraphContext, intent: RecoveryIntent): Promise<void> {
  ctx.lease.recoveryDue();
  if (intent.take_generation !== undefined)
    await leaveIntent(ctx.root.store, intent).catch(() => undefined);
}

/**
 * Undoes a write's table effects (`rollBackWrite`). A rollback that restored tables in place
 * publishes a recovery commit, so the branch's cached head goes first.
 */
async function undoWrite(
  ctx: GraphContext,
  intent: RecoveryIntent,
  touched: ReadonlySet<string>,
): Promise<void> {
  ctx.heads.forget(intent.branch);
  await rollBackWrite(ctx.root, ctx.commits, intent, touched);
}

/**
 * What a writer that lost the lease still does: nothing to the tables (another writer owns
 * them), only its own records. With no table effect attempted it deletes them, so nothing was
 * changed; otherwise it makes sure its intent is on the store (the new holder's recovery may
 * have resolved it already), so the next write of the branch resets whatever it left.
 */
async function stepAside(ctx: GraphContext, fence: WriteFence, intent: RecoveryIntent) {
  const { store } = ctx.root;
  try {
    if (!fence.effects) {
      await store.delete(GraphKeys.commit(intent.commit_id));
      await deleteIntent(store, intent.operation_id);
    } else {
      await leaveIntent(store, intent);
    }
  } catch {
    // Storage out of reach: the next take's recovery decides.
  }
}
