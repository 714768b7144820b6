import type { Diagnostic } from '../diagnostic.js';
import type { Observation, ResourceStatus } from '../state/cluster-state.js';
import type { StateObservations } from '../state/state-observations.js';

/** What `omnigraph cluster refresh --json` and `import --json` print (wire names). */
export interface StateSyncOutput {
  /** False exactly when a diagnostic is an error. */
  readonly ok: boolean;
  readonly operation: 'refresh' | 'import';
  readonly config_dir: string;
  /** Absent when the configuration (and so the root) did not load. */
  readonly state_observations?: StateObservations;
  /** Recorded `address → digest` after the command, in address order. */
  readonly resource_digests: Readonly<Record<string, string>>;
  readonly resource_statuses: Readonly<Record<string, ResourceStatus>>;
  /** The graphs as observed (and tombstones of deleted ones). */
  readonly observations: Readonly<Record<string, Observation>>;
  readonly diagnostics: readonly Diagnostic[];
}
