import { warningAt, type Diagnostic } from '../diagnostic.js';
import { listApprovals, type ApprovalArtifact } from '../state/approval-artifact.js';
import type { ClusterStore } from '../state/cluster-store.js';
import type { StoredRecord } from '../state/record-folder.js';

/** The approval artifacts of a root that can be used, and warnings for those that cannot. */
export interface LoadedApprovals {
  /** In ULID (creation) order. */
  readonly records: readonly StoredRecord<ApprovalArtifact>[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads every approval artifact. One that cannot be used is a warning (its code, e.g.
 * `invalid_approval_artifact`): it approves nothing, and the changes it might have covered stay
 * blocked, but it must not stop unrelated work.
 */
export async function loadApprovals(store: ClusterStore): Promise<LoadedApprovals> {
  const records: StoredRecord<ApprovalArtifact>[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const entry of await listApprovals(store)) {
    if (entry.kind === 'ok') records.push(entry);
    else {
      const { code, path, message } = entry.error.diagnostic;
      diagnostics.push(warningAt(code, path, message));
    }
  }
  return { records, diagnostics };
}
