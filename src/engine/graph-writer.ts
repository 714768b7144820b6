import { newUlid } from '../util/ulid.js';
import { OmniError } from '../util/omni-error.js';
import { publishHead, requireHead, type BranchHead } from './branch-head.js';
import { nowMicros, writeCommitRecord, type CommitRecord } from './commit-record.js';
import { failpoint } from './failpoints.js';
import type { GraphContext } from './graph-context.js';
import {
  deleteIntent,
  writeIntent,
  type IntentTable,
  type RecoveryIntent,
  type WriterKind,
} from './recovery-intent.js';
import { rollBackWrite } from './recovery.js';
import type { Snapshot } from './snapshot.js';
import { WriteSession } from './write-session.js';

/** What a writer's prepare step decides before any effect: the tables it will touch. */
export interface WritePlan {
  readonly tables: readonly string[];
}

/** A write, in two steps: validate and plan against the base snapshot, then apply. */
export interface WriteRequest<P extends WritePlan, R> {
  readonly kind: WriterKind;
  readonly branch: string;
  readonly actor: string | null;
  /** Validation before effect: throws to reject the write with no effect at all. */
  prepare(base: Snapshot, head: BranchHead): Promise<P>;
  /** The table effects, through the session. */
  apply(plan: P, session: WriteSession): Promise<R>;
}

/** A write's result and the commit it published (null when it changed nothing). */
export interface WriteOutcomeOf<R> {
  readonly result: R;
  readonly commit: CommitRecord | null;
}

/**
 * Runs a write under the write protocol (ARCHITECTURE.md invariants 1-6): writer lease (and
 * recovery of dead writers' intents when this process takes it), the branch's in-process
 * gate, validation, a recovery intent before the first table effect, table effects, an
 * immutable commit record, and one compare-and-swap of the branch head as the only publish
 * point. A failure before publish undoes every table effect.
 */
export async function runWrite<P extends WritePlan, R>(
  ctx: GraphContext,
  request: WriteRequest<P, R>,
): Promise<WriteOutcomeOf<R>> {
  // Taking the lease resolves dead writers' intents before any write of this process runs.
  await ctx.lease.acquire();
  try {
    return await ctx.gates.run(request.branch, () => writeUnderGate(ctx, request));
  } finally {
    await ctx.lease.release();
  }
}

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

async function writeUnderGate<P extends WritePlan, R>(
  ctx: GraphContext,
  request: WriteRequest<P, R>,
): Promise<WriteOutcomeOf<R>> {
  const { store } = ctx.root;
  const head = await requireHead(store, request.branch);
  const base = await ctx.snapshotOf(head.value.commitId);
  const plan = await request.prepare(base, head.value);
  const tables = intentTables(base, head.value, plan.tables);
  const operationId = newUlid();
  const commitId = newUlid();
  const intent: RecoveryIntent = {
    operation_id: operationId,
    writer_kind: request.kind,
    branch: request.branch,
    commit_id: commitId,
    actor_id: request.actor,
    started_at: nowMicros(),
    tables,
  };
  await writeIntent(store, intent);
  const session = new WriteSession(ctx.root, request.kind, base.commit.manifest.tables, tables);
  let record: CommitRecord;
  let result: R;
  try {
    result = await request.apply(plan, session);
    if (!session.changed) {
      // Nothing to publish; undo whatever versions the write committed without changing rows.
      await rollBackWrite(ctx.root, ctx.commits, intent, session.touched);
      return { result, commit: null };
    }
    record = {
      graph_commit_id: commitId,
      graph_branch: request.branch,
      graph_manifest_version: base.commit.graph_manifest_version + 1,
      parent_commit_id: head.value.commitId,
      merged_parent_commit_id: null,
      actor_id: request.actor,
      created_at: nowMicros(),
      manifest: {
        schemaId: base.schema.id,
        tables: { ...base.commit.manifest.tables, ...(await session.entries()) },
      },
    };
    await writeCommitRecord(store, record);
    failpoint(`${request.kind}.before_publish`);
    await ctx.lease.ensureValid();
  } catch (error) {
    await abandon(ctx, session, intent);
    throw error;
  }
  try {
    await publishHead(store, { ...head.value, commitId }, head.etag);
  } catch (error) {
    // Only a lost compare-and-swap proves the head did not move; otherwise recovery decides.
    if (error instanceof OmniError && error.code === 'conflict')
      await abandon(ctx, session, intent);
    throw error;
  }
  ctx.commits.remember(record);
  failpoint(`${request.kind}.after_publish`);
  await deleteIntent(store, operationId);
  return { result, commit: record };
}

/**
 * Undoes a failed write's effects now. If that fails too, or this process no longer holds the
 * lease (another writer may own the graph by now), the intent stays for recovery.
 */
async function abandon(
  ctx: GraphContext,
  session: WriteSession,
  intent: RecoveryIntent,
): Promise<void> {
  try {
    await ctx.lease.ensureValid();
    await rollBackWrite(ctx.root, ctx.commits, intent, session.touched);
  } catch {
    // Left for recovery: the intent records everything it needs.
  }
}
