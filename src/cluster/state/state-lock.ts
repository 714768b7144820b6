import { z } from 'zod';
import { PutModes } from '../../storage/object-store.js';
import { isOmniError, messageOf } from '../../util/omni-error.js';
import { newUlid } from '../../util/ulid.js';
import { clusterError, storageCodeOf } from './cluster-error.js';
import { LOCK_KEY } from './cluster-keys.js';
import type { ClusterStore } from './cluster-store.js';
import {
  encodeDocument,
  putDocument,
  readDocument,
  type StoredDocument,
} from './stored-document.js';
import { timestampField, ulidField } from './stored-fields.js';

const lockSchema = z.strictObject({
  version: z.literal(1),
  lock_id: ulidField,
  /** The command holding it: `plan`, `apply`, `refresh`, `import`, `approve`. */
  operation: z.string().min(1),
  created_at: timestampField,
  pid: z.number().int().min(0).max(0xffff_ffff),
});

/** The content of `__cluster/lock.json`. */
export type LockRecord = z.output<typeof lockSchema>;

/** The lock document: its shape and diagnostic codes. */
export const LOCK_DOCUMENT: StoredDocument<LockRecord> = {
  name: 'state lock',
  versionField: 'version',
  version: 1,
  schema: lockSchema,
  codes: {
    invalid: 'invalid_state_lock',
    unsupported: 'unsupported_state_lock_version',
    readError: 'state_lock_read_error',
    writeError: 'state_lock_error',
  },
};

/** Options of {@link acquireLock} and {@link withLock}. */
export interface AcquireLockOptions {
  /** The clock: stamps `created_at` and ages a lock held by another. Default: now. */
  readonly now?: () => Date;
  /** Recorded for operators; default this process's. */
  readonly pid?: number;
}

// A holder may release between our failed create and our read of it; past this many such
// races in a row something else is wrong.
const ACQUIRE_ATTEMPTS = 3;

/**
 * Reads the lock; `undefined` when nobody holds it. Failures: `invalid_state_lock`,
 * `unsupported_state_lock_version`, `state_lock_read_error`.
 */
export async function readLock(store: ClusterStore): Promise<LockRecord | undefined> {
  return (await readDocument(store, LOCK_DOCUMENT, LOCK_KEY))?.value;
}

/** Whole seconds since `lock` was taken, by the observer's clock (never negative). */
export function lockAgeSeconds(lock: LockRecord, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(lock.created_at)) / 1000));
}

/**
 * Takes the state lock for `operation` by a create-only put of a fresh lock record. When
 * another holds it, fails with `state_lock_held` naming its id, operation, pid and age. There
 * is no expiry: a lock left by a crashed run stays until `force-unlock <lock_id>`.
 *
 * @example
 * const lock = await acquireLock(store, 'apply');
 * try { … } finally { await releaseLock(store, lock); }
 */
export async function acquireLock(
  store: ClusterStore,
  operation: string,
  options: AcquireLockOptions = {},
): Promise<LockRecord> {
  const now = options.now ?? (() => new Date());
  for (let attempt = 1; attempt <= ACQUIRE_ATTEMPTS; attempt += 1) {
    const at = now();
    const { value, bytes } = encodeDocument(LOCK_DOCUMENT, {
      version: 1,
      lock_id: newUlid(at.getTime()),
      operation,
      created_at: at.toISOString(),
      pid: options.pid ?? process.pid,
    });
    try {
      await putDocument(store, LOCK_DOCUMENT, LOCK_KEY, bytes, PutModes.create);
      return value;
    } catch (error) {
      if (!isOmniError(error, 'precondition_failed')) throw error;
    }
    const holder = await readLock(store);
    if (holder !== undefined) throw lockHeld(store, holder, now());
  }
  throw clusterError(
    'transient',
    'state_lock_error',
    LOCK_KEY,
    `${store.displayPath(LOCK_KEY)} was taken and released ${ACQUIRE_ATTEMPTS} times while acquiring it; retry`,
  );
}

/**
 * Releases `lock` if it is still the one in `lock.json` (a force-unlock may have removed it and
 * another run taken the lock since); returns whether it was removed. The read and the delete are
 * two requests, so a force-unlock racing them can still lose a lock; the ledger CAS keeps that
 * from losing an update.
 */
export async function releaseLock(store: ClusterStore, lock: LockRecord): Promise<boolean> {
  const holder = await readLock(store);
  if (holder?.lock_id !== lock.lock_id) return false;
  await deleteLock(store);
  return true;
}

/**
 * Runs `fn` holding the lock for `operation`, and releases it however `fn` ends. When `fn`
 * throws, that error wins over a failed release; when `fn` succeeds, a failed release is
 * thrown (`state_lock_error`), since the lock left behind blocks every later run.
 *
 * @example
 * const written = await withLock(store, 'refresh', async (lock) => refresh(store, lock));
 */
export async function withLock<T>(
  store: ClusterStore,
  operation: string,
  fn: (lock: LockRecord) => Promise<T>,
  options: AcquireLockOptions = {},
): Promise<T> {
  const lock = await acquireLock(store, operation, options);
  let result: T;
  try {
    result = await fn(lock);
  } catch (error) {
    await releaseLock(store, lock).catch(() => false);
    throw error;
  }
  await releaseLock(store, lock);
  return result;
}

/** Deletes `lock.json`; a failure is `state_lock_error`. */
export async function deleteLock(store: ClusterStore): Promise<void> {
  try {
    await store.objects.delete(LOCK_KEY);
  } catch (error) {
    throw clusterError(
      storageCodeOf(error),
      'state_lock_error',
      LOCK_KEY,
      `cannot remove ${store.displayPath(LOCK_KEY)}: ${messageOf(error)}`,
      error,
    );
  }
}

function lockHeld(store: ClusterStore, holder: LockRecord, now: Date) {
  return clusterError(
    'conflict',
    'state_lock_held',
    LOCK_KEY,
    `cluster state is locked by ${holder.operation} (lock ${holder.lock_id}, pid ${holder.pid}, ` +
      `taken ${holder.created_at}, ${lockAgeSeconds(holder, now)}s ago) in ${store.displayPath(LOCK_KEY)}; ` +
      `if that run is gone, remove it with \`omnigraph cluster force-unlock ${holder.lock_id}\``,
  );
}
