import { warningAt, type Diagnostic } from '../diagnostic.js';
import type { DesiredCluster } from '../config/desired-cluster.js';
import type { ApprovalArtifact } from '../state/approval-artifact.js';
import type { ClusterState } from '../state/cluster-state.js';
import type { StoredRecord } from '../state/record-folder.js';
import { approvalBinding, matchApproval } from './approval-match.js';
import { blastRadius, recordedDependencies } from './blast-radius.js';
import { assignDispositions } from './change-dispositions.js';
import type { ApprovalRequirement, BlastRadius, PlanChange } from './plan-output.js';
import { diffResources } from './resource-diff.js';

/** What a plan is computed from. */
export interface PlanInput {
  readonly desired: DesiredCluster;
  /** The ledger (empty when there is none). */
  readonly state: ClusterState;
  /** Graphs with a recovery sidecar pending. */
  readonly pendingGraphs: ReadonlySet<string>;
  /** Usable approval artifacts, in ULID order. */
  readonly approvals: readonly StoredRecord<ApprovalArtifact>[];
}

/** A computed plan: what `plan` prints and what `apply` executes. */
export interface ComputedPlan {
  /** In address order, each with its disposition. */
  readonly changes: readonly PlanChange[];
  readonly approvalsRequired: readonly ApprovalRequirement[];
  readonly blastRadius: readonly BlastRadius[];
  readonly diagnostics: readonly Diagnostic[];
  /** The valid approval of each approved graph delete, by graph id. */
  readonly approvedDeletes: ReadonlyMap<string, StoredRecord<ApprovalArtifact>>;
}

/**
 * Diffs the desired cluster against the ledger, gates graph deletes on digest-bound approvals
 * and gives each change its disposition. Pure: the caller reads the state, sidecars and
 * approvals (under the lock) and previews schema migrations afterwards.
 */
export function computePlan(input: PlanInput): ComputedPlan {
  const { desired, state } = input;
  const raw = diffResources(desired, state);
  const diagnostics: Diagnostic[] = [];
  const approvalsRequired: ApprovalRequirement[] = [];
  const approvedDeletes = new Map<string, StoredRecord<ApprovalArtifact>>();
  for (const change of raw) {
    if (!change.resource.startsWith('graph.') || change.operation !== 'delete') continue;
    const binding = approvalBinding(change, desired.configDigest);
    const match = matchApproval(input.approvals, binding, state.approval_records);
    const graph = change.resource.slice('graph.'.length);
    if (match.kind === 'valid') approvedDeletes.set(graph, match.approval);
    if (match.kind === 'stale') {
      diagnostics.push(
        warningAt(
          'approval_stale',
          change.resource,
          `approval ${match.approvalIds.join(', ')} of delete ${change.resource} was given for other digests; approve the current plan again`,
        ),
      );
    }
    approvalsRequired.push({
      resource: change.resource,
      reason: `delete ${change.resource} removes its graph root and every row in it`,
      satisfied: match.kind === 'valid',
    });
  }
  const decided = assignDispositions(raw, {
    desired,
    pendingGraphs: input.pendingGraphs,
    approvedDeletes: new Set(approvedDeletes.keys()),
  });
  diagnostics.push(...decided.diagnostics);
  const edges = [...desired.resources.dependencies, ...recordedDependencies(state)];
  return {
    changes: decided.changes,
    approvalsRequired,
    blastRadius: blastRadius(decided.changes, edges),
    diagnostics,
    approvedDeletes,
  };
}
