import { z } from 'zod';
import type { StoredDocument } from './stored-document.js';
import { digestField, sortedRecord, timestampField, ulidField } from './stored-fields.js';

/** Lifecycle statuses of a resource in the ledger. */
export const RESOURCE_STATUSES = [
  'pending',
  'planned',
  'applying',
  'applied',
  'drifted',
  'blocked',
  'error',
] as const;

/** Conditions a resource status may carry (why it is not simply applied). */
export const RESOURCE_CONDITIONS = [
  'approval_required',
  'dependency_not_applied',
  'cluster_recovery_pending',
  'actual_applied_state_pending',
  'graph_create_incomplete',
  'graph_delete_incomplete',
  'payload_missing',
  'payload_mismatch',
  'payload_read_error',
  'schema_apply_failed',
  'graph_create_failed',
  'graph_delete_failed',
  'graph_missing',
  'schema_mismatch',
] as const;

/** Kinds of graph-moving operation that leave a recovery sidecar. */
export const RECOVERY_KINDS = ['graph_create', 'schema_apply', 'graph_delete'] as const;

/** Kinds of embedding provider a profile names. */
export const EMBEDDING_PROVIDER_KINDS = ['openai-compatible', 'openai', 'gemini', 'mock'] as const;

/** Scopes of an external blob base. */
export const EXTERNAL_BLOB_SCOPES = ['server_safe', 'embedded_only'] as const;

const embeddingProfile = z.strictObject({
  kind: z.enum(EMBEDDING_PROVIDER_KINDS),
  base_url: z.string().optional(),
  model: z.string().optional(),
  /** Always an `${ENV_VAR}` reference: secrets never reach the ledger. */
  api_key: z.string().optional(),
});

const externalBlobPolicy = z.strictObject({
  mode: z.literal('allow'),
  bases: z.array(z.strictObject({ uri: z.string().min(1), scope: z.enum(EXTERNAL_BLOB_SCOPES) })),
});

const appliedResource = z.strictObject({
  digest: digestField,
  /** Policies only: `cluster` or `graph.<id>` scopes. */
  applies_to: z.array(z.string().min(1)).optional(),
  /** Graphs only: `provider.embedding.<name>`. */
  embedding_provider: z.string().min(1).optional(),
  /** Embedding providers only. */
  embedding_profile: embeddingProfile.optional(),
  /** Graphs only, and only when ingress is allowed (deny is the absence). */
  external_blob_policy: externalBlobPolicy.optional(),
});

const resourceStatus = z.strictObject({
  status: z.enum(RESOURCE_STATUSES),
  conditions: z.array(z.enum(RESOURCE_CONDITIONS)),
  message: z.string().optional(),
});

const approvalRecord = z.strictObject({
  consumed_at: timestampField,
  consumed_by_operation: z.string().min(1),
});

const recoveryRecord = z.strictObject({
  kind: z.enum(RECOVERY_KINDS),
  graph_id: z.string().min(1),
  outcome: z.literal('rolled_forward'),
  recovered_at: timestampField,
  actor: z.string().optional(),
});

const graphObservation = z.strictObject({
  kind: z.literal('graph'),
  address: z.string().min(1),
  graph_uri: z.string().min(1),
  observed_at: timestampField,
  exists: z.boolean(),
  graph_manifest_version: z.number().int().nonnegative().optional(),
  schema_digest: digestField.optional(),
  desired_schema_digest: digestField.optional(),
  schema_matches_desired: z.boolean().optional(),
  error: z.string().optional(),
});

const tombstoneObservation = z.strictObject({
  kind: z.literal('tombstone'),
  deleted_at: timestampField,
  approval_id: ulidField,
  actor: z.string().optional(),
});

/** Zod shape of `__cluster/state.json`; unknown fields anywhere are rejected. */
export const clusterStateSchema = z.strictObject({
  version: z.literal(1),
  /** Bumped by every write; absent in a ledger means 0. */
  state_revision: z.number().int().nonnegative().default(0),
  applied_revision: z.strictObject({
    /** Recorded only when an apply fully converged. */
    config_digest: digestField.optional(),
    resources: sortedRecord(appliedResource),
  }),
  resource_statuses: sortedRecord(resourceStatus).default({}),
  approval_records: sortedRecord(approvalRecord).default({}),
  recovery_records: sortedRecord(recoveryRecord).default({}),
  observations: sortedRecord(
    z.discriminatedUnion('kind', [graphObservation, tombstoneObservation]),
  ).default({}),
});

/** The state ledger, as read (every map present, `state_revision` filled in). */
export type ClusterState = z.output<typeof clusterStateSchema>;
/** A ledger as a writer may give it (defaulted fields may be left out). */
export type ClusterStateInput = z.input<typeof clusterStateSchema>;
/** One applied resource of `applied_revision.resources`. */
export type AppliedResource = z.output<typeof appliedResource>;
/** An embedding provider profile as recorded (its `api_key` an `${ENV}` reference). */
export type EmbeddingProfile = z.output<typeof embeddingProfile>;
/** A graph's recorded external blob ingress policy. */
export type ExternalBlobPolicy = z.output<typeof externalBlobPolicy>;
/** One entry of `resource_statuses`. */
export type ResourceStatus = z.output<typeof resourceStatus>;
/** A resource lifecycle status. */
export type ResourceStatusKind = (typeof RESOURCE_STATUSES)[number];
/** A resource status condition. */
export type ResourceCondition = (typeof RESOURCE_CONDITIONS)[number];
/** One entry of `approval_records`: an approval consumed by a run. */
export type ApprovalRecord = z.output<typeof approvalRecord>;
/** One entry of `recovery_records`: an operation the sweep rolled forward. */
export type RecoveryRecord = z.output<typeof recoveryRecord>;
/** A kind of graph-moving operation. */
export type RecoveryKind = (typeof RECOVERY_KINDS)[number];
/** One entry of `observations`: a graph as last observed, or the tombstone of a deleted one. */
export type Observation = GraphObservation | TombstoneObservation;
/** A graph as `refresh`/`import` observed it. */
export type GraphObservation = z.output<typeof graphObservation>;
/** What remains of a deleted graph. */
export type TombstoneObservation = z.output<typeof tombstoneObservation>;

/** The ledger document: its shape and diagnostic codes. */
export const STATE_DOCUMENT: StoredDocument<ClusterState, ClusterStateInput> = {
  name: 'state ledger',
  versionField: 'version',
  version: 1,
  schema: clusterStateSchema,
  codes: {
    invalid: 'invalid_state_json',
    unsupported: 'unsupported_state_version',
    readError: 'state_read_error',
    writeError: 'state_write_error',
  },
};

/** A ledger with nothing applied: what a missing `state.json` means to `plan`. */
export function emptyClusterState(): ClusterState {
  return {
    version: 1,
    state_revision: 0,
    applied_revision: { resources: {} },
    resource_statuses: {},
    approval_records: {},
    recovery_records: {},
    observations: {},
  };
}
