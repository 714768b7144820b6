/** One value held under a {@link CacheBudget}. */
export interface BudgetEntry {
  /** The cache holding it, as reported by {@link CacheBudget.usage}. */
  readonly cache: string;
  /** Estimated bytes it holds (see {@link CacheBudget.resize}). */
  bytes: number;
  /** Drops the value from its cache; called when the budget evicts the entry. */
  readonly evict: () => void;
}

/** What one cache holds. */
export interface CacheHoldings {
  readonly entries: number;
  readonly bytes: number;
}

/** What the caches under a budget hold, by cache name. */
export interface CacheUsage {
  readonly budget_bytes: number;
  readonly used_bytes: number;
  readonly caches: Readonly<Record<string, CacheHoldings>>;
}

/**
 * One byte budget shared by several caches: entries of every cache are evicted least recently
 * used first, whichever cache holds them, so memory goes where queries need it. A value larger
 * than half the budget is never admitted ({@link fits}): one table cannot flush everything, and
 * a query that needs it reads storage instead, slower but never wrong.
 */
export class CacheBudget {
  /** Bytes the entries may hold together; 0 admits nothing. */
  readonly limit: number;
  /** Every admitted entry, least recently used first. */
  readonly #entries = new Set<BudgetEntry>();
  #bytes = 0;

  constructor(limit: number) {
    this.limit = Math.max(0, limit);
  }

  /** Bytes held by admitted entries. */
  get bytes(): number {
    return this.#bytes;
  }

  /** True when a value of `bytes` may be admitted. */
  fits(bytes: number): boolean {
    return this.limit > 0 && bytes <= this.limit / 2;
  }

  /** Admits an entry as the most recently used, evicting others until the budget holds. */
  admit(entry: BudgetEntry): void {
    this.#entries.add(entry);
    this.#bytes += entry.bytes;
    this.#shrink(entry);
  }

  /** Marks an entry used now. */
  touch(entry: BudgetEntry): void {
    if (!this.#entries.delete(entry)) return;
    this.#entries.add(entry);
  }

  /** Records that an admitted entry now holds `bytes` (it grew or shrank after admission). */
  resize(entry: BudgetEntry, bytes: number): void {
    if (!this.#entries.has(entry)) return;
    this.#bytes += bytes - entry.bytes;
    entry.bytes = bytes;
    this.#shrink(entry);
  }

  /** Forgets an entry its cache dropped on its own (no `evict` call). */
  remove(entry: BudgetEntry): void {
    if (this.#entries.delete(entry)) this.#bytes -= entry.bytes;
  }

  /** What each cache holds now. */
  usage(): CacheUsage {
    const caches: Record<string, { entries: number; bytes: number }> = {};
    for (const entry of this.#entries) {
      const held = (caches[entry.cache] ??= { entries: 0, bytes: 0 });
      held.entries += 1;
      held.bytes += entry.bytes;
    }
    return { budget_bytes: this.limit, used_bytes: this.#bytes, caches };
  }

  /** Evicts least recently used entries other than `keep` until the budget holds. */
  #shrink(keep: BudgetEntry): void {
    for (const entry of this.#entries) {
      if (this.#bytes <= this.limit) return;
      if (entry === keep) continue;
      this.remove(entry);
      entry.evict();
    }
    if (this.#bytes > this.limit) {
      this.remove(keep);
      keep.evict();
    }
  }
}

/** Estimated heap bytes of one `Map` entry (key and value slots, hash chain). */
export const MAP_ENTRY_BYTES = 48;

/** Estimated heap bytes of an array of strings: a slot and a string header per element. */
export function stringsBytes(strings: readonly string[]): number {
  let bytes = 16 + strings.length * 24;
  // Indexed, as `columnBytes` in the column cache: no iterator result per string.
  for (let index = 0; index < strings.length; index += 1)
    bytes += (strings[index] ?? '').length * 2;
  return bytes;
}
