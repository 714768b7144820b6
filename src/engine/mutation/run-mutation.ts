import { commitInfo, type CommitRecord } from '../root/index.js';
import { validateChangeSet } from '../changeset/index.js';
import type { ChangeOutput } from '../../api/change-output.js';
import type { GraphContext } from '../protocol/index.js';
import type { Snapshot } from '../snapshot/index.js';
import { OmniError } from '../../util/omni-error.js';
import { compileMutation, type MutationSource, type PreparedMutation } from './compile-mutation.js';
import { evaluateMutation } from './evaluate-mutation.js';
import type { PendingChanges } from './pending-changes.js';

/** A mutation to run on a branch. */
export interface MutationRequest extends MutationSource {
  readonly branch: string;
  readonly actor: string | null;
  /** Recorded on the commit (already checked); absent for none. */
  readonly message?: string | undefined;
  /** Run only if the branch head is still this commit (`--if-commit`); never grouped. */
  readonly ifCommit: string | undefined;
  /**
   * Whether the mutation may share its commit with concurrent ones of the same branch, actor
   * and message (group commit, docs/guide/mutations.md); false gives it a commit of its own.
   */
  readonly groupCommit: boolean;
}

/** A mutation compiled and param-bound before it waits for its write. */
export interface MutationCall {
  readonly request: MutationRequest;
  readonly compiled: PreparedMutation;
}

/** What one caller's mutation changed, counted on its own (not with its batch). */
export interface CallerChanges {
  readonly queryName: string;
  readonly affected: { readonly nodes: number; readonly edges: number };
}

/**
 * Compiles the mutation against the branch head and binds its params, before any I/O that
 * writes: a mutation that does not compile never waits for a write.
 */
export async function compileCall(
  ctx: GraphContext,
  request: MutationRequest,
): Promise<MutationCall> {
  // A pre-check on the last head this process knew (the write compiles again if the schema it
  // meets differs); one that fails there is checked on the stored head before it counts.
  const known = ctx.heads.lastKnown(request.branch);
  if (known !== undefined) {
    try {
      return {
        request,
        compiled: compileMutation(await ctx.snapshotOf(known.value.commitId), request),
      };
    } catch {
      // Decided on the stored head below.
    }
  }
  // The write then only checks this head beside its intent instead of reading it again.
  const head = await ctx.heads.readRequired(ctx.root.store, request.branch);
  const snapshot = await ctx.snapshotOf(head.value.commitId);
  return { request, compiled: compileMutation(snapshot, request) };
}

/**
 * Evaluates a caller's mutation into `pending` (which reads through whatever it is a fork of)
 * and validates the result "base + all pending changes"; throws the first violation, as a
 * `bad_request`, or any evaluation error.
 */
export async function evaluateCall(
  base: Snapshot,
  pending: PendingChanges,
  call: MutationCall,
): Promise<CallerChanges> {
  // The schema may have changed since the call compiled the query: compile again.
  const { query, params } =
    call.compiled.schemaId === base.schema.id ? call.compiled : compileMutation(base, call.request);
  await evaluateMutation({ base, pending, operands: { params, nowMs: Date.now() } }, query);
  const [first] = await validateChangeSet(base, pending.changeSet());
  if (first) throw new OmniError('bad_request', first.message, { details: { violation: first } });
  return { queryName: query.name, affected: pending.affected() };
}

/** Whether a caller's mutation changed any entity. */
export function changedAny(changes: CallerChanges): boolean {
  return changes.affected.nodes + changes.affected.edges > 0;
}

/**
 * A caller's result: its own query and counts, and the commit that published its changes
 * (null when it changed nothing, even when the callers it was grouped with did).
 */
export function changeOutput(
  request: MutationRequest,
  changes: CallerChanges,
  commit: CommitRecord | null,
): ChangeOutput {
  return {
    branch: request.branch,
    query_name: changes.queryName,
    affected_nodes: changes.affected.nodes,
    affected_edges: changes.affected.edges,
    ...(request.actor === null ? {} : { actor_id: request.actor }),
    commit: commit === null || !changedAny(changes) ? null : commitInfo(commit),
  };
}
