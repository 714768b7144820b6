import type { TableReader } from '../lance/index.js';

const identities = new WeakMap<TableReader, number>();
let nextIdentity = 0;

/** A number per pinned reader object: the identity of one immutable table version. */
function identity(reader: TableReader): number {
  let id = identities.get(reader);
  if (id === undefined) {
    id = nextIdentity += 1;
    identities.set(reader, id);
  }
  return id;
}

/**
 * A bounded least-recently-used cache of values derived from one table version (and a column),
 * built at most once at a time. Keys are immutable identities, so entries never go stale; a
 * failed build is not kept.
 */
export class PinnedCache<V> {
  readonly #capacity: number;
  readonly #entries = new Map<string, Promise<V>>();

  constructor(capacity: number) {
    this.#capacity = Math.max(1, capacity);
  }

  /** True when the value for this version and part is built or being built. */
  has(reader: TableReader, part: string): boolean {
    return this.#entries.has(`${identity(reader)}\u0000${part}`);
  }

  /** The value for this version and part, built by `build` on first use. */
  get(reader: TableReader, part: string, build: () => Promise<V>): Promise<V> {
    const key = `${identity(reader)}\u0000${part}`;
    const cached = this.#entries.get(key);
    if (cached !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, cached);
      return cached;
    }
    const building = build();
    this.#entries.set(key, building);
    building.catch(() => {
      if (this.#entries.get(key) === building) this.#entries.delete(key);
    });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#capacity) break;
      this.#entries.delete(oldest);
    }
    return building;
  }
}
