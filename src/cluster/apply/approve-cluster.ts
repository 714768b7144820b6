import { OmniError } from '../../util/omni-error.js';
import { newUlid } from '../../util/ulid.js';
import type { ClusterCommandOptions } from '../command-options.js';
import { allPassed, errorAt, type Diagnostic } from '../diagnostic.js';
import { approvalBinding } from '../plan/approval-match.js';
import {
  loadCommand,
  reportingClusterErrors,
  underLock,
  type CommandContext,
} from '../plan/command-context.js';
import { computePlan } from '../plan/compute-plan.js';
import { loadApprovals } from '../plan/load-approvals.js';
import { pendingRecoveries } from '../recovery/pending-recoveries.js';
import { graphAddress, parseResourceAddress } from '../resources/resource-address.js';
import { writeApproval, type ApprovalArtifact } from '../state/approval-artifact.js';
import { emptyClusterState } from '../state/cluster-state.js';
import { readState } from '../state/state-ledger.js';
import type { ApproveOutput } from './apply-output.js';

/** Options of {@link approveCluster}. */
export type ApproveOptions = ClusterCommandOptions & {
  /** The gated resource: `graph.<id>` (a bare graph id is taken as one). */
  readonly resource: string;
  /** Who approves (`--as`, or the operator's configured actor); required. */
  readonly actor: string;
};

/**
 * `omnigraph cluster approve <resource>`: re-plans under the lock and, when the plan holds a
 * gated change of `resource` (a graph delete), writes an approval artifact bound to the
 * plan's config digest and the change's digests, so it authorizes exactly that change. Without
 * such a change: `approval_not_required`.
 *
 * @example
 * const approved = await approveCluster({ configDir: 'brain', resource: 'graph.scratch', actor: 'andrew' });
 * approved.approval_id; // '01KT…'
 */
export async function approveCluster(options: ApproveOptions): Promise<ApproveOutput> {
  if (options.actor.trim() === '') {
    throw new OmniError('bad_request', 'approve needs an actor (`--as <actor>`)');
  }
  const base = { config_dir: options.configDir };
  const loaded = await loadCommand(options);
  if (loaded.kind === 'failed') return { ok: false, ...base, diagnostics: [...loaded.diagnostics] };
  const diagnostics = [...loaded.diagnostics];
  const resource = normalizeResource(options.resource);
  const artifact = await reportingClusterErrors(diagnostics, () =>
    underLock(loaded, 'approve', () =>
      approveUnderLock(loaded, resource, options.actor, diagnostics),
    ),
  );
  if (artifact === undefined) return { ok: false, ...base, diagnostics };
  return {
    ok: allPassed(diagnostics),
    ...base,
    approval_id: artifact.approval_id,
    resource: artifact.resource,
    operation: artifact.operation,
    approved_by: artifact.approved_by,
    diagnostics,
  };
}

async function approveUnderLock(
  context: CommandContext,
  resource: string,
  actor: string,
  diagnostics: Diagnostic[],
): Promise<ApprovalArtifact | undefined> {
  const { store, desired, now } = context;
  const read = await readState(store);
  const plan = computePlan({
    desired,
    state: read.kind === 'present' ? read.state : emptyClusterState(),
    pendingGraphs: (await pendingRecoveries(store)).graphs,
    approvals: (await loadApprovals(store)).records,
  });
  const change = plan.changes.find(
    (candidate) =>
      candidate.resource === resource &&
      candidate.operation === 'delete' &&
      resource.startsWith('graph.'),
  );
  if (change === undefined) {
    diagnostics.push(
      errorAt(
        'approval_not_required',
        resource,
        `the current plan has no change of ${resource} that needs an approval`,
      ),
    );
    return undefined;
  }
  const at = now();
  const artifact: ApprovalArtifact = {
    schema_version: 1,
    approval_id: newUlid(at.getTime()),
    ...approvalBinding(change, desired.configDigest),
    reason: `delete ${resource}: removes its graph root and every row in it`,
    approved_by: actor,
    created_at: at.toISOString(),
  };
  return (await writeApproval(store, artifact)).record;
}

function normalizeResource(resource: string): string {
  return parseResourceAddress(resource) === undefined && !resource.includes('.')
    ? graphAddress(resource)
    : resource;
}
