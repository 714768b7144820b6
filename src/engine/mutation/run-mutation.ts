import { requireHead, commitInfo } from '../root/index.js';
import { applyChangeSet, type ChangeSet, validateChangeSet } from '../changeset/index.js';
import type { ChangeOutput } from '../../api/change-output.js';
import { type GraphContext, runWrite, type WritePlan } from '../protocol/index.js';
import type { Snapshot } from '../snapshot/index.js';
import { OmniError } from '../../util/omni-error.js';
import { compileMutation, type MutationSource, type PreparedMutation } from './compile-mutation.js';
import { evaluateMutation } from './evaluate-mutation.js';
import { PendingChanges } from './pending-changes.js';

/** A mutation to run on a branch. */
export interface MutationRequest extends MutationSource {
  readonly branch: string;
  readonly actor: string | null;
  /** Recorded on the commit (already checked); absent for none. */
  readonly message?: string | undefined;
  /** Run only if the branch head is still this commit (`--if-commit`). */
  readonly ifCommit: string | undefined;
}

interface MutationPlan extends WritePlan {
  readonly queryName: string;
  readonly changes: ChangeSet;
  readonly affected: { readonly nodes: number; readonly edges: number };
}

/** Evaluates the mutation against the base and validates the result; throws on any violation. */
async function planMutation(
  base: Snapshot,
  compiled: PreparedMutation,
  recompile: () => PreparedMutation,
): Promise<MutationPlan> {
  // The schema may have changed since the pre-check compiled the query: compile again.
  const { query, params } = compiled.schemaId === base.schema.id ? compiled : recompile();
  const pending = new PendingChanges();
  await evaluateMutation({ base, pending, operands: { params, nowMs: Date.now() } }, query);
  const changes = pending.changeSet();
  const [first] = await validateChangeSet(base, changes);
  if (first) throw new OmniError('bad_request', first.message, { details: { violation: first } });
  return {
    tables: [...changes.keys()].sort(),
    queryName: query.name,
    changes,
    affected: pending.affected(),
  };
}

/**
 * Runs a mutation query as one atomic commit on a branch: compiled and param-bound before any
 * I/O that writes, evaluated statement by statement into one change set, validated as a whole
 * (the evaluator merges share), and applied under the write protocol. A mutation that changes
 * nothing publishes no commit; `ifCommit` makes it conditional on the branch head.
 */
export async function runMutation(
  ctx: GraphContext,
  request: MutationRequest,
): Promise<ChangeOutput> {
  const head = await requireHead(ctx.root.store, request.branch);
  const snapshot = await ctx.snapshotOf(head.value.commitId);
  const compiled = compileMutation(snapshot, request);
  const outcome = await runWrite<MutationPlan, Pick<MutationPlan, 'affected' | 'queryName'>>(ctx, {
    kind: 'mutate',
    operation: 'mutate',
    branch: request.branch,
    actor: request.actor,
    message: request.message,
    ...(request.ifCommit === undefined ? {} : { expectedHead: request.ifCommit }),
    prepare: (base) => planMutation(base, compiled, () => compileMutation(base, request)),
    async apply(plan, session) {
      await applyChangeSet(session, plan.changes);
      return { affected: plan.affected, queryName: plan.queryName };
    },
  });
  return {
    branch: request.branch,
    query_name: outcome.result.queryName,
    affected_nodes: outcome.result.affected.nodes,
    affected_edges: outcome.result.affected.edges,
    ...(request.actor === null ? {} : { actor_id: request.actor }),
    commit: outcome.commit === null ? null : commitInfo(outcome.commit),
  };
}
