import { compareStrings } from '../../values/index.js';

// The ranks of a table version's ids in id order (code point order, as results break ties):
// ordering rows by id becomes ordering small integers.

/** The inverse of a permutation of `0 … length - 1`. */
export function inverseOf(permutation: Int32Array): Int32Array {
  const inverse = new Int32Array(permutation.length);
  for (let at = 0; at < permutation.length; at += 1) inverse[permutation[at] ?? 0] = at;
  return inverse;
}

/** The rank of each id in code point order (ties, impossible among ids, by row). */
export function idRanksOf(ids: readonly string[]): Int32Array {
  const order = new Array<number>(ids.length);
  for (let row = 0; row < ids.length; row += 1) order[row] = row;
  order.sort((a, b) => compareStrings(ids[a] ?? '', ids[b] ?? '') || a - b);
  const ranks = new Int32Array(ids.length);
  for (let rank = 0; rank < order.length; rank += 1) ranks[order[rank] ?? 0] = rank;
  return ranks;
}

/**
 * The id ranks of `ids`, whose first `length` ids are ranked `ranks` among themselves: each new
 * id is ranked by a binary search among them, and each of theirs moves up past the new ids below
 * it. A cost in the ids' number, with string comparisons only for the new ones.
 */
export function ranksAfterAppend(
  ranks: Int32Array,
  ids: readonly string[],
  length: number,
): Int32Array {
  const byRank = inverseOf(ranks);
  const added: number[] = [];
  for (let row = length; row < ids.length; row += 1) added.push(row);
  added.sort((a, b) => compareStrings(ids[a] ?? '', ids[b] ?? ''));
  const next = new Int32Array(ids.length);
  // below[r]: new ids below the id of rank r but above the one of rank r - 1.
  const below = new Int32Array(length + 1);
  added.forEach((row, order) => {
    const id = ids[row] ?? '';
    let [low, high] = [0, length];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareStrings(ids[byRank[middle] ?? 0] ?? '', id) < 0) low = middle + 1;
      else high = middle;
    }
    below[low] = (below[low] ?? 0) + 1;
    next[row] = low + order;
  });
  let shift = 0;
  for (let rank = 0; rank < length; rank += 1) {
    shift += below[rank] ?? 0;
    next[byRank[rank] ?? 0] = rank + shift;
  }
  return next;
}
