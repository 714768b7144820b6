import type { Diagnostic } from '../diagnostic.js';
import type { PlanChange } from '../plan/plan-output.js';
import type { ResourceStatus } from '../state/cluster-state.js';
import type { StateObservations } from '../state/state-observations.js';

/** What `omnigraph cluster apply --json` prints (wire names). */
export interface ApplyOutput {
  /** False exactly when a diagnostic is an error. */
  readonly ok: boolean;
  readonly config_dir: string;
  /** Who the run is attributed to (`--as`). */
  readonly actor?: string;
  readonly desired_revision: { readonly config_digest?: string };
  /** Absent when the configuration (and so the root) did not load. */
  readonly state_observations?: StateObservations;
  /** Every change of the plan, with the disposition it ended with. */
  readonly changes: readonly PlanChange[];
  /** Changes executed. */
  readonly applied_count: number;
  /** Changes left for a later run (blocked or deferred). */
  readonly deferred_count: number;
  /** Nothing is left to do: the ledger now records the desired config digest. */
  readonly converged: boolean;
  /** False for a no-op run (and for a run that failed before its state write). */
  readonly state_written: boolean;
  /** The ledger's statuses after the run. */
  readonly resource_statuses: Readonly<Record<string, ResourceStatus>>;
  readonly diagnostics: readonly Diagnostic[];
}

/** What `omnigraph cluster approve --json` prints (wire names). */
export interface ApproveOutput {
  readonly ok: boolean;
  readonly config_dir: string;
  /** The artifact written, when one was. */
  readonly approval_id?: string;
  readonly resource?: string;
  readonly operation?: 'delete';
  readonly approved_by?: string;
  readonly diagnostics: readonly Diagnostic[];
}
