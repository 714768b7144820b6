// The cluster's stored state: everything the control plane keeps under its storage root.
export { ClusterError, isClusterError } from './cluster-error.js';
export {
  ClusterStore,
  openClusterStore,
  type ClusterLocation,
  type OpenClusterStoreOptions,
} from './cluster-store.js';
export { APPROVALS_PREFIX, LOCK_KEY, RECOVERIES_PREFIX, STATE_KEY } from './cluster-keys.js';
export {
  EMBEDDING_PROVIDER_KINDS,
  EXTERNAL_BLOB_SCOPES,
  RECOVERY_KINDS,
  RESOURCE_CONDITIONS,
  RESOURCE_STATUSES,
  clusterStateSchema,
  emptyClusterState,
  type AppliedResource,
  type ApprovalRecord,
  type ClusterState,
  type ClusterStateInput,
  type EmbeddingProfile,
  type ExternalBlobPolicy,
  type GraphObservation,
  type Observation,
  type RecoveryKind,
  type RecoveryRecord,
  type ResourceCondition,
  type ResourceStatus,
  type ResourceStatusKind,
  type TombstoneObservation,
} from './cluster-state.js';
export {
  ABSENT_STATE,
  readState,
  stateCasOf,
  writeState,
  type AbsentState,
  type StateRead,
  type StoredState,
} from './state-ledger.js';
export {
  acquireLock,
  lockAgeSeconds,
  readLock,
  releaseLock,
  withLock,
  type AcquireLockOptions,
  type LockRecord,
} from './state-lock.js';
export { forceUnlock } from './force-unlock.js';
export {
  stateObservations,
  stateObservationsSchema,
  type StateObservations,
  type StateObservationsInput,
} from './state-observations.js';
export type { FolderEntry, StoredRecord } from './record-folder.js';
export {
  deleteRecoverySidecar,
  listRecoverySidecars,
  readRecoverySidecar,
  writeRecoverySidecar,
  type RecoverySidecar,
} from './recovery-sidecar.js';
export {
  listApprovals,
  markApprovalConsumed,
  readApproval,
  writeApproval,
  type ApprovalArtifact,
  type ApprovalConsumption,
} from './approval-artifact.js';
export {
  catalogPayloadKey,
  payloadAddress,
  putCatalogPayload,
  verifyCatalogPayload,
  type CatalogCheck,
  type CatalogPayload,
  type PayloadWrite,
} from './catalog-payload.js';
