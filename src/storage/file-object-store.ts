import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  fsync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { mkdir, open, readdir, rmdir, unlink } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { OmniError } from '../util/omni-error.js';
import { isErrno, withFileLock } from './file-lock.js';
import { fileStoreError } from './file-store-error.js';
import { compareKeys, paginate } from './list-page.js';
import { RESERVED_SEGMENT_PREFIX, validateKey, validatePrefix } from './object-key.js';
import type {
  ListOptions,
  ListPage,
  ObjectMeta,
  ObjectStore,
  PutMode,
  RequestCounts,
  StoredObject,
} from './object-store.js';
import { preconditionFailed } from './precondition.js';
import { RequestCounter } from './request-counter.js';

const TMP_DIR = `${RESERVED_SEGMENT_PREFIX}tmp`;
/** Attempts at making a directory that concurrent deletes keep pruning (see `#ensureDir`). */
const MKDIR_ATTEMPTS = 5;
const LOCK_DIR = `${RESERVED_SEGMENT_PREFIX}locks`;

interface StatLike {
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly mtimeMs: bigint;
}

/** Every write lands in a fresh inode, so (inode, mtime, size) changes on every write. */
function etagOf(info: StatLike): string {
  return `${info.ino.toString(36)}-${info.mtimeNs.toString(36)}-${info.size.toString(36)}`;
}

function metaOf(key: string, info: StatLike): ObjectMeta {
  return {
    key,
    size: Number(info.size),
    etag: etagOf(info),
    lastModified: new Date(Number(info.mtimeMs)),
  };
}

/**
 * Objects as files under a root directory. Writes go to a temporary file that is fsynced and
 * then linked (create) or renamed (overwrite, if-match) into place, so readers never see a
 * partial object. `create` relies on link(2) failing when the target exists; `ifMatch`,
 * overwrite and delete hold a per-key lock file around compare-and-rename, which makes the
 * conditional writes hold across processes on one machine. A failure of the file system is a
 * typed error naming the root and the key, never the temporary or lock files
 * ({@link fileStoreError}).
 */
export class FileObjectStore implements ObjectStore {
  readonly uri: string;
  readonly #root: string;
  readonly #counter = new RequestCounter();
  /**
   * Directories this store made or found, so a write does not ask for them again. One removed
   * behind its back (another process's delete prunes empty ones) is made again on ENOENT.
   */
  readonly #dirs = new Set<string>();

  constructor(root: string) {
    this.#root = path.resolve(root);
    this.uri = pathToFileURL(this.#root).href;
  }

  #pathOf(key: string): string {
    return path.join(this.#root, ...key.split('/'));
  }

  #lockPathOf(key: string): string {
    return path.join(
      this.#root,
      LOCK_DIR,
      createHash('sha256').update(key).digest('hex').slice(0, 40),
    );
  }

