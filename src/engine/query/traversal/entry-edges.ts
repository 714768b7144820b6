import { withoutPositions, type RemovedPositions } from '../../../util/removed-positions.js';

/**
 * Removals an entry's edge number is lowered through at most before the numbers are rewritten
 * once: each is a lookup more when a number is read.
 */
const MAX_REMOVALS_STACKED = 4;

/**
 * The edge number of each entry of an adjacency: the numbers as stored, lowered past the edges
 * removed since (each removal's positions in the numbering the one before it left). A removal
 * copies the stored numbers without its entries, as it copies the entries' targets, instead of
 * rewriting every number: at 10M edges, rewriting took a quarter of a second per side, and
 * reach counts and walks never read edge numbers. Reading every number (binding an edge
 * variable, merging a base) rewrites them once, and the result is kept.
 */
export class EntryEdges {
  readonly #stored: Int32Array;
  readonly #removals: readonly RemovedPositions[];
  #numbers: Int32Array | undefined;

  constructor(stored: Int32Array, removals: readonly RemovedPositions[] = []) {
    this.#stored = stored;
    this.#removals = removals;
    this.#numbers = removals.length === 0 ? stored : undefined;
  }

  /** Entries. */
  get length(): number {
    return this.#stored.length;
  }

  /** Bytes held: the stored numbers, and the rewritten ones once made. */
  get byteLength(): number {
    const rewritten = this.#numbers === this.#stored ? 0 : (this.#numbers?.byteLength ?? 0);
    return this.#stored.byteLength + rewritten;
  }

  /** The edge number of entry `entry`. */
  at(entry: number): number {
    const numbers = this.#numbers;
    if (numbers !== undefined) return numbers[entry] ?? 0;
    let number = this.#stored[entry] ?? 0;
    for (const removal of this.#removals) number -= removal.below(number);
    return number;
  }

  /** Every entry's edge number, in entry order (rewritten once, then kept). */
  all(): Int32Array {
    if (this.#numbers !== undefined) return this.#numbers;
    const numbers = new Int32Array(this.#stored.length);
    for (let entry = 0; entry < numbers.length; entry += 1) numbers[entry] = this.at(entry);
    this.#numbers = numbers;
    return numbers;
  }

  /**
   * The edge numbers once the entries `entries` (ascending) go, with the edges `gone` (whose
   * entries those are): the others lowered past them.
   */
  without(entries: Int32Array, gone: RemovedPositions): EntryEdges {
    const numbers = this.#numbers;
    // Rewritten already: the new numbers lower those past this removal only.
    if (numbers !== undefined) return new EntryEdges(withoutPositions(numbers, entries), [gone]);
    if (this.#removals.length + 1 >= MAX_REMOVALS_STACKED)
      return new EntryEdges(gone.keptLowered(this.all(), entries));
    return new EntryEdges(withoutPositions(this.#stored, entries), [...this.#removals, gone]);
  }
}
