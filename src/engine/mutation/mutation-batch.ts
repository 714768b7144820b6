import type { ChangeOutput } from '../../api/change-output.js';
import { applyChangeSet, type ChangeSet } from '../changeset/index.js';
import { type GraphContext, runWrite, type WritePlan } from '../protocol/index.js';
import type { CommitRecord } from '../root/index.js';
import type { Snapshot } from '../snapshot/index.js';
import { OmniError } from '../../util/omni-error.js';
import { markAbsentKeys } from './absent-keys.js';
import { KEYED_WRITE_MAX_ROWS } from './mutation-limit.js';
import { PendingChanges } from './pending-changes.js';
import {
  type CallerChanges,
  changedAny,
  changeOutput,
  evaluateCall,
  type MutationCall,
} from './run-mutation.js';

/** What became of one caller of a batch. */
export type CallOutcome =
  | { readonly kind: 'done'; readonly output: ChangeOutput }
  | { readonly kind: 'failed'; readonly error: unknown }
  /** Not part of this batch's commit: it goes first in the next batch. */
  | { readonly kind: 'deferred' };

/** What evaluation decided for one caller, before the write. */
type Verdict =
  | { readonly kind: 'accepted'; readonly changes: CallerChanges }
  | { readonly kind: 'rejected'; readonly error: unknown }
  | { readonly kind: 'deferred' };

interface BatchPlan extends WritePlan {
  /**
   * The accepted changes, with the keyed inserts the base does not hold marked absent. Looked up
   * from the end of planning on, so the lookup overlaps the intent's write.
   */
  readonly written: Promise<ChangeSet>;
  /** Accepted callers that changed something. */
  readonly contributors: number;
}

/** Whether a keyed-write count of the batch as a whole is over the per-commit limit. */
function overCommitLimit(counts: ReadonlyMap<string, number>): boolean {
  return [...counts.values()].some((count) => count > KEYED_WRITE_MAX_ROWS);
}

/**
 * The verdict on one caller, evaluated over the changes accepted before it. A failure over no
 * accepted change is exactly the failure the caller would meet alone: final. A failure over
 * accepted changes is found checking the whole batch's changes, whose first violation may read
 * differently than alone (a `@unique` clash names its two holders the other way round), so the
 * caller is deferred instead: it goes first in the next batch, over those changes committed,
 * and meets its exact failure (or succeeds) there. A caller that would take the batch over the
 * per-commit keyed-write limit is deferred too.
 */
async function verdictOf(
  base: Snapshot,
  batch: PendingChanges,
  own: PendingChanges,
  call: MutationCall,
): Promise<Verdict> {
  try {
    const changes = await evaluateCall(base, own, call);
    if (!batch.isEmpty && overCommitLimit(own.combinedInputCounts())) return { kind: 'deferred' };
    return { kind: 'accepted', changes };
  } catch (error) {
    return batch.isEmpty ? { kind: 'rejected', error } : { kind: 'deferred' };
  }
}

/**
 * Evaluates the callers in order, each seeing the base plus the changes of the callers
 * accepted before it (as if they had committed one by one), into `verdicts`. The first deferred
 * caller defers every caller after it, so the next batch keeps their order.
 */
async function planBatch(
  base: Snapshot,
  calls: readonly MutationCall[],
  verdicts: Verdict[],
): Promise<BatchPlan> {
  const batch = PendingChanges.empty();
  let contributors = 0;
  for (const call of calls) {
    if (verdicts.at(-1)?.kind === 'deferred') {
      verdicts.push({ kind: 'deferred' });
      continue;
    }
    const own = batch.fork();
    const verdict = await verdictOf(base, batch, own, call);
    verdicts.push(verdict);
    if (verdict.kind !== 'accepted') continue;
    batch.absorb(own);
    if (changedAny(verdict.changes)) contributors += 1;
  }
  const rejected = verdicts.find((v) => v.kind === 'rejected');
  // Nothing to write for anyone: stop before any effect, as a lone failed mutation does.
  if (rejected && !verdicts.some((v) => v.kind === 'accepted')) throw rejected.error;
  const changes = batch.changeSet();
  const written = markAbsentKeys(base, changes, batch.keyedInserts());
  // A write that stops before applying never reads it: its failure must not go unhandled.
  written.catch(() => undefined);
  return { tables: [...changes.keys()].sort(), written, contributors };
}

/** How the batch's write ended: the commit it published (null for none), or its failure. */
type Written =
  | { readonly ok: true; readonly commit: CommitRecord | null }
  | { readonly ok: false; readonly error: unknown };

/** Each caller's outcome once the batch's write has settled. */
function outcomesOf(
  calls: readonly MutationCall[],
  verdicts: readonly Verdict[],
  written: Written,
): CallOutcome[] {
  return calls.map((call, index): CallOutcome => {
    const verdict = verdicts[index];
    if (verdict?.kind === 'rejected') return { kind: 'failed', error: verdict.error };
    if (verdict?.kind === 'deferred') return { kind: 'deferred' };
    // Accepted, or never evaluated because the write failed first: the write's fate is theirs.
    if (!written.ok) return { kind: 'failed', error: written.error };
    if (verdict === undefined)
      return {
        kind: 'failed',
        error: new OmniError('internal', 'a batched mutation was never evaluated'),
      };
    return { kind: 'done', output: changeOutput(call.request, verdict.changes, written.commit) };
  });
}

/**
 * Runs callers of one branch, actor and message as one write under the write protocol: each
 * caller evaluated and validated in turn over the changes accepted before it, the accepted
 * changes applied together and published as one commit. A lone caller runs exactly as a
 * mutation always has; `expectedHead` (`--if-commit`) makes the write conditional.
 */
export async function runBatch(
  ctx: GraphContext,
  calls: readonly MutationCall[],
  expectedHead?: string,
): Promise<CallOutcome[]> {
  const [first] = calls;
  if (!first) return [];
  const { branch, actor, message } = first.request;
  const verdicts: Verdict[] = [];
  try {
    const outcome = await runWrite<BatchPlan, undefined>(ctx, {
      kind: 'mutate',
      operation: 'mutate',
      branch,
      actor,
      message,
      ...(expectedHead === undefined ? {} : { expectedHead }),
      prepare: (base) => {
        // A write may prepare again (on a head recovery moved): only the last plan counts.
        verdicts.length = 0;
        return planBatch(base, calls, verdicts);
      },
      async apply(plan, session) {
        await applyChangeSet(session, await plan.written);
        return undefined;
      },
      // Callers whose changes cancel out (one inserts a node, a later one deletes it) each
      // changed the graph they saw: their commit is published even though no row changed.
      shape: (plan) => ({ publishUnchanged: plan.contributors > 1 }),
    });
    return outcomesOf(calls, verdicts, { ok: true, commit: outcome.commit });
  } catch (error) {
    return outcomesOf(calls, verdicts, { ok: false, error });
  }
}
