import { warningAt, type Diagnostic } from '../diagnostic.js';
import type { ClusterStore } from '../state/cluster-store.js';
import { listRecoverySidecars } from '../state/recovery-sidecar.js';

/** The pending sidecars as a read-only command sees them. */
export interface PendingRecoveries {
  /** Graphs with a pending sidecar. */
  readonly graphs: ReadonlySet<string>;
  /** A `cluster_recovery_pending` warning per sidecar (and the problems of unusable ones). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Lists the pending recovery sidecars without sweeping them (`plan`, `approve`): each is a
 * `cluster_recovery_pending` warning, and graph-moving work for its graph shows blocked until
 * a state-mutating command sweeps it. An unusable sidecar is reported as a warning here.
 */
export async function pendingRecoveries(store: ClusterStore): Promise<PendingRecoveries> {
  const graphs = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const entry of await listRecoverySidecars(store)) {
    if (entry.kind === 'error') {
      const { code, path, message } = entry.error.diagnostic;
      diagnostics.push(warningAt(code, path, message));
      continue;
    }
    const { record } = entry;
    graphs.add(record.graph_id);
    diagnostics.push(
      warningAt(
        'cluster_recovery_pending',
        entry.key,
        `an interrupted ${record.kind} of graph.${record.graph_id} (operation ${record.operation_id}) awaits the recovery sweep of the next apply`,
      ),
    );
  }
  return { graphs, diagnostics };
}
