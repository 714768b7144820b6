import type { Diagnostic } from '../diagnostic.js';
import type { Observation, ResourceStatus } from '../state/cluster-state.js';
import type { StateObservations } from '../state/state-observations.js';

/** What `omnigraph cluster status --json` prints (wire names). */
export interface StatusOutput {
  /** False exactly when a diagnostic is an error. */
  readonly ok: boolean;
  /** The config directory as given. */
  readonly config_dir: string;
  /** The ledger and the lock as found; absent only when the storage root is unknown. */
  readonly state_observations?: StateObservations;
  /** `address → digest` of the applied revision; empty without a ledger. */
  readonly resource_digests: Readonly<Record<string, string>>;
  readonly resource_statuses: Readonly<Record<string, ResourceStatus>>;
  /** Graph observations and tombstones, as the last `refresh`/`import`/`apply` recorded them. */
  readonly observations: Readonly<Record<string, Observation>>;
  readonly diagnostics: readonly Diagnostic[];
}

/** What `omnigraph cluster force-unlock <LOCK_ID> --json` prints (wire names). */
export interface ForceUnlockOutput {
  readonly ok: boolean;
  readonly config_dir: string;
  /** Observed after the attempt: `locked` is false once the lock is removed. */
  readonly state_observations?: StateObservations;
  readonly lock_removed: boolean;
  readonly diagnostics: readonly Diagnostic[];
}
