import type { ClusterCommandOptions } from '../command-options.js';
import { errorAt } from '../diagnostic.js';
import { STATE_KEY } from '../state/cluster-keys.js';
import { verifyRecordedCatalog } from './catalog-reconcile.js';
import { reconcileGraphs } from './graph-reconcile.js';
import type { StateSyncOutput } from './state-sync-output.js';
import { runStateSync } from './state-sync.js';

/**
 * `omnigraph cluster refresh`: under the lock, sweeps recovery sidecars, observes every
 * declared graph read-only at its derived root (main), verifies the catalog payloads, and
 * records what it found: drift is marked (`graph_missing`, `schema_mismatch`, `payload_*`) and
 * the ledger made truthful, so the next plan proposes converging it back. Requires a ledger.
 *
 * @example
 * const refreshed = await refreshCluster({ configDir: 'company-brain' });
 * refreshed.resource_statuses['schema.knowledge']; // { status: 'drifted', conditions: ['schema_mismatch'], … }
 */
export function refreshCluster(options: ClusterCommandOptions): Promise<StateSyncOutput> {
  return runStateSync(options, {
    operation: 'refresh',
    base: (read, context, diagnostics) => {
      if (read.kind === 'present') return read.state;
      diagnostics.push(
        errorAt(
          'state_missing',
          STATE_KEY,
          `no state ledger at ${context.store.displayPath(STATE_KEY)}; run \`omnigraph cluster import\` first`,
        ),
      );
      return undefined;
    },
    sync: async (context, draft, diagnostics) => {
      await reconcileGraphs(context, draft, diagnostics);
      await verifyRecordedCatalog(context.store, draft, diagnostics);
      for (const id of context.desired.graphs.keys()) draft.recomputeGraph(context.desired, id);
    },
  });
}
