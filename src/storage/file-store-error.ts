import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ErrorCode } from '../util/error-catalog.js';
import { OmniError } from '../util/omni-error.js';
import { errnoOf, errnoReason } from '../util/errno-reason.js';

/** Failures the user fixes in their environment: permissions, the path, the file system. */
const CONFIGURATION = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOTDIR',
  'EISDIR',
  'EEXIST',
  'ENAMETOOLONG',
  'ELOOP',
]);

/** Failures that pass: the process or the system ran short for a moment. */
const TRANSIENT = new Set(['EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY']);

/** What to do about a failure, appended to its reason; `dir` is the root or its nearest parent. */
const HINTS: Readonly<Record<string, (dir: string) => string>> = {
  EACCES: (dir) => `; check the owner and mode of ${dir}`,
  EPERM: (dir) => `; check the owner and mode of ${dir}`,
  EROFS: () => '; use a root on a writable file system',
  ENOSPC: () => '; free some space',
  EDQUOT: () => '; free some space',
};

/**
 * The error for a failed file-system call of the file store at `root`, doing `what`
 * (`write '_og/graph.json'`): it names the root and the key, never the store's own temporary
 * or lock files, and says why in plain words. Errors the user fixes (permissions, a file where a
 * directory belongs, a read-only file system) are `configuration`; a full disk is `permanent`.
 */
export async function fileStoreError(
  error: unknown,
  root: string,
  what: string,
): Promise<OmniError> {
  if (error instanceof OmniError) return error;
  const code = errnoOf(error);
  const blocker =
    code === 'ENOTDIR' || code === 'EEXIST' ? await fileInTheWay(error, root) : undefined;
  const reason = blocker ?? errnoReason(error);
  const hintOf = code === undefined ? undefined : HINTS[code];
  const hint = hintOf === undefined ? '' : hintOf(await nearestExisting(root));
  return new OmniError(classOf(code), `cannot ${what} under ${root}: ${reason}${hint}`, {
    details: { root, ...(code === undefined ? {} : { errno: code }) },
    cause: error,
  });
}

function classOf(code: string | undefined): ErrorCode {
  if (code !== undefined && CONFIGURATION.has(code)) return 'configuration';
  if (code !== undefined && TRANSIENT.has(code)) return 'transient';
  return 'permanent';
}

/** The root if it exists, else its nearest existing parent: the directory to fix. */
async function nearestExisting(root: string): Promise<string> {
  let at = root;
  while (at !== path.dirname(at) && (await stat(at).catch(() => undefined)) === undefined) {
    at = path.dirname(at);
  }
  return at;
}

/**
 * The file that stops a path from being made (`/data/g is a file, not a directory`): the
 * nearest existing ancestor of the failed path, when it is not a directory. Inside the root it
 * is named relative to it.
 */
async function fileInTheWay(error: unknown, root: string): Promise<string | undefined> {
  const failed =
    (error as { dest?: unknown; path?: unknown }).dest ?? (error as { path?: unknown }).path;
  if (typeof failed !== 'string') return undefined;
  for (let at = failed; at !== path.dirname(at); at = path.dirname(at)) {
    const info = await stat(at).catch(() => undefined);
    if (info === undefined) continue;
    if (info.isDirectory()) return undefined;
    const inside = at.startsWith(root + path.sep);
    return `${inside ? `'${path.relative(root, at)}'` : at} is a file, not a directory`;
  }
  return undefined;
}
