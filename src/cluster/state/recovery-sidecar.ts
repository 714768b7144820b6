import { z } from 'zod';
import { messageOf } from '../../util/omni-error.js';
import { clusterError, storageCodeOf } from './cluster-error.js';
import { RECOVERIES_PREFIX, recoveryKey } from './cluster-keys.js';
import { RECOVERY_KINDS } from './cluster-state.js';
import type { ClusterStore } from './cluster-store.js';
import {
  createFolderRecord,
  listFolderRecords,
  readFolderRecord,
  type FolderEntry,
  type RecordFolder,
  type StoredRecord,
} from './record-folder.js';
import type { StoredDocument } from './stored-document.js';
import { timestampField, ulidField } from './stored-fields.js';

const recoverySidecarSchema = z.strictObject({
  schema_version: z.literal(1),
  operation_id: ulidField,
  started_at: timestampField,
  actor: z.string().optional(),
  kind: z.enum(RECOVERY_KINDS),
  /** Empty only in a damaged sidecar; serving refuses it as `cluster_recovery_unattributed`. */
  graph_id: z.string(),
  graph_uri: z.string(),
  observed_manifest_version: z.number().int().nonnegative().optional(),
  expected_manifest_version: z.number().int().nonnegative().optional(),
  desired_schema_digest: z.string(),
  /** The ledger CAS the operation started from; forensic only, never compared. */
  state_cas_base: z.string().optional(),
  /** The approval a `graph_delete` runs under. */
  approval_id: ulidField.optional(),
});

/**
 * The intent of one graph-moving operation (`__cluster/recoveries/<operation_id>.json`),
 * written under the lock before the engine call and deleted only after the ledger records the
 * outcome, so a crash in between is found and reconciled by the next sweep.
 */
export type RecoverySidecar = z.output<typeof recoverySidecarSchema>;

/** The recovery sidecar document: its shape and diagnostic codes. */
export const RECOVERY_SIDECAR_DOCUMENT: StoredDocument<RecoverySidecar> = {
  name: 'recovery sidecar',
  versionField: 'schema_version',
  version: 1,
  schema: recoverySidecarSchema,
  codes: {
    invalid: 'invalid_recovery_sidecar',
    unsupported: 'unsupported_recovery_sidecar_version',
    readError: 'recovery_sidecar_read_error',
    writeError: 'recovery_sidecar_write_error',
  },
};

const RECOVERIES: RecordFolder<RecoverySidecar> = {
  document: RECOVERY_SIDECAR_DOCUMENT,
  prefix: RECOVERIES_PREFIX,
  keyOf: recoveryKey,
  idOf: (sidecar) => sidecar.operation_id,
};

/**
 * Writes the sidecar of a new operation (create-only: an operation id is never reused).
 * Failure: `recovery_sidecar_write_error`.
 *
 * @example
 * const operationId = newUlid();
 * await writeRecoverySidecar(store, { schema_version: 1, operation_id: operationId, … });
 */
export function writeRecoverySidecar(
  store: ClusterStore,
  sidecar: RecoverySidecar,
): Promise<StoredRecord<RecoverySidecar>> {
  return createFolderRecord(store, RECOVERIES, sidecar);
}

/** Reads the sidecar of `operationId`; `undefined` when there is none. */
export function readRecoverySidecar(
  store: ClusterStore,
  operationId: string,
): Promise<StoredRecord<RecoverySidecar> | undefined> {
  return readFolderRecord(store, RECOVERIES, operationId);
}

/**
 * Every pending sidecar in ULID (start) order, the order the sweep processes them. An unreadable
 * or invalid one is an `error` entry (`recovery_sidecar_read_error`, `invalid_recovery_sidecar`,
 * `unsupported_recovery_sidecar_version`) rather than hiding the rest.
 */
export function listRecoverySidecars(store: ClusterStore): Promise<FolderEntry<RecoverySidecar>[]> {
  return listFolderRecords(store, RECOVERIES);
}

/**
 * Retires the sidecar of `operationId` once the ledger holds the outcome. Deleting an absent
 * sidecar succeeds; a failure is `recovery_sidecar_cleanup_failed`.
 */
export async function deleteRecoverySidecar(
  store: ClusterStore,
  operationId: string,
): Promise<void> {
  const key = recoveryKey(operationId);
  try {
    await store.objects.delete(key);
  } catch (error) {
    throw clusterError(
      storageCodeOf(error),
      'recovery_sidecar_cleanup_failed',
      key,
      `cannot remove recovery sidecar ${store.displayPath(key)}: ${messageOf(error)}`,
      error,
    );
  }
}
