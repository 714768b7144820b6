import type { CleanupOutput } from '../../api/maintenance-output.js';
import { listAll } from '../../storage/object-store.js';
import { messageOf } from '../../util/omni-error.js';
import { BRANCH_NAMES_GATE } from '../branch/index.js';
import type { GraphContext } from '../protocol/index.js';
import { datasetPath } from '../root/index.js';
import { planCleanup, type BranchCleanup, type TableCleanup } from './cleanup-plan.js';
import { runMaintenanceWrite } from './maintenance-write.js';
import { refuseWhileRecoveryPending } from './pending-recovery.js';
import { validateRetention, type RetentionRule } from './retention.js';

/** What `cleanup` keeps, and whether it acts: without `confirm` it only previews. */
export interface CleanupOptions extends RetentionRule {
  readonly confirm: boolean;
  /** Actor of the physical-only commit publishing a compaction cleanup needed first. */
  readonly actor?: string | null;
}

/** Mutable per-table tally while cleanup runs. */
interface Tally {
  bytes: number;
  versions: number;
  errors: string[];
}

function record(tally: Tally, removed: { bytesRemoved: number; oldVersionsRemoved: number }): void {
  tally.bytes += removed.bytesRemoved;
  tally.versions += removed.oldVersionsRemoved;
}

/**
 * Compacts (Lance prunes only after compacting, and a moved head must be published) and then
 * removes the versions before the branch's cutoff. Failures are recorded, not raised.
 */
async function cleanTable(
  ctx: GraphContext,
  table: string,
  branch: BranchCleanup,
  tally: Tally,
  writer?: { optimize(): Promise<unknown> },
): Promise<void> {
  try {
    ctx.failpoints.reach('cleanup.before_table');
    await (writer ?? (await ctx.root.tables.writer(table, branch.lanceBranch))).optimize();
    record(tally, await ctx.root.tables.pruneVersions(table, branch.lanceBranch, branch.cutoff));
    ctx.failpoints.reach('cleanup.after_table');
  } catch (error) {
    tally.errors.push(`${branch.lanceBranch}: ${messageOf(error)}`);
  }
}

/**
 * Drops a table nothing pins, counting the bytes it held first. One cut short (a crash, a failed
 * delete) is still unpinned, so the next run drops what is left.
 */
async function dropUnpinned(ctx: GraphContext, plan: TableCleanup, tally: Tally): Promise<void> {
  try {
    let bytes = 0;
    for await (const object of listAll(ctx.root.store, `${datasetPath(plan.table)}/`))
      bytes += object.size;
    await ctx.root.tables.dropTableIfExists(plan.table);
    record(tally, { bytesRemoved: bytes, oldVersionsRemoved: plan.unpinned?.versions ?? 0 });
  } catch (error) {
    tally.errors.push(`drop: ${messageOf(error)}`);
  }
}

async function reclaimOrphans(ctx: GraphContext, plan: TableCleanup, tally: Tally): Promise<void> {
  for (const orphan of plan.orphans) {
    try {
      await ctx.root.tables.deleteBranch(plan.table, orphan);
    } catch (error) {
      tally.errors.push(`orphan branch ${orphan}: ${messageOf(error)}`);
    }
  }
}

/**
 * Cleans the tables of one live graph branch's Lance branch as one maintenance write: a
 * compaction it needs first is published as one physical-only commit, and a crash leaves a
 * recovery intent that puts every table back to its pin (which cleanup never removes).
 */
async function cleanOwnedTables(
  ctx: GraphContext,
  owner: string,
  work: ReadonlyMap<string, BranchCleanup>,
  tallies: ReadonlyMap<string, Tally>,
  actor: string | null,
): Promise<Set<string>> {
  const done = new Set<string>();
  try {
    await runMaintenanceWrite(ctx, {
      branch: owner,
      actor,
      operation: 'cleanup',
      select: (base) =>
        base
          .types()
          .map(({ key }) => key)
          .filter((key) => work.get(base.entry(key).table)?.lanceBranch === base.entry(key).branch),
      async each({ entry, writer }) {
        const branch = work.get(entry.table);
        const tally = tallies.get(entry.table);
        if (branch && tally) await cleanTable(ctx, entry.table, branch, tally, writer);
        done.add(entry.table);
      },
    });
  } catch (error) {
    for (const table of work.keys()) {
      if (!done.has(table)) tallies.get(table)?.errors.push(`${owner}: ${messageOf(error)}`);
      done.add(table);
    }
  }
  return done;
}

