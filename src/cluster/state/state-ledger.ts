import { PutModes } from '../../storage/object-store.js';
import { isOmniError } from '../../util/omni-error.js';
import { sha256Hex } from '../resources/resource-digest.js';
import { clusterError } from './cluster-error.js';
import { STATE_KEY } from './cluster-keys.js';
import { STATE_DOCUMENT, type ClusterState, type ClusterStateInput } from './cluster-state.js';
import type { ClusterStore } from './cluster-store.js';
import { encodeDocument, putDocument, readDocument } from './stored-document.js';

/** The ledger as read: its content, CAS token and the etag a conditional write compares. */
export interface StoredState {
  readonly kind: 'present';
  readonly state: ClusterState;
  /** `sha256:<hex of the exact state.json bytes>`: the content identity shown in outputs. */
  readonly cas: string;
  /** The store's version of those bytes; the next write succeeds only while it still holds. */
  readonly etag: string;
}

/** No `state.json` at the root. */
export interface AbsentState {
  readonly kind: 'absent';
}

/** What {@link readState} found; also the base a {@link writeState} must still find. */
export type StateRead = StoredState | AbsentState;

/** The {@link StateRead} of a root without a ledger: the base of `import`. */
export const ABSENT_STATE: AbsentState = { kind: 'absent' };

/** The CAS token of ledger bytes: `sha256:<hex>`. */
export function stateCasOf(bytes: Uint8Array): string {
  return `sha256:${sha256Hex(bytes)}`;
}

/**
 * Reads `__cluster/state.json`. Absent is not an error here (commands decide: `plan` treats it
 * as empty, `apply` reports `state_missing`). Failures are {@link ClusterError}s:
 * `invalid_state_json`, `unsupported_state_version`, `state_read_error`.
 *
 * @example
 * const read = await readState(store);
 * const state = read.kind === 'present' ? read.state : emptyClusterState();
 */
export async function readState(store: ClusterStore): Promise<StateRead> {
  const read = await readDocument(store, STATE_DOCUMENT, STATE_KEY);
  if (read === undefined) return ABSENT_STATE;
  return { kind: 'present', state: read.value, cas: stateCasOf(read.bytes), etag: read.etag };
}

/**
 * Replaces the ledger with `next`, only if it is still exactly `base` (create-only when `base`
 * is absent), by one conditional put. The written `state_revision` is the base's plus one,
 * whatever `next` says. A writer that lost the race gets `state_cas_mismatch` and nothing is
 * written; other failures are `state_write_error`.
 *
 * @example
 * const base = await readState(store);
 * const written = await writeState(store, { ...base.state, observations }, base);
 */
export async function writeState(
  store: ClusterStore,
  next: ClusterStateInput,
  base: StateRead,
): Promise<StoredState> {
  const revision = (base.kind === 'present' ? base.state.state_revision : 0) + 1;
  const encoded = encodeDocument(STATE_DOCUMENT, { ...next, state_revision: revision });
  const mode = base.kind === 'present' ? PutModes.ifMatch(base.etag) : PutModes.create;
  let etag: string;
  try {
    etag = await putDocument(store, STATE_DOCUMENT, STATE_KEY, encoded.bytes, mode);
  } catch (error) {
    if (!isOmniError(error, 'precondition_failed')) throw error;
    throw clusterError(
      'conflict',
      'state_cas_mismatch',
      STATE_KEY,
      base.kind === 'present'
        ? `${store.displayPath(STATE_KEY)} changed since it was read at ${base.cas}; re-run to plan against the current state`
        : `${store.displayPath(STATE_KEY)} was created by another writer since it was found absent`,
      error,
    );
  }
  return { kind: 'present', state: encoded.value, cas: stateCasOf(encoded.bytes), etag };
}
