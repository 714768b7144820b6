import { warningAt, type Diagnostic } from '../diagnostic.js';
import { markApprovalConsumed, readApproval } from '../state/approval-artifact.js';
import { isClusterError } from '../state/cluster-error.js';
import type { ClusterStore } from '../state/cluster-store.js';
import type { LedgerDraft } from './ledger-draft.js';

/**
 * Consumes approval `approvalId` for operation `operationId`: rewrites the artifact with
 * `consumed_at` (unless it already says so) and records the consumption in the ledger draft.
 * The ledger record is the one that counts (plan treats either as consumed), so a failed
 * artifact rewrite is a warning, returned, not a failure of the run.
 */
export async function consumeApproval(
  input: { readonly store: ClusterStore; readonly draft: LedgerDraft },
  approvalId: string,
  operationId: string,
  at: string,
): Promise<Diagnostic | undefined> {
  let problem: Diagnostic | undefined;
  let consumption = { consumed_at: at, consumed_by_operation: operationId };
  try {
    const stored = await readApproval(input.store, approvalId);
    if (stored?.record.consumed_at !== undefined) {
      consumption = {
        consumed_at: stored.record.consumed_at,
        consumed_by_operation: stored.record.consumed_by_operation ?? operationId,
      };
    } else if (stored !== undefined) {
      await markApprovalConsumed(input.store, stored, consumption);
    }
  } catch (error) {
    if (!isClusterError(error)) throw error;
    problem = warningAt(error.diagnostic.code, error.diagnostic.path, error.diagnostic.message);
  }
  input.draft.approvals[approvalId] = consumption;
  return problem;
}
