import { commitInfo, type CommitInfo } from '../commit-record.js';
import type { GraphContext } from '../graph-context.js';
import { runWrite, type WritePlan } from '../graph-writer.js';
import {
  indexRequest,
  planTableIndexes,
  type DeferredIndex,
  type IndexTarget,
} from './index-plan.js';

/** What {@link ensureIndices} did on a branch. */
export interface EnsureIndicesResult {
  readonly branch: string;
  /** Indexes built (or rebuilt to cover new rows) by this call. */
  readonly built: readonly IndexTarget[];
  /** Indexes that already covered every row. */
  readonly present: readonly IndexTarget[];
  /** Indexes not built, with the reason (e.g. too few rows to train a vector index). */
  readonly deferred: readonly DeferredIndex[];
  /** The commit publishing the new index versions; null when nothing was built. */
  readonly commit: CommitInfo | null;
}

interface IndexPlan extends WritePlan {
  readonly build: readonly IndexTarget[];
  readonly present: readonly IndexTarget[];
  readonly deferred: readonly DeferredIndex[];
}

/**
 * Builds the indexes the catalog declares (engine.md §10) on every table of a branch head:
 * B-trees on ids, endpoints and declared scalars, full-text indexes on free-text strings, vector
 * indexes on vectors. Idempotent: an index that covers every row is left alone, one that misses
 * newer rows is rebuilt. Index builds commit new table versions, so they are published as one
 * graph commit under the write protocol; readers see them from that commit on.
 */
export async function ensureIndices(
  ctx: GraphContext,
  branch: string,
  actor: string | null,
): Promise<EnsureIndicesResult> {
  const outcome = await runWrite<IndexPlan, IndexPlan>(ctx, {
    kind: 'optimize',
    branch,
    actor,
    async prepare(base) {
      const build: IndexTarget[] = [];
      const present: IndexTarget[] = [];
      const deferred: DeferredIndex[] = [];
      for (const { key, type } of base.types()) {
        const reader = await base.reader(key);
        const plan = planTableIndexes(type, await reader.listIndexes(), base.entry(key).rowCount);
        build.push(...plan.build);
        present.push(...plan.present);
        deferred.push(...plan.deferred);
      }
      const tables = [...new Set(build.map((target) => target.type_key))];
      return { tables, build, present, deferred };
    },
    async apply(plan, session) {
      for (const target of plan.build) {
        await (await session.table(target.type_key)).createIndex(indexRequest(target));
      }
      return plan;
    },
  });
  const { build, present, deferred } = outcome.result;
  return {
    branch,
    built: build,
    present,
    deferred,
    commit: outcome.commit === null ? null : commitInfo(outcome.commit),
  };
}
