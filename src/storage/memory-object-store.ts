import { randomBytes } from 'node:crypto';
import { OmniError } from '../util/omni-error.js';
import { compareKeys, paginate } from './list-page.js';
import { validateKey, validatePrefix } from './object-key.js';
import type {
  ListOptions,
  ListPage,
  ObjectMeta,
  ObjectStore,
  PutMode,
  RequestCounts,
  StoredObject,
} from './object-store.js';
import { RequestCounter } from './request-counter.js';
import { preconditionFailed } from './precondition.js';

interface MemoryObject {
  readonly bytes: Uint8Array;
  readonly meta: ObjectMeta;
}

/** Contents of every `memory://name` store of this process, shared by name. */
const REGISTRY = new Map<string, Map<string, MemoryObject>>();

/**
 * An in-process store. Stores opened with the same name share contents, so a graph created at
 * `memory://x` can be reopened at `memory://x` within the process. Mostly for tests.
 */
export class MemoryObjectStore implements ObjectStore {
  readonly uri: string;
  readonly #objects: Map<string, MemoryObject>;
  readonly #counter = new RequestCounter();

  constructor(name: string) {
    this.uri = `memory://${name}`;
    let objects = REGISTRY.get(name);
    if (!objects) {
      objects = new Map();
      REGISTRY.set(name, objects);
    }
    this.#objects = objects;
  }

  /** Forgets a named store's contents (tests). */
  static drop(name: string): void {
    REGISTRY.delete(name);
  }

  async get(key: string): Promise<StoredObject> {
    validateKey(key);
    this.#counter.count('GET');
    const object = this.#objects.get(key);
    if (!object) throw new OmniError('not_found', `object '${key}' not found in ${this.uri}`);
    return { bytes: object.bytes.slice(), etag: object.meta.etag };
  }

  readonly getSync = (key: string): Uint8Array | null => {
    validateKey(key);
    this.#counter.count('GET');
    return this.#objects.get(key)?.bytes.slice() ?? null;
  };

  async head(key: string): Promise<ObjectMeta | undefined> {
    validateKey(key);
    this.#counter.count('HEAD');
    return this.#objects.get(key)?.meta;
  }

  async put(
    key: string,
    bytes: Uint8Array,
    mode: PutMode = { kind: 'overwrite' },
  ): Promise<string> {
    validateKey(key);
    this.#counter.count('PUT');
    const current = this.#objects.get(key);
    if (mode.kind === 'create' && current) throw preconditionFailed(key, mode);
    if (mode.kind === 'ifMatch' && current?.meta.etag !== mode.etag)
      throw preconditionFailed(key, mode);
    const etag = randomBytes(12).toString('hex');
    const meta: ObjectMeta = { key, size: bytes.byteLength, etag, lastModified: new Date() };
    this.#objects.set(key, { bytes: bytes.slice(), meta });
    return etag;
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    validatePrefix(prefix);
    this.#counter.count('LIST');
    const sorted = [...this.#objects.values()]
      .map((o) => o.meta)
      .sort((a, b) => compareKeys(a.key, b.key));
    return paginate(sorted, prefix, options);
  }

  async delete(key: string): Promise<void> {
    validateKey(key);
    this.#counter.count('DELETE');
    this.#objects.delete(key);
  }

  async deletePrefix(prefix: string): Promise<number> {
    validatePrefix(prefix);
    this.#counter.count('LIST');
    let deleted = 0;
    for (const key of [...this.#objects.keys()]) {
      if (!key.startsWith(prefix)) continue;
      this.#counter.count('DELETE');
      this.#objects.delete(key);
      deleted += 1;
    }
    return deleted;
  }

  async deleteKeys(keys: readonly string[]): Promise<void> {
    keys.forEach(validateKey);
    for (const key of keys) await this.delete(key);
  }

  requestCounts(): RequestCounts {
    return this.#counter.snapshot();
  }
}
