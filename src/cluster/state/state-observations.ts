import { z } from 'zod';
import { LOCK_KEY, STATE_KEY } from './cluster-keys.js';
import type { ClusterStore } from './cluster-store.js';
import type { StateRead } from './state-ledger.js';
import { lockAgeSeconds, type LockRecord } from './state-lock.js';

/** Zod shape of the `state_observations` every cluster command outputs. */
export const stateObservationsSchema = z.strictObject({
  /** Where the ledger lives (a path on disk, or its `s3://` URI). */
  state_path: z.string(),
  lock_path: z.string(),
  state_found: z.boolean(),
  applied_config_digest: z.string().optional(),
  /** 0 when no ledger was found. */
  state_revision: z.number().int().nonnegative(),
  state_cas: z.string().optional(),
  /** Entries of `applied_revision.resources`. */
  resource_count: z.number().int().nonnegative(),
  /** A lock was present: one found in `lock.json`, or the one this command holds. */
  locked: z.boolean(),
  lock_id: z.string().optional(),
  /** This command took the lock. */
  lock_acquired: z.boolean(),
  acquired_lock_id: z.string().optional(),
  lock_operation: z.string().optional(),
  lock_created_at: z.string().optional(),
  lock_pid: z.number().int().nonnegative().optional(),
  lock_age_seconds: z.number().int().nonnegative().optional(),
});

/** What a command observed of the ledger and the lock. */
export type StateObservations = z.output<typeof stateObservationsSchema>;

/** What {@link stateObservations} is built from. */
export interface StateObservationsInput {
  readonly state: StateRead;
  /** The lock found in `lock.json` (commands that only look, like `status`). */
  readonly lock?: LockRecord | undefined;
  /** The lock this command holds; it is also the lock observed when `lock` is not given. */
  readonly acquired?: LockRecord | undefined;
  /** The clock that ages the lock; default now. */
  readonly now?: Date;
}

/**
 * The `state_observations` of a command's output.
 *
 * @example
 * const observations = stateObservations(store, { state: await readState(store), lock: await readLock(store) });
 */
export function stateObservations(
  store: ClusterStore,
  input: StateObservationsInput,
): StateObservations {
  const { state, acquired } = input;
  const holder = input.lock ?? acquired;
  const present = state.kind === 'present' ? state : undefined;
  return withoutUndefined({
    state_path: store.displayPath(STATE_KEY),
    lock_path: store.displayPath(LOCK_KEY),
    state_found: present !== undefined,
    applied_config_digest: present?.state.applied_revision.config_digest,
    state_revision: present?.state.state_revision ?? 0,
    state_cas: present?.cas,
    resource_count: Object.keys(present?.state.applied_revision.resources ?? {}).length,
    locked: holder !== undefined,
    lock_id: holder?.lock_id,
    lock_acquired: acquired !== undefined,
    acquired_lock_id: acquired?.lock_id,
    lock_operation: holder?.operation,
    lock_created_at: holder?.created_at,
    lock_pid: holder?.pid,
    lock_age_seconds: holder && lockAgeSeconds(holder, input.now ?? new Date()),
  });
}

/** Drops absent optional fields, so outputs hold only what was observed. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
