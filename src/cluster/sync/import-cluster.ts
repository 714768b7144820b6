import type { ClusterCommandOptions } from '../command-options.js';
import { errorAt, warningAt } from '../diagnostic.js';
import { listApprovals } from '../state/approval-artifact.js';
import { STATE_KEY } from '../state/cluster-keys.js';
import { emptyClusterState } from '../state/cluster-state.js';
import { adoptCatalog } from './catalog-reconcile.js';
import { reconcileGraphs } from './graph-reconcile.js';
import type { StateSyncOutput } from './state-sync-output.js';
import { runStateSync } from './state-sync.js';

/**
 * `omnigraph cluster import`: creates the first ledger (create-only: `state_already_exists`
 * when there is one). On a fresh root it records nothing applied; over an existing cluster
 * whose ledger was lost it adopts what is there: live graphs (their schemas as observed),
 * catalog payloads with the declared digests, consumed approvals (`approval_records`) and the
 * outcome of pending recovery sidecars.
 *
 * @example
 * await importCluster({ configDir: 'company-brain' });
 * await applyCluster({ configDir: 'company-brain' });
 */
export function importCluster(options: ClusterCommandOptions): Promise<StateSyncOutput> {
  return runStateSync(options, {
    operation: 'import',
    base: (read, context, diagnostics) => {
      if (read.kind === 'absent') return emptyClusterState();
      diagnostics.push(
        errorAt(
          'state_already_exists',
          STATE_KEY,
          `${context.store.displayPath(STATE_KEY)} already exists; import only creates the first ledger`,
        ),
      );
      return undefined;
    },
    sync: async (context, draft, diagnostics) => {
      for (const entry of await listApprovals(context.store)) {
        if (entry.kind === 'error') {
          const { code, path, message } = entry.error.diagnostic;
          diagnostics.push(warningAt(code, path, message));
        } else if (entry.record.consumed_at !== undefined) {
          draft.approvals[entry.id] = {
            consumed_at: entry.record.consumed_at,
            consumed_by_operation: entry.record.consumed_by_operation ?? entry.id,
          };
        }
      }
      await adoptCatalog(context.store, context.desired, draft, diagnostics);
      await reconcileGraphs(context, draft, diagnostics);
    },
  });
}
