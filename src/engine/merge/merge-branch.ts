import { OmniError } from '../../util/omni-error.js';
import { applyChangeSet } from '../changeset/index.js';
import type { CommitOutput } from '../../api/commit-output.js';
import { commitInfo, requireHead } from '../root/index.js';
import { type GraphContext, runWrite, type WriteSession } from '../protocol/index.js';
import type { MergeOutcome } from '../../api/branch-output.js';
import { planMerge, type MergeEffects, type MergePlan } from './merge-plan.js';

/** Result of `branch merge`. */
export interface MergeResult {
  readonly source: string;
  readonly target: string;
  readonly outcome: MergeOutcome;
  /** The merge commit on the target, or null for `already_up_to_date`. */
  readonly commit: CommitOutput | null;
}

/**
 * Merges `source` into `target` (docs/guide/branches-and-merge.md): three-way and entity-level
 * against the merge base, as one commit on the target whose second parent is the source head. The
 * source's changes are replayed onto the target's own tables (a fast-forward too), so the source
 * branch is never touched. Conflicts of any kind throw `merge_conflict` with nothing published;
 * `already_up_to_date` publishes nothing. No index is built (run `optimize`).
 *
 * @example
 * const { outcome, commit } = await mergeBranch(ctx, { source: 'feature', target: 'main', actor: null });
 */
export async function mergeBranch(
  ctx: GraphContext,
  request: {
    readonly source: string;
    readonly target: string;
    readonly actor: string | null;
    /** Recorded on the merge commit (already checked); absent for none. */
    readonly message?: string | undefined;
  },
): Promise<MergeResult> {
  const { source, target } = request;
  refuseSelfMerge(source, target);
  const outcome = await runWrite<MergePlan, MergeOutcome>(ctx, {
    kind: 'merge',
    operation: 'merge',
    branch: target,
    actor: request.actor,
    message: request.message,
    prepare: async (base) => readAhead(await planMerge(ctx, { source, target }, base)),
    async apply(plan, session) {
      await applyMerge(session, await plan.effects());
      return plan.outcome;
    },
    shape: (plan) =>
      plan.outcome === 'already_up_to_date'
        ? {}
        : { mergedParentCommitId: plan.sourceHead, publishUnchanged: true },
  });
  return {
    source,
    target,
    outcome: outcome.result,
    commit: outcome.commit === null ? null : commitInfo(outcome.commit),
  };
}

/**
 * Plans merging `source` into `target` exactly as {@link mergeBranch} does (the same merge base,
 * three-way resolution and validation against the target's head, the same `merge_conflict`
 * error listing every conflict), but only reads: no writer lease, no intent, no table version,
 * no commit. The result has the outcome the merge would have now and `commit: null`.
 *
 * @example
 * const { outcome } = await dryRunMerge(ctx, { source: 'feature', target: 'main' });
 */
export async function dryRunMerge(
  ctx: GraphContext,
  request: { readonly source: string; readonly target: string },
): Promise<MergeResult> {
  const { source, target } = request;
  refuseSelfMerge(source, target);
  const head = await requireHead(ctx.root.store, target);
  const plan = await planMerge(ctx, { source, target }, await ctx.snapshotOf(head.value.commitId));
  return { source, target, outcome: plan.outcome, commit: null };
}

function refuseSelfMerge(source: string, target: string): void {
  if (source === target)
    throw new OmniError('bad_request', `cannot merge branch '${source}' into itself`, {
      details: { source, target },
    });
}

/**
 * Starts reading the plan's effects at once, so that a fast-forward's reads of the source
 * overlap the write protocol's own steps up to the first effect. Their failure surfaces when the
 * write applies the plan; the early start only marks it handled, in case the write stops first.
 */
function readAhead(plan: MergePlan): MergePlan {
  plan.effects().catch(() => undefined);
  return plan;
}

/**
 * Writes a merge's effects: updates and deletes by id through the shared change-set applier,
 * and rows new to the target appended as the Arrow batches read from the source, one append per
 * table (their ids cannot exist there, so no merge-insert is needed).
 */
async function applyMerge(session: WriteSession, effects: MergeEffects): Promise<void> {
  await applyChangeSet(
    session,
    new Map([...effects].map(([key, effect]) => [key, effect.changes])),
  );
  for (const [key, { inserts }] of effects) {
    if (inserts.numRows > 0) await (await session.table(key)).appendArrow(inserts);
  }
}
