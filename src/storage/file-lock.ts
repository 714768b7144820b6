import { randomBytes } from 'node:crypto';
import { closeSync, openSync, unlinkSync, writeFileSync } from 'node:fs';
import { readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { OmniError } from '../util/omni-error.js';

/** A lock older than this is presumed abandoned: holders keep it for one compare-and-rename. */
const STALE_AFTER_MS = 30_000;
/** How long an acquirer waits before giving up with a transient error. */
const ACQUIRE_TIMEOUT_MS = 60_000;

interface LockOwner {
  readonly pid: number;
  readonly host: string;
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !isErrno(error, 'ESRCH');
  }
}

async function isStale(lockPath: string): Promise<boolean> {
  try {
    const [info, text] = await Promise.all([stat(lockPath), readFile(lockPath, 'utf8')]);
    if (Date.now() - info.mtimeMs > STALE_AFTER_MS) return true;
    const owner = JSON.parse(text) as LockOwner;
    return owner.host === hostname() && !processAlive(owner.pid);
  } catch {
    // Vanished, or still being written by its creator: not ours to break.
    return false;
  }
}

async function breakStaleLock(lockPath: string): Promise<void> {
  // Rename first so two breakers cannot both delete (one of them a fresh lock).
  const moved = `${lockPath}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(lockPath, moved);
    await unlink(moved);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `critical` while holding an exclusive lock file, across processes of this machine.
 * The lock is a file created with O_EXCL; a holder that died is detected by its pid. `label`
 * names what is locked in the timeout error (the lock file's path is an internal detail).
 */
export async function withFileLock<T>(
  lockPath: string,
  label: string,
  critical: () => Promise<T>,
): Promise<T> {
  const owner: LockOwner = { pid: process.pid, host: hostname() };
  const deadline = Date.now() + ACQUIRE_TIMEOUT_MS;
  let backoff = 1;
  for (;;) {
    try {
      createLockFile(lockPath, owner);
      break;
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    if (await isStale(lockPath)) {
      await breakStaleLock(lockPath);
      continue;
    }
    if (Date.now() > deadline) {
      throw new OmniError(
        'transient',
        `timed out after ${ACQUIRE_TIMEOUT_MS / 1000} s waiting for another writer of ${label}`,
      );
    }
    await sleep(backoff + Math.random() * backoff);
    backoff = Math.min(backoff * 2, 25);
  }
  try {
    return await critical();
  } finally {
    removeLockFile(lockPath);
  }
}

/**
 * Creates the lock file with its owner, or throws EEXIST. Synchronous: creating, writing and
 * closing a small file are calls of microseconds, where each would cost a thread-pool round trip
 * (~80 µs) asynchronously, and a lock is taken for every conditional write.
 */
function createLockFile(lockPath: string, owner: LockOwner): void {
  const fd = openSync(lockPath, 'wx');
  try {
    writeFileSync(fd, JSON.stringify(owner));
  } finally {
    closeSync(fd);
  }
}

/** Releases the lock. One already gone (another process broke it as stale) is not an error. */
function removeLockFile(lockPath: string): void {
  try {
    unlinkSync(lockPath);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
}

export { isErrno };
