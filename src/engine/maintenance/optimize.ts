import type {
  OptimizeDatasetOutput,
  OptimizeOutput,
  PendingIndexOutput,
} from '../../api/maintenance-output.js';
import { MAIN_BRANCH, type ManifestEntry } from '../root/index.js';
import type { GraphContext } from '../protocol/index.js';
import { indexRequest, planTableIndexes } from '../indexes/index.js';
import { runMaintenanceWrite, type MaintainedTable } from './maintenance-write.js';
import { refuseWhileRecoveryPending } from './pending-recovery.js';

/**
 * Why a dataset whose Lance head is past its published version is skipped
 * (docs/guide/maintenance.md).
 */
const DRIFT_NEEDS_REPAIR = 'DriftNeedsRepair';

interface TableWork {
  readonly fragmentsRemoved: number;
  readonly fragmentsAdded: number;
  readonly pending: readonly PendingIndexOutput[];
}

/** Lance passes over a table per optimize; it may need a second to finish compacting. */
const MAX_COMPACTION_PASSES = 3;

/**
 * Runs Lance's optimize until it settles (a pass that folds new rows into an index can leave
 * fragments the next pass compacts), so that optimizing again right after is a no-op.
 */
async function compact(
  writer: MaintainedTable['writer'],
): Promise<{ fragmentsRemoved: number; fragmentsAdded: number }> {
  let fragmentsRemoved = 0;
  let fragmentsAdded = 0;
  for (let pass = 0; pass < MAX_COMPACTION_PASSES; pass++) {
    const before = writer.version;
    const outcome = await writer.optimize();
    fragmentsRemoved += outcome.fragmentsRemoved;
    fragmentsAdded += outcome.fragmentsAdded;
    if (outcome.version === before) break;
  }
  return { fragmentsRemoved, fragmentsAdded };
}

/** Compacts one table, then builds the declared indexes it misses or that miss rows. */
async function optimizeTable(ctx: GraphContext, table: MaintainedTable): Promise<TableWork> {
  const compaction = await compact(table.writer);
  const type = table.base.types().find((candidate) => candidate.key === table.key)?.type;
  if (type === undefined) return { ...compaction, pending: [] };
  const indexes = await ctx.root.tables.headIndexes(table.entry.table, table.entry.branch);
  const plan = planTableIndexes(type, indexes, table.entry.rowCount);
  for (const target of plan.build) await table.writer.createIndex(indexRequest(target));
  return {
    fragmentsRemoved: compaction.fragmentsRemoved,
    fragmentsAdded: compaction.fragmentsAdded,
    pending: plan.deferred.map((index) => ({ property: index.column, reason: index.reason })),
  };
}

/**
 * Compacts every table of `main` and reconciles its declared indexes (builds missing ones,
 * rebuilds those missing rows), publishing every new table version as ONE commit (none when
 * nothing changed). Content is unchanged: every query answers the same before and after. Never
 * removes versions (that is `cleanup`). Refuses with `recovery_required` while a recovery intent
 * is pending; a table whose Lance head is past its published version is skipped.
 *
 * @example
 * const { datasets } = await optimizeGraph(ctx, { actor: null });
 */
export async function optimizeGraph(
  ctx: GraphContext,
  options: { readonly actor: string | null; readonly message?: string | undefined },
): Promise<OptimizeOutput> {
  await refuseWhileRecoveryPending(ctx, 'optimize');
  const skipped = new Set<string>();
  const heads = new Map<string, number>();
  let base: ReadonlyMap<string, ManifestEntry> = new Map();
  const outcome = await runMaintenanceWrite(ctx, {
    branch: MAIN_BRANCH,
    actor: options.actor,
    operation: 'optimize',
    message: options.message,
    async select(snapshot) {
      base = new Map(snapshot.types().map(({ key }) => [key, snapshot.entry(key)]));
      const keys: string[] = [];
      for (const [key, entry] of base) {
        const head = await ctx.root.tables.headVersion(entry.table, entry.branch);
        heads.set(key, head);
        if (head === entry.version) keys.push(key);
        else skipped.add(key);
      }
      return keys;
    },
    each: (table) => optimizeTable(ctx, table),
  });
  const datasets: OptimizeDatasetOutput[] = [];
  for (const [key, entry] of base) {
    const work = outcome.results.get(key);
    const published = outcome.published.get(key);
    datasets.push({
      type_key: key,
      fragments_removed: work?.fragmentsRemoved ?? 0,
      fragments_added: work?.fragmentsAdded ?? 0,
      committed: published !== undefined,
      skipped: skipped.has(key) ? DRIFT_NEEDS_REPAIR : null,
      published_dataset_version: published?.version ?? entry.version,
      lance_head_version: published?.version ?? heads.get(key) ?? entry.version,
      pending_indexes: work?.pending ?? [],
    });
  }
  return { uri: ctx.root.uri, datasets, commit_id: outcome.commit?.graph_commit_id ?? null };
}
