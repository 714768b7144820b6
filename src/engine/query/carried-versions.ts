import type { Row, TableReader } from '../lance/index.js';

/**
 * Rows a version's cache entry is carried over with at most, counted since the last version
 * with an entry of its own: beyond, reading the version costs less than holding them.
 */
const MAX_CARRIED_ROWS = 100_000;

/** The rows versions wrote since `from`, a version with a cache entry. */
export interface CarriedRows<T = Row> {
  readonly from: TableReader;
  readonly rows: readonly T[];
}

/**
 * For one read cache, the table versions whose entry is another's carried over with the rows
 * they wrote (see `WrittenVersion`), made when a read first needs it. Versions written one after another with no read in between chain back to the last
 * version with an entry. Each version keeps its record (another version may be written from it
 * too: a branch's first write), held weakly: a reader no read ever gets (another was cached for
 * its version first) goes with it.
 */
export class CarriedVersions<T = Row> {
  readonly #carried = new WeakMap<TableReader, CarriedRows<T>>();
  /** Whether the cache holds an entry of a version (an entry to extend from). */
  readonly #hasEntry: (reader: TableReader) => boolean;

  constructor(hasEntry: (reader: TableReader) => boolean) {
    this.#hasEntry = hasEntry;
  }

  /**
   * Records that `next` is `base` with `rows` written. Resolves true when the lookups spent on
   * base should count towards next's entry (the cache's ski rental): next cannot be extended,
   * or base could not either and was itself waiting for its entry.
   */
  record(base: TableReader, next: TableReader, rows: readonly T[]): boolean {
    if (this.#hasEntry(next) || this.#carried.has(next)) return false;
    const before = this.#carried.get(base);
    const from = before?.from ?? base;
    const carried = [...(before?.rows ?? []), ...rows];
    const extensible = this.#hasEntry(from) && carried.length <= MAX_CARRIED_ROWS;
    if (extensible) this.#carried.set(next, { from, rows: carried });
    return !extensible || before !== undefined;
  }

  /** True when next's entry can be had by extending another's. */
  has(next: TableReader): boolean {
    const carried = this.#carried.get(next);
    return carried !== undefined && this.#hasEntry(carried.from);
  }

  /** The rows next wrote since a version with an entry, if it can be extended; kept. */
  peek(next: TableReader): CarriedRows<T> | undefined {
    const carried = this.#carried.get(next);
    return carried !== undefined && this.#hasEntry(carried.from) ? carried : undefined;
  }

  /** The rows to extend next's entry by, once (the record is dropped), if it can be extended. */
  take(next: TableReader): CarriedRows<T> | undefined {
    const carried = this.peek(next);
    this.#carried.delete(next);
    return carried;
  }
}
