import type { NumberArray } from './number-array.js';

/** Bits of a position below which {@link RemovedPositions} counts by block. */
const BLOCK_BITS = 10;

/**
 * Removals up to which {@link RemovedPositions.kept} copies a list whole and splices them out.
 * A copy of a million-element list is one bulk copy, and each splice one move of the elements
 * after it; element by element, into a new array, the copy took 21–29 ms (median) where this
 * took 5–14. Each splice moves the rest of the list again, so many removals go element by element.
 */
const SPLICED_REMOVALS = 4;

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
  kept<T>(list: readonly T[]): T[] {
    if (this.count <= SPLICED_REMOVALS) {
      const kept = list.slice();
      for (let removed = this.count - 1; removed >= 0; removed -= 1)
        kept.splice(this.#sorted[removed] ?? 0, 1);
      return kept;
    }
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

  /** `numbers` without the removed positions, in order, in an array of their type. */
  keptNumbers<T extends NumberArray>(numbers: T): T {
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

/**
 * The position before a removal of the element at `kept` after it, when the removal took the
 * positions `sorted` (ascending, distinct): `kept` plus the removed positions before it. The
 * `i`-th removed position has `sorted[i] - i` kept ones before it, which never decreases with
 * `i`, so those counted are found by a search.
 */
export function positionKept(sorted: Int32Array, kept: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] ?? 0) - middle <= kept) low = middle + 1;
    else high = middle;
  }
  return kept + low;
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

/**
 * `numbers` without the entries at `positions` (ascending, distinct), in an array of their type:
 * copied in runs between them.
 */
export function withoutPositions<T extends NumberArray>(numbers: T, positions: Int32Array): T {
  const Kept = numbers.constructor as new (length: number) => T;
  const kept = new Kept(numbers.length - positions.length);
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
