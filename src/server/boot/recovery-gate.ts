import {
  errorAt,
  isClusterError,
  listRecoverySidecars,
  warningAt,
  type ClusterStore,
  type Diagnostic,
} from '../../cluster/index.js';

/** What the pending recovery sidecars mean for serving. */
export interface RecoveryGate {
  /** Graphs with an interrupted operation: quarantined until an apply sweeps it. */
  readonly quarantined: ReadonlyMap<string, Diagnostic>;
  /** Sidecars serving cannot attribute to one graph: each refuses the boot. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Lists the recovery sidecars without sweeping them (sweeping is `apply`'s, under the lock). A
 * sidecar naming a graph quarantines that graph (`cluster_recovery_pending`); one naming none
 * (`cluster_recovery_unattributed`), or one that cannot be read or parsed, is fatal: its blast
 * radius cannot be bounded to one graph.
 */
export async function readRecoveryGate(store: ClusterStore): Promise<RecoveryGate> {
  const quarantined = new Map<string, Diagnostic>();
  const diagnostics: Diagnostic[] = [];
  let entries: Awaited<ReturnType<typeof listRecoverySidecars>>;
  try {
    entries = await listRecoverySidecars(store);
  } catch (error) {
    if (!isClusterError(error)) throw error;
    return { quarantined, diagnostics: [{ ...error.diagnostic, severity: 'error' }] };
  }
  for (const entry of entries) {
    if (entry.kind === 'error') {
      diagnostics.push({ ...entry.error.diagnostic, severity: 'error' });
      continue;
    }
    const { record } = entry;
    if (record.graph_id.trim() === '') {
      const message = `recovery sidecar ${store.displayPath(entry.key)} (${record.kind}, operation ${record.operation_id}) names no graph; inspect it and remove it by hand once settled`;
      diagnostics.push(errorAt('cluster_recovery_unattributed', entry.key, message));
      continue;
    }
    const message = `graph ${record.graph_id} is quarantined: an interrupted ${record.kind} (operation ${record.operation_id}) awaits recovery; run \`omnigraph cluster apply\`, then restart`;
    quarantined.set(record.graph_id, warningAt('cluster_recovery_pending', entry.key, message));
  }
  return { quarantined, diagnostics };
}
