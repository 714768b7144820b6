import type {
  DeferredIndexOutput,
  EnsureIndicesOutput,
  IndexTargetOutput,
} from '../../api/maintenance-output.js';
import { commitInfo } from '../root/index.js';
import { type GraphContext, runWrite, type WritePlan } from '../protocol/index.js';
import { indexRequest, planTableIndexes } from './index-plan.js';

interface IndexPlan extends WritePlan {
  readonly build: readonly IndexTargetOutput[];
  readonly present: readonly IndexTargetOutput[];
  readonly deferred: readonly DeferredIndexOutput[];
}

/**
 * Builds the indexes the catalog declares (docs/reference/query.md) on every table of a branch
 * head: B-trees on ids, endpoints and declared scalars, full-text indexes on free-text strings,
 * vector indexes on vectors. Idempotent: an index that covers every row is left alone, one that
 * misses newer rows is rebuilt. Index builds commit new table versions, so they are published as
 * one graph commit under the write protocol; readers see them from that commit on.
 */
export async function ensureIndices(
  ctx: GraphContext,
  branch: string,
  actor: string | null,
  message?: string,
): Promise<EnsureIndicesOutput> {
  const outcome = await runWrite<IndexPlan, IndexPlan>(ctx, {
    kind: 'optimize',
    operation: 'ensure_indices',
    branch,
    actor,
    message,
    async prepare(base) {
      const build: IndexTargetOutput[] = [];
      const present: IndexTargetOutput[] = [];
      const deferred: DeferredIndexOutput[] = [];
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
