import type { Diagnostic } from '../diagnostic.js';
import { isClusterError } from '../state/cluster-error.js';
import type { ClusterStore } from '../state/cluster-store.js';
import { ABSENT_STATE, readState, type StateRead } from '../state/state-ledger.js';
import { readLock, type LockRecord } from '../state/state-lock.js';

/** The ledger and the lock as a read-only command finds them. */
export interface StateAndLock {
  /** Absent also when the ledger could not be read (its diagnostic says why). */
  readonly state: StateRead;
  readonly lock?: LockRecord;
  /** Why the ledger or the lock could not be read. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads the ledger and the lock without taking the lock. A ledger or lock that cannot be read
 * or parsed becomes its diagnostic instead of ending the command, so the rest is still shown.
 */
export async function readStateAndLock(store: ClusterStore): Promise<StateAndLock> {
  const diagnostics: Diagnostic[] = [];
  const state = await orDiagnostic(readState(store), ABSENT_STATE, diagnostics);
  const lock = await orDiagnostic(readLock(store), undefined, diagnostics);
  return { state, ...(lock === undefined ? {} : { lock }), diagnostics };
}

/** The value of `read`, or `fallback` with the diagnostic of the ClusterError it failed with. */
export async function orDiagnostic<T, F>(
  read: Promise<T>,
  fallback: F,
  diagnostics: Diagnostic[],
): Promise<T | F> {
  try {
    return await read;
  } catch (error) {
    if (!isClusterError(error)) throw error;
    diagnostics.push(error.diagnostic);
    return fallback;
  }
}
