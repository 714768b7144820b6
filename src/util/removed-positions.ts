/** Bits of a position below which {@link RemovedPositions} counts by block. */
const BLOCK_BITS = 10;

/**
 * Positions removed from a list (of table rows, of edges), for renumbering every other position
 * past them: how many are below the start of each block of 1,024 positions, and which blocks hold
 * any, so that a position in a block without one (nearly all, when few go) is renumbered with
 * two reads of small arrays instead of a search.
 */
export class RemovedPositions {
  readonly #sorted: Int32Array;
  readonly #before: Int32Array;
  readonly #holds: Uint8Array;

  /** `sorted`: the removed positions, ascending and distinct, all below `length`. */
  constructor(sorted: Int32Array, length: number) {
    this.#sorted = sorted;
    const blocks = (length >> BLOCK_BITS) + 1;
    this.#before = new Int32Array(blocks + 1);
    this.#holds = new Uint8Array(blocks);
    for (const position of sorted) {
      const block = position >> BLOCK_BITS;
      this.#holds[block] = 1;
      this.#before[block + 1] = (this.#before[block + 1] ?? 0) + 1;
    }
    for (let block = 0; block < blocks; block += 1)
      this.#before[block + 1] = (this.#before[block + 1] ?? 0) + (this.#before[block] ?? 0);
  }

  /** How many positions are removed. */
  get count(): number {
    return this.#sorted.length;
  }

  /** How many removed positions are below `position`; -1 when `position` is removed itself. */
  below(position: number): number {
    const block = position >> BLOCK_BITS;
    if (this.#holds[block] !== 1) return this.#before[block] ?? 0;
    const below = countBelow(this.#sorted, position);
    return this.#sorted[below] === position ? -1 : below;
  }

  /** `list` without the removed positions, in order. */
  kept<T>(list: ArrayLike<T>): T[] {
    const kept = new Array<T>(list.length - this.count);
    let written = 0;
    let next = 0;
    for (let position = 0; position < list.length; position += 1) {
      if (position === this.#sorted[next]) {
        next += 1;
        continue;
      }
      kept[written++] = list[position] as T;
    }
    return kept;
  }

  /** `numbers` without the removed positions, in order. */
  keptNumbers(numbers: Int32Array): Int32Array {
    return withoutPositions(numbers, this.#sorted);
  }

  /**
   * `numbers` without the entries at `skipped` (ascending entry positions), each of the others
   * (none of them removed) lowered by the removed positions below it: one pass that reads the
   * block counts, with a search only in blocks that hold a removed position. Copying and
   * lowering in that one pass writes each entry once, into an array the pass touches first.
   */
  keptLowered(numbers: Int32Array, skipped: Int32Array): Int32Array {
    const kept = new Int32Array(numbers.length - skipped.length);
    const before = this.#before;
    const holds = this.#holds;
    let written = 0;
    let from = 0;
    for (let run = 0; run <= skipped.length; run += 1) {
      const end = run < skipped.length ? (skipped[run] ?? 0) : numbers.length;
      for (let at = from; at < end; at += 1) {
        const number = numbers[at] ?? 0;
        const block = number >> BLOCK_BITS;
        kept[written] = number - (holds[block] === 1 ? this.below(number) : (before[block] ?? 0));
        written += 1;
      }
      from = end + 1;
    }
    return kept;
  }
}

/** How many of `sorted` (ascending) are below `value`: the position `value` would take. */
export function countBelow(sorted: Int32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] ?? 0) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** `numbers` without the entries at `positions` (ascending, distinct): copied in runs between them. */
export function withoutPositions(numbers: Int32Array, positions: Int32Array): Int32Array {
  const kept = new Int32Array(numbers.length - positions.length);
  let written = 0;
  let from = 0;
  for (const position of positions) {
    kept.set(numbers.subarray(from, position), written);
    written += position - from;
    from = position + 1;
  }
  kept.set(numbers.subarray(from), written);
  return kept;
}
