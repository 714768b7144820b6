import type { BranchHead, CommitRecord, ManifestEntry } from '../root/index.js';
import {
  type GraphContext,
  runWrite,
  type WritePlan,
  type SessionTable,
} from '../protocol/index.js';
import type { Snapshot } from '../snapshot/index.js';
import { refuseWhileRecoveryPending } from './pending-recovery.js';

/** One table a maintenance write works on: its published entry and its table in the session. */
export interface MaintainedTable {
  readonly key: string;
  readonly entry: ManifestEntry;
  readonly writer: SessionTable;
  readonly base: Snapshot;
}

/** A physical-only write over some tables of one branch (compaction, index builds, pruning). */
export interface MaintenanceWrite<T> {
  readonly branch: string;
  readonly actor: string | null;
  /** The operation: recorded on the commit, and named by the refusal while recovery is pending. */
  readonly operation: 'optimize' | 'cleanup';
  /** Recorded on the commit (already checked); absent for none. */
  readonly message?: string | undefined;
  /**
   * Chooses the tables from the base snapshot, before any effect. Only tables the branch's head
   * pins on its own Lance branch can be chosen (others belong to the branch it inherits from).
   */
  select(base: Snapshot, head: BranchHead): Promise<readonly string[]> | readonly string[];
  /** Works on one table; the Lance versions it commits are published with the write's commit. */
  each(table: MaintainedTable): Promise<T>;
}

/** What a maintenance write did: each table's result, new pins, and the commit (or null). */
export interface MaintenanceOutcome<T> {
  readonly results: ReadonlyMap<string, T>;
  /** Tables whose Lance head moved, with the version the commit pins. */
  readonly published: ReadonlyMap<string, ManifestEntry>;
  readonly commit: CommitRecord | null;
}

interface Plan extends WritePlan {
  readonly base: Snapshot;
}

interface Applied<T> {
  readonly results: Map<string, T>;
  readonly moved: Map<string, ManifestEntry>;
}

/**
 * Runs a maintenance write under the write protocol (kind `optimize`): a recovery intent before
 * the first effect, every table version its tables moved to published as ONE commit, nothing
 * published when no version moved, and a failure before publish restoring every touched table
 * to its pin (Lance commits compaction and index versions even when a later step fails).
 * Content never changes, so the commit is physical-only.
 */
export async function runMaintenanceWrite<T>(
  ctx: GraphContext,
  write: MaintenanceWrite<T>,
): Promise<MaintenanceOutcome<T>> {
  const outcome = await runWrite<Plan, Applied<T>>(ctx, {
    kind: 'optimize',
    operation: write.operation,
    branch: write.branch,
    actor: write.actor,
    message: write.message,
    prepareAfterRecovery: true,
    async prepare(base, head) {
      // Under the lease and the branch gate, an intent of this branch is one recovery left.
      await refuseWhileRecoveryPending(ctx, write.operation, write.branch);
      const tables = (await write.select(base, head)).filter(
        (key) => base.entry(key).branch === head.lanceBranch,
      );
      return { tables, base };
    },
    async apply(plan, session) {
      const results = new Map<string, T>();
      const moved = new Map<string, ManifestEntry>();
      for (const key of plan.tables) {
        // The session checks the pin, publishes the versions the table moves to, fires the
        // writer's failpoints and rolls the table back on a failure.
        const writer = await session.table(key);
        const entry = plan.base.entry(key);
        results.set(key, await write.each({ key, entry, writer, base: plan.base }));
        if (writer.version !== entry.version) moved.set(key, { ...entry, version: writer.version });
      }
      return { results, moved };
    },
  });
  return {
    results: outcome.result.results,
    published: outcome.commit === null ? new Map() : outcome.result.moved,
    commit: outcome.commit,
  };
}
