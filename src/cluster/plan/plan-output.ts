import type { JsonObject } from '../../api/json-value.js';
import type { Diagnostic } from '../diagnostic.js';
import type { Dependency } from '../resources/resource-set.js';
import type { StateObservations } from '../state/state-observations.js';

/** What a change does to a resource. */
export type ChangeOperation = 'create' | 'update' | 'delete';

/**
 * What apply does (or did) with a change: `applied` executes it, `derived` converges by itself
 * once its parts land (a graph's composite digest), `deferred` is not supported by apply,
 * `blocked` waits on something named by the change's `reason`.
 */
export type ChangeDisposition = 'applied' | 'derived' | 'deferred' | 'blocked';

/** Why a change is not simply applied. */
export type ChangeReason =
  | 'approval_required'
  | 'dependency_not_applied'
  | 'cluster_recovery_pending'
  | 'apply_unsupported_kind'
  | 'graph_create_failed'
  | 'schema_apply_failed'
  | 'graph_delete_failed'
  | 'resource_payload_write_error';

/** A non-digest change recorded with a resource. */
export type MetadataChange = 'policy_bindings' | 'embedding_profile';

/** The engine's migration plan of a schema update. */
export interface MigrationPreview {
  /** False when a step cannot be applied (apply would fail with `schema_apply_failed`). */
  readonly supported: boolean;
  /** In order; each `{kind, …}` as the engine's schema plan gives it. */
  readonly steps: readonly JsonObject[];
}

/** One resource change of a plan (wire names). */
export interface PlanChange {
  readonly resource: string;
  readonly operation: ChangeOperation;
  /** The recorded digest (updates and deletes). */
  readonly before_digest?: string;
  /** The desired digest (creates and updates). */
  readonly after_digest?: string;
  readonly disposition?: ChangeDisposition;
  readonly reason?: ChangeReason;
  /** A policy's `applies_to` changed (its file did not). Present only when true. */
  readonly binding_change?: true;
  /** Metadata the ledger lacks is recorded (the digest is unchanged). */
  readonly metadata_change?: MetadataChange;
  /** Schema updates: the engine's migration steps, when it could preview them. */
  readonly migration?: MigrationPreview;
}

/** The resources that depend, directly or not, on a changed one. */
export interface BlastRadius {
  readonly resource: string;
  /** In address order. */
  readonly affected: readonly string[];
}

/** A gated change and whether a valid approval covers it. */
export interface ApprovalRequirement {
  readonly resource: string;
  readonly reason: string;
  readonly satisfied: boolean;
}

/** What `omnigraph cluster plan --json` prints (wire names). */
export interface PlanOutput {
  /** False exactly when a diagnostic is an error. */
  readonly ok: boolean;
  /** The config directory as given. */
  readonly config_dir: string;
  /** The digest of the desired configuration; absent when it does not load. */
  readonly desired_revision: { readonly config_digest?: string };
  /** Desired `address → digest`, in address order. */
  readonly resource_digests: Readonly<Record<string, string>>;
  readonly dependencies: readonly Dependency[];
  /** The ledger and lock as seen; absent when the configuration (and so the root) did not load. */
  readonly state_observations?: StateObservations;
  /** In address order. */
  readonly changes: readonly PlanChange[];
  readonly blast_radius: readonly BlastRadius[];
  readonly approvals_required: readonly ApprovalRequirement[];
  readonly diagnostics: readonly Diagnostic[];
}
