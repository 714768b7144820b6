import { allPassed, warningAt, type Diagnostic } from '../diagnostic.js';
import type { ClusterCommandOptions } from '../command-options.js';
import { pendingRecoveries } from '../recovery/pending-recoveries.js';
import { STATE_KEY } from '../state/cluster-keys.js';
import type { ClusterStore } from '../state/cluster-store.js';
import { verifyCatalogPayload } from '../state/catalog-payload.js';
import type { ClusterState } from '../state/cluster-state.js';
import { stateObservations } from '../state/state-observations.js';
import { appliedPayloads } from './applied-payloads.js';
import { openConfiguredStore } from './configured-store.js';
import { orDiagnostic, readStateAndLock } from './state-and-lock.js';
import type { StatusOutput } from './status-output.js';

/**
 * `omnigraph cluster status`: what the ledger records, who holds the lock, and whether the
 * catalog still holds every applied payload. Read-only: it takes no lock, opens no graph and
 * writes nothing. A missing ledger is reported as a warning (`state_missing`), not a failure.
 *
 * @example
 * const status = await statusCluster({ configDir: 'company-brain' });
 * status.state_observations?.locked; // true while an apply runs
 */
export async function statusCluster(options: ClusterCommandOptions): Promise<StatusOutput> {
  const { store, diagnostics: configDiagnostics } = await openConfiguredStore(options);
  const empty = { config_dir: options.configDir, resource_digests: {}, resource_statuses: {} };
  if (store === undefined) {
    return { ok: false, ...empty, observations: {}, diagnostics: configDiagnostics };
  }
  const found = await readStateAndLock(store);
  const diagnostics: Diagnostic[] = [...configDiagnostics, ...found.diagnostics];
  const observations = stateObservations(store, {
    state: found.state,
    lock: found.lock,
    now: options.now?.() ?? new Date(),
  });
  diagnostics.push(...(await sidecarFindings(store)));
  if (found.state.kind === 'absent') {
    if (found.diagnostics.length === 0) diagnostics.push(missingState(store));
    const output = { ...empty, state_observations: observations, observations: {} };
    return { ok: allPassed(diagnostics), ...output, diagnostics };
  }
  const { state } = found.state;
  diagnostics.push(...(await catalogFindings(store, state)));
  return {
    ok: allPassed(diagnostics),
    config_dir: options.configDir,
    state_observations: observations,
    resource_digests: Object.fromEntries(
      Object.entries(state.applied_revision.resources).map(([address, r]) => [address, r.digest]),
    ),
    resource_statuses: state.resource_statuses,
    observations: state.observations,
    diagnostics,
  };
}

function missingState(store: ClusterStore): Diagnostic {
  return warningAt(
    'state_missing',
    STATE_KEY,
    `no state ledger at ${store.displayPath(STATE_KEY)}: nothing has been applied; run \`omnigraph cluster import\` to create it`,
  );
}

/** A warning per applied payload that is missing or damaged; an error per one that cannot be read. */
async function catalogFindings(store: ClusterStore, state: ClusterState): Promise<Diagnostic[]> {
  const checks = await Promise.all(
    appliedPayloads(state).map((payload) => verifyCatalogPayload(store, payload)),
  );
  return checks.flatMap((check) => (check.kind === 'failed' ? [check.diagnostic] : []));
}

/** Pending recovery sidecars as warnings: status only reports them, the next sweep settles them. */
async function sidecarFindings(store: ClusterStore): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const pending = await orDiagnostic(pendingRecoveries(store), undefined, diagnostics);
  return [...diagnostics, ...(pending?.diagnostics ?? [])];
}