async function execute(
  ctx: GraphContext,
  plans: readonly TableCleanup[],
  tallies: ReadonlyMap<string, Tally>,
  actor: string | null,
): Promise<void> {
  const byOwner = new Map<string | undefined, Map<string, BranchCleanup>>();
  for (const plan of plans) {
    const tally = tallies.get(plan.table);
    if (tally && plan.unpinned) await dropUnpinned(ctx, plan, tally);
    if (tally) await reclaimOrphans(ctx, plan, tally);
    for (const branch of plan.branches) {
      if (branch.removable === 0 || branch.error !== null) continue;
      const group = byOwner.get(branch.owner) ?? new Map<string, BranchCleanup>();
      group.set(plan.table, branch);
      byOwner.set(branch.owner, group);
    }
  }
  for (const [owner, work] of byOwner) {
    const done =
      owner === undefined
        ? new Set<string>()
        : await cleanOwnedTables(ctx, owner, work, tallies, actor);
    // Tables no live head writes (only older retained commits pin them): nobody builds on
    // their head, so they are cleaned directly.
    for (const [table, branch] of work) {
      const tally = tallies.get(table);
      if (!done.has(table) && tally) await cleanTable(ctx, table, branch, tally);
    }
  }
}

/**
 * Version garbage collection driven by the graph's own retention (docs/guide/maintenance.md): keeps
 * every version a live branch head or a retained commit pins (`keepVersions` newest commits of each
 * branch's history and/or commits younger than `olderThanSecs`; with both, a commit goes only when
 * outside both), removes older table versions, and reclaims Lance branches of deleted graph
 * branches. Without `confirm` it changes nothing and reports what it would remove. Refuses with
 * `recovery_required` while a recovery intent is pending; a table that fails is recorded in its
 * dataset's `error` and the run goes on.
 *
 * @example
 * const preview = await cleanupGraph(ctx, { keepVersions: 10, confirm: false });
 */
export async function cleanupGraph(
  ctx: GraphContext,
  options: CleanupOptions,
): Promise<CleanupOutput> {
  validateRetention(options);
  await refuseWhileRecoveryPending(ctx, 'cleanup');
  if (!options.confirm) return cleanupWith(ctx, options);
  // From its plan to its last removal, so that no branch starts on a commit it reclaims: the
  // branch names' gate in this process, the writer lease in others (see createBranch).
  return ctx.gates.run(BRANCH_NAMES_GATE, async () => {
    await ctx.lease.acquire();
    try {
      return await cleanupWith(ctx, options);
    } finally {
      await ctx.lease.release();
    }
  });
}

/** Plans the cleanup and, when confirmed, carries it out; its report. */
async function cleanupWith(ctx: GraphContext, options: CleanupOptions): Promise<CleanupOutput> {
  const plans = await planCleanup(ctx, options);
  const tallies = new Map<string, Tally>(
    plans.map((plan) => [
      plan.table,
      {
        bytes: 0,
        versions: 0,
        errors: plan.branches.flatMap((b) => (b.error === null ? [] : [b.error])),
      },
    ]),
  );
  if (options.confirm) await execute(ctx, plans, tallies, options.actor ?? null);
  return {
    uri: ctx.root.uri,
    keep_versions: options.keepVersions ?? null,
    older_than_secs: options.olderThanSecs ?? null,
    confirm: options.confirm,
    datasets: plans.map((plan) => {
      const tally = tallies.get(plan.table) ?? { bytes: 0, versions: 0, errors: [] };
      const removable =
        plan.branches.reduce((sum, b) => sum + b.removable, 0) + (plan.unpinned?.versions ?? 0);
      return {
        type_key: plan.typeKey,
        bytes_removed: tally.bytes,
        old_versions_removed: options.confirm ? tally.versions : removable,
        error: tally.errors.length > 0 ? tally.errors.join('; ') : null,
      };
    }),
    orphan_branches: plans.flatMap((plan) =>
      plan.orphans.map((branch) => ({ type_key: plan.typeKey, branch })),
    ),
    // Those a drop failed for are in their dataset's error instead.
    dropped_datasets: plans.flatMap((plan) =>
      plan.unpinned && tallies.get(plan.table)?.errors.length === 0
        ? [{ type_key: plan.typeKey, dataset_path: datasetPath(plan.table) }]
        : [],
    ),
  };
}
