import { z } from 'zod';
import { APPROVALS_PREFIX, approvalKey } from './cluster-keys.js';
import type { ClusterStore } from './cluster-store.js';
import {
  createFolderRecord,
  listFolderRecords,
  readFolderRecord,
  replaceFolderRecord,
  type FolderEntry,
  type RecordFolder,
  type StoredRecord,
} from './record-folder.js';
import type { StoredDocument } from './stored-document.js';
import { digestField, timestampField, ulidField } from './stored-fields.js';

const approvalArtifactSchema = z.strictObject({
  schema_version: z.literal(1),
  approval_id: ulidField,
  /** The gated resource, e.g. `graph.scratch`. */
  resource: z.string().min(1),
  operation: z.literal('delete'),
  reason: z.string(),
  /** The approval holds only while the plan's config digest is still this one. */
  bound_config_digest: digestField,
  bound_before_digest: digestField.optional(),
  bound_after_digest: digestField.optional(),
  approved_by: z.string().min(1),
  created_at: timestampField,
  consumed_at: timestampField.optional(),
  consumed_by_operation: z.string().min(1).optional(),
});

/**
 * A digest-bound approval of one irreversible change (`__cluster/approvals/<approval_id>.json`).
 * Never deleted: a run that uses it rewrites it with `consumed_at`.
 */
export type ApprovalArtifact = z.output<typeof approvalArtifactSchema>;

/** The approval artifact document: its shape and diagnostic codes. */
export const APPROVAL_DOCUMENT: StoredDocument<ApprovalArtifact> = {
  name: 'approval artifact',
  versionField: 'schema_version',
  version: 1,
  schema: approvalArtifactSchema,
  codes: {
    invalid: 'invalid_approval_artifact',
    unsupported: 'unsupported_approval_version',
    readError: 'approval_read_error',
    writeError: 'approval_write_error',
  },
};

const APPROVALS: RecordFolder<ApprovalArtifact> = {
  document: APPROVAL_DOCUMENT,
  prefix: APPROVALS_PREFIX,
  keyOf: approvalKey,
  idOf: (approval) => approval.approval_id,
};

/** How a run consumed an approval. */
export interface ApprovalConsumption {
  readonly consumed_at: string;
  /** The id of the operation (the apply run) that executed the approved change. */
  readonly consumed_by_operation: string;
}

/**
 * Writes a new approval artifact (create-only). Failure: `approval_write_error`.
 *
 * @example
 * await writeApproval(store, { schema_version: 1, approval_id: newUlid(), resource: 'graph.scratch', … });
 */
export function writeApproval(
  store: ClusterStore,
  approval: ApprovalArtifact,
): Promise<StoredRecord<ApprovalArtifact>> {
  return createFolderRecord(store, APPROVALS, approval);
}

/** Reads approval `approvalId`; `undefined` when there is none. */
export function readApproval(
  store: ClusterStore,
  approvalId: string,
): Promise<StoredRecord<ApprovalArtifact> | undefined> {
  return readFolderRecord(store, APPROVALS, approvalId);
}

/**
 * Every approval artifact in ULID (creation) order; an unreadable or invalid one is an `error`
 * entry (`approval_read_error`, `invalid_approval_artifact`, `unsupported_approval_version`).
 */
export function listApprovals(store: ClusterStore): Promise<FolderEntry<ApprovalArtifact>[]> {
  return listFolderRecords(store, APPROVALS);
}

/**
 * Rewrites an approval as consumed, only if it is unchanged since `stored` was read (two runs
 * cannot both consume it). Failure: `approval_write_error`.
 */
export function markApprovalConsumed(
  store: ClusterStore,
  stored: StoredRecord<ApprovalArtifact>,
  consumption: ApprovalConsumption,
): Promise<StoredRecord<ApprovalArtifact>> {
  return replaceFolderRecord(store, APPROVALS, { ...stored.record, ...consumption }, stored.etag);
}
