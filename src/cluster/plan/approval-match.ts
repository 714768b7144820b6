import type { ApprovalArtifact } from '../state/approval-artifact.js';
import type { ApprovalRecord } from '../state/cluster-state.js';
import type { StoredRecord } from '../state/record-folder.js';
import type { PlanChange } from './plan-output.js';

/** The digests an approval of a change is bound to (artifact field names). */
export interface ApprovalBinding {
  readonly resource: string;
  readonly operation: 'delete';
  readonly bound_config_digest: string;
  readonly bound_before_digest?: string;
  readonly bound_after_digest?: string;
}

/** How the approvals on record relate to one gated change. */
export type ApprovalMatch =
  | { readonly kind: 'valid'; readonly approval: StoredRecord<ApprovalArtifact> }
  /** Unconsumed approvals of the resource exist, but for other digests. */
  | { readonly kind: 'stale'; readonly approvalIds: readonly string[] }
  | { readonly kind: 'none' };

/** The binding an approval of `change` must carry under the desired config digest. */
export function approvalBinding(change: PlanChange, configDigest: string): ApprovalBinding {
  return {
    resource: change.resource,
    operation: 'delete',
    bound_config_digest: configDigest,
    ...(change.before_digest === undefined ? {} : { bound_before_digest: change.before_digest }),
    ...(change.after_digest === undefined ? {} : { bound_after_digest: change.after_digest }),
  };
}

/**
 * Finds the approval covering `binding`: the newest unconsumed artifact of the resource whose
 * every bound digest matches. An artifact counts as consumed when it says so or when the ledger
 * records its consumption (a run that died between the two).
 */
export function matchApproval(
  approvals: readonly StoredRecord<ApprovalArtifact>[],
  binding: ApprovalBinding,
  consumed: Readonly<Record<string, ApprovalRecord>>,
): ApprovalMatch {
  const open = approvals.filter(
    ({ record }) =>
      record.resource === binding.resource &&
      record.consumed_at === undefined &&
      consumed[record.approval_id] === undefined,
  );
  const valid = open.filter(({ record }) => bindsTo(record, binding));
  const newest = valid.at(-1);
  if (newest !== undefined) return { kind: 'valid', approval: newest };
  if (open.length > 0) return { kind: 'stale', approvalIds: open.map((entry) => entry.id) };
  return { kind: 'none' };
}

function bindsTo(record: ApprovalArtifact, binding: ApprovalBinding): boolean {
  return (
    record.bound_config_digest === binding.bound_config_digest &&
    record.bound_before_digest === binding.bound_before_digest &&
    record.bound_after_digest === binding.bound_after_digest
  );
}
