import { positionKept, type RemovedPositions } from '../../../util/removed-positions.js';

/**
 * Removals stacked over the stored numbers at most before they are rewritten once: each is a
 * step more when a number is read, and reads of single numbers are few (the entries of the
 * edges a delete removes, a bound edge variable's steps).
 */
const MAX_REMOVALS_STACKED = 16;

/** One removal from an adjacency: its entries, and the edges they held. */
interface EntryRemoval {
  /** The entries removed (ascending), numbered as the removal found them. */
  readonly entries: Int32Array;
  /** The edges removed, numbered as the removal found them. */
  readonly gone: RemovedPositions;
}

/**
 * The edge number of each entry of an adjacency: the numbers as stored, read through the
 * removals since (each removal's entries and edges numbered as the one before it left them):
 * an entry is found at its place among the stored ones, and its number lowered past the edges
 * removed. A removal neither copies nor rewrites the stored numbers: at 10M edges, copying them
 * without a delete's entries took 15–25 ms per side, and rewriting them every fourth delete
 * 45–400 ms, while reach counts and walks never read edge numbers. Reading every number (listing
 * the endpoints, merging a base) rewrites them once, and the result is kept.
 */
export class EntryEdges {
  readonly #stored: Int32Array;
  readonly #removals: readonly EntryRemoval[];
  #numbers: Int32Array | undefined;
  /** Entries. */
  readonly length: number;

  constructor(stored: Int32Array, removals: readonly EntryRemoval[] = []) {
    this.#stored = stored;
    this.#removals = removals;
    this.#numbers = removals.length === 0 ? stored : undefined;
    this.length = removals.reduce((left, { entries }) => left - entries.length, stored.length);
  }

  /**
   * Bytes held: the stored numbers (shared with the adjacencies removed from), and the rewritten
   * ones once made.
   */
  get byteLength(): number {
    const rewritten = this.#numbers === this.#stored ? 0 : (this.#numbers?.byteLength ?? 0);
    return this.#stored.byteLength + rewritten;
  }

  /** The edge number of entry `entry`. */
  at(entry: number): number {
    const numbers = this.#numbers;
    if (numbers !== undefined) return numbers[entry] ?? 0;
    // The entry's place among the stored ones: back through each removal, the last first.
    let stored = entry;
    for (let step = this.#removals.length - 1; step >= 0; step -= 1) {
      const removal = this.#removals[step];
      if (removal !== undefined) stored = positionKept(removal.entries, stored);
    }
    let number = this.#stored[stored] ?? 0;
    for (const { gone } of this.#removals) number -= gone.below(number);
    return number;
  }

  /** Every entry's edge number, in entry order (rewritten once, then kept). */
  all(): Int32Array {
    if (this.#numbers !== undefined) return this.#numbers;
    let numbers = this.#stored;
    for (const { entries, gone } of this.#removals) numbers = gone.keptLowered(numbers, entries);
    this.#numbers = numbers;
    return numbers;
  }

  /**
   * The edge numbers once the entries `entries` (ascending) go, with the edges `gone` (whose
   * entries those are): the others lowered past them.
   */
  without(entries: Int32Array, gone: RemovedPositions): EntryEdges {
    const numbers = this.#numbers;
    const removal = { entries, gone };
    // Rewritten already (or never removed from): the removal stacks over those numbers.
    if (numbers !== undefined) return new EntryEdges(numbers, [removal]);
    if (this.#removals.length + 1 >= MAX_REMOVALS_STACKED)
      return new EntryEdges(gone.keptLowered(this.all(), entries));
    return new EntryEdges(this.#stored, [...this.#removals, removal]);
  }
}
