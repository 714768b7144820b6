/**
 * A bounded least-recently-used map of pending or opened values. Values are promises so that
 * concurrent opens of one key share a single open; a rejected open is dropped, not cached.
 * Keys are immutable identities, so entries never need invalidation, only eviction.
 */
export class LruPromiseCache<V> {
  readonly #capacity: number;
  readonly #entries = new Map<string, Promise<V>>();

  constructor(capacity: number) {
    this.#capacity = Math.max(0, Math.floor(capacity));
  }

  /** The cached value of `key`, or the result of `open`, which is cached. */
  get(key: string, open: () => Promise<V>): Promise<V> {
    const cached = this.#entries.get(key);
    if (cached !== undefined) {
      // Re-insert to mark as most recently used (Map keeps insertion order).
      this.#entries.delete(key);
      this.#entries.set(key, cached);
      return cached;
    }
    const opening = open();
    if (this.#capacity === 0) return opening;
    this.#entries.set(key, opening);
    opening.catch(() => {
      if (this.#entries.get(key) === opening) this.#entries.delete(key);
    });
    this.#trim();
    return opening;
  }

  /** Whether `key` has an entry (without marking it used). */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** Caches a value opened elsewhere under `key`, unless the key has an entry already. */
  offer(key: string, value: V): void {
    if (this.#capacity === 0 || this.#entries.has(key)) return;
    this.#entries.set(key, Promise.resolve(value));
    this.#trim();
  }

  /** Drops every entry whose key satisfies `predicate`. */
  evict(predicate: (key: string) => boolean): void {
    for (const key of [...this.#entries.keys()]) {
      if (predicate(key)) this.#entries.delete(key);
    }
  }

  /** Number of cached entries. */
  get size(): number {
    return this.#entries.size;
  }

  #trim(): void {
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.#capacity) return;
      this.#entries.delete(key);
    }
  }
}
