import type { ClusterCommandOptions } from '../command-options.js';
import { allPassed, type Diagnostic } from '../diagnostic.js';
import { forceUnlock } from '../state/force-unlock.js';
import { stateObservations } from '../state/state-observations.js';
import { openConfiguredStore } from './configured-store.js';
import { orDiagnostic, readStateAndLock } from './state-and-lock.js';
import type { ForceUnlockOutput } from './status-output.js';

/** Options of {@link forceUnlockCluster}. */
export interface ForceUnlockOptions extends ClusterCommandOptions {
  /** The exact `lock_id` of the lock to remove (from `status` or the `state_lock_held` message). */
  readonly lockId: string;
}

/**
 * `omnigraph cluster force-unlock <LOCK_ID>`: removes a lock left by a run that is gone. Only a
 * version-1 lock whose id is exactly `lockId` is removed; anything else is reported
 * (`state_lock_missing`, `state_lock_id_mismatch`, …) and left in place.
 *
 * @example
 * const { lock_removed } = await forceUnlockCluster({ configDir: 'company-brain', lockId: '01J9…' });
 */
export async function forceUnlockCluster(options: ForceUnlockOptions): Promise<ForceUnlockOutput> {
  const { store, diagnostics: configDiagnostics } = await openConfiguredStore(options);
  if (store === undefined) {
    return {
      ok: false,
      config_dir: options.configDir,
      lock_removed: false,
      diagnostics: configDiagnostics,
    };
  }
  const diagnostics: Diagnostic[] = [...configDiagnostics];
  const removed = await orDiagnostic(forceUnlock(store, options.lockId), undefined, diagnostics);
  const after = await readStateAndLock(store);
  // A lock that cannot be parsed was already reported by forceUnlock: do not say it twice.
  const seen = new Set(diagnostics.map((d) => d.code));
  diagnostics.push(...after.diagnostics.filter((d) => !seen.has(d.code)));
  return {
    ok: allPassed(diagnostics),
    config_dir: options.configDir,
    state_observations: stateObservations(store, {
      state: after.state,
      lock: after.lock,
      now: options.now?.() ?? new Date(),
    }),
    lock_removed: removed !== undefined,
    diagnostics,
  };
}