  /** Runs one operation; any failure of the file system becomes a typed error naming the root. */
  async #guard<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw await fileStoreError(error, this.#root, what);
    }
  }

  async get(key: string): Promise<StoredObject> {
    validateKey(key);
    this.#counter.count('GET');
    return this.#guard(`read '${key}'`, () => this.#read(key));
  }

  async #read(key: string): Promise<StoredObject> {
    let handle;
    try {
      handle = await open(this.#pathOf(key), 'r');
    } catch (error) {
      if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR') || isErrno(error, 'EISDIR')) {
        throw new OmniError('not_found', `object '${key}' not found in ${this.uri}`);
      }
      throw error;
    }
    try {
      // Stat and read through one descriptor so the etag belongs to the bytes returned.
      const info = await handle.stat({ bigint: true });
      if (!info.isFile())
        throw new OmniError('not_found', `object '${key}' not found in ${this.uri}`);
      const bytes = await handle.readFile();
      return {
        bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        etag: etagOf(info),
      };
    } finally {
      await handle.close();
    }
  }

  async head(key: string): Promise<ObjectMeta | undefined> {
    validateKey(key);
    this.#counter.count('HEAD');
    return this.#guard(`read '${key}'`, async () => this.#statKey(key));
  }

  readonly getSync = (key: string): Uint8Array | null => {
    validateKey(key);
    this.#counter.count('GET');
    try {
      const bytes = readFileSync(this.#pathOf(key));
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch {
      return null;
    }
  };

  /**
   * The metadata of `key`'s file, in one call: a stat only reads metadata, so it never waits for
   * the journal, and a conditional write's critical section stays a single step.
   */
  #statKey(key: string): ObjectMeta | undefined {
    try {
      const info = statSync(this.#pathOf(key), { bigint: true });
      return info.isFile() ? metaOf(key, info) : undefined;
    } catch (error) {
      throwUnlessAbsent(error);
      return undefined;
    }
  }

  async put(
    key: string,
    bytes: Uint8Array,
    mode: PutMode = { kind: 'overwrite' },
  ): Promise<string> {
    validateKey(key);
    this.#counter.count('PUT');
    return this.#guard(`write '${key}'`, () => this.#write(key, bytes, mode));
  }

  async #write(key: string, bytes: Uint8Array, mode: PutMode): Promise<string> {
    const target = this.#pathOf(key);
    await this.#ensureDir(path.dirname(target));
    const temp = await this.#writeTemp(bytes);
    try {
      switch (mode.kind) {
        case 'create':
          return this.#linkNew(key, temp, target);
        case 'overwrite':
          return await this.#locked(key, async () => this.#replace(key, temp, target));
        case 'ifMatch':
          return await this.#locked(key, async () => {
            const current = this.#statKey(key);
            if (current?.etag !== mode.etag) throw preconditionFailed(key, mode, current?.etag);
            return this.#replace(key, temp, target);
          });
      }
    } finally {
      removeTemp(temp);
    }
  }

  /** Makes `dir` (and its parents) unless this store knows it is there. */
  async #ensureDir(dir: string): Promise<void> {
    if (this.#dirs.has(dir)) return;
    // A recursive mkdir that meets an existing `dir` checks that it is a directory; a delete
    // pruning it meanwhile turns that check into ENOENT. Pruning only removes empty directories,
    // so making it again succeeds unless deletes keep winning the race.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await mkdir(dir, { recursive: true });
        break;
      } catch (error) {
        if (!isErrno(error, 'ENOENT') || attempt >= MKDIR_ATTEMPTS) throw error;
      }
    }
    this.#dirs.add(dir);
  }

  /** Runs `call` (which only creates an entry in `dir`), making `dir` again if it went away. */
  async #inDir<T>(dir: string, call: () => Promise<T>): Promise<T> {
    await this.#ensureDir(dir);
    try {
      return await call();
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
      this.#dirs.delete(dir);
      await this.#ensureDir(dir);
      return call();
    }
  }

  async #locked<T>(key: string, critical: () => Promise<T>): Promise<T> {
    const dir = path.join(this.#root, LOCK_DIR);
    const state = { entered: false };
    const run = () =>
      withFileLock(this.#lockPathOf(key), `'${key}' under ${this.#root}`, () => {
        state.entered = true;
        return critical();
      });
    await this.#ensureDir(dir);
    try {
      return await run();
    } catch (error) {
      // Only taking the lock is retried, never the critical section.
      if (state.entered || !isErrno(error, 'ENOENT')) throw error;
      this.#dirs.delete(dir);
      await this.#ensureDir(dir);
      return run();
    }
  }

  /**
   * Writes `bytes` to a new temporary file and makes them durable. Only the fsync goes to the
   * thread pool: opening, writing and closing a small object are calls of microseconds, where
   * each would cost a round trip (~80 µs), and a commit writes several such objects in a row.
   */
  async #writeTemp(bytes: Uint8Array): Promise<string> {
    const dir = path.join(this.#root, TMP_DIR);
    const temp = path.join(dir, `${process.pid}-${randomBytes(8).toString('hex')}`);
    const fd = await this.#inDir(dir, () => Promise.resolve(openSync(temp, 'wx')));
    try {
      writeFileSync(fd, bytes);
      await fsyncFile(fd);
    } finally {
      closeSync(fd);
    }
    return temp;
  }

  #linkNew(key: string, temp: string, target: string): string {
    try {
      intoParent(target, () => {
        linkSync(temp, target);
      });
    } catch (error) {
      if (isErrno(error, 'EEXIST')) throw preconditionFailed(key, { kind: 'create' });
      throw error;
    }
    return etagOf(statSync(target, { bigint: true }));
  }

  #replace(key: string, temp: string, target: string): string {
    const info = statSync(temp, { bigint: true });
    intoParent(target, () => {
      renameSync(temp, target);
    });
    return metaOf(key, info).etag;
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    validatePrefix(prefix);
    this.#counter.count('LIST');
    const metas = await this.#guard(`list '${prefix}'`, () => this.#collect(prefix));
    return paginate(metas, prefix, options);
  }

  /** Metadata of every key under `prefix`, sorted. */
  async #collect(prefix: string): Promise<ObjectMeta[]> {
    const cut = prefix.lastIndexOf('/');
    const baseKey = cut === -1 ? '' : prefix.slice(0, cut);
    const found: ObjectMeta[] = [];
    await this.#walk(baseKey, prefix, found);
    return found.sort((a, b) => compareKeys(a.key, b.key));
  }

  async #walk(dirKey: string, prefix: string, found: ObjectMeta[]): Promise<void> {
    const dir = dirKey === '' ? this.#root : this.#pathOf(dirKey);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      throwUnlessAbsent(error);
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(RESERVED_SEGMENT_PREFIX)) continue;
      const key = dirKey === '' ? entry.name : `${dirKey}/${entry.name}`;
      if (entry.isDirectory()) {
        if (prefix.startsWith(key + '/') || key.startsWith(prefix))
          await this.#walk(key, prefix, found);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        const meta = this.#statKey(key);
        if (meta) found.push(meta);
      }
    }
  }

  async delete(key: string): Promise<void> {
    validateKey(key);
    this.#counter.count('DELETE');
    await this.#guard(`delete '${key}'`, () => this.#deleteOne(key));
  }

  async #deleteOne(key: string): Promise<void> {
    await this.#locked(key, async () => {
      try {
        await unlink(this.#pathOf(key));
      } catch (error) {
        throwUnlessAbsent(error);
      }
    });
    await this.#pruneEmptyParents(key);
  }

  /** Removes directories left empty by a delete; S3 has no directories to leave behind. */
  async #pruneEmptyParents(key: string): Promise<void> {
    const segments = key.split('/').slice(0, -1);
    while (segments.length > 0) {
      const dir = this.#pathOf(segments.join('/'));
      try {
        await rmdir(dir);
      } catch {
        return;
      }
      this.#dirs.delete(dir);
      segments.pop();
    }
  }

  async deletePrefix(prefix: string): Promise<number> {
    validatePrefix(prefix);
    this.#counter.count('LIST');
    const metas = await this.#guard(`list '${prefix}'`, () => this.#collect(prefix));
    for (const meta of metas) {
      this.#counter.count('DELETE');
      await this.#guard(`delete '${meta.key}'`, () => this.#deleteOne(meta.key));
    }
    return metas.length;
  }

  async deleteKeys(keys: readonly string[]): Promise<void> {
    keys.forEach(validateKey);
    await Promise.all(keys.map((key) => this.delete(key)));
  }

  requestCounts(): RequestCounts {
    return this.#counter.snapshot();
  }
}

/**
 * Runs a link or rename into `target`'s directory. A concurrent delete of the directory's last
 * object prunes the directory (see `#pruneEmptyParents`), possibly between our `mkdir` and the
 * call: then the directory is made again and the call retried.
 */
function intoParent(target: string, call: () => void): void {
  for (let attempt = 1; ; attempt += 1) {
    try {
      call();
      return;
    } catch (error) {
      if (!isErrno(error, 'ENOENT') || attempt >= 5) throw error;
      mkdirSync(path.dirname(target), { recursive: true });
    }
  }
}

/** Raises `error` unless it says that no file is behind the key. */
function throwUnlessAbsent(error: unknown): void {
  if (!isErrno(error, 'ENOENT') && !isErrno(error, 'ENOTDIR')) throw error;
}

/** Deletes a temporary file if it is still there (a rename moved it; a link did not). */
function removeTemp(temp: string): void {
  try {
    unlinkSync(temp);
  } catch {
    // Renamed into place already; a stray temporary file is harmless (lists skip its directory).
  }
}

const fsyncFile = promisify(fsync);
