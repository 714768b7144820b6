import { clusterError } from './cluster-error.js';
import { LOCK_KEY } from './cluster-keys.js';
import type { ClusterStore } from './cluster-store.js';
import { deleteLock, readLock, type LockRecord } from './state-lock.js';

/**
 * Removes `lock.json` for an operator, only if it parses as a version-1 lock whose `lock_id` is
 * exactly `lockId` (no blind unlock: the id comes from `status` or the `state_lock_held`
 * message). Returns the removed lock. Failures: `state_lock_missing`, `state_lock_id_mismatch`,
 * `invalid_state_lock`, `unsupported_state_lock_version`, `state_lock_read_error`,
 * `state_lock_error`.
 *
 * @example
 * const removed = await forceUnlock(store, '01J9Z3…');
 */
export async function forceUnlock(store: ClusterStore, lockId: string): Promise<LockRecord> {
  const holder = await readLock(store);
  if (holder === undefined) {
    throw clusterError(
      'not_found',
      'state_lock_missing',
      LOCK_KEY,
      `${store.displayPath(LOCK_KEY)} does not exist: the cluster state is not locked`,
    );
  }
  if (holder.lock_id !== lockId) {
    throw clusterError(
      'conflict',
      'state_lock_id_mismatch',
      LOCK_KEY,
      `${store.displayPath(LOCK_KEY)} holds lock ${holder.lock_id} (${holder.operation}, pid ${holder.pid}), not ${lockId}; nothing was removed`,
    );
  }
  await deleteLock(store);
  return holder;
}
