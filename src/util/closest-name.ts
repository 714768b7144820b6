import { boundedEditDistance } from './edit-distance.js';

/** Past this many edits a name is not a misspelling of another, however long. */
const MAX_EDITS = 5;

/**
 * The candidate that `name` most likely misspells, for a "did you mean" hint; undefined when
 * none is close. A candidate is close when it differs from `name` only in case, by one swap of
 * adjacent characters (counted as one edit: the commonest typo), or by at most
 * `max(1, ⌊length / 3⌋)` insertions, deletions and substitutions (length of `name`, in code
 * points; at most 5), so short names get one edit and longer ones a few; but never by as many edits as
 * `name` has characters, which would offer any one-letter name for `$x`. A case-only difference
 * beats any edit; otherwise fewer edits win, and ties go to the earlier candidate. `name` itself
 * is never suggested.
 *
 * @example closestName('nmae', ['age', 'name']) // 'name'
 * @example closestName('Person', ['person', 'Persons']) // 'person'
 * @example closestName('x', ['y']) // undefined
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const length = Array.from(name).length;
  const limit = Math.min(Math.max(1, Math.floor(length / 3)), length - 1, MAX_EDITS);
  let best: { readonly candidate: string; readonly distance: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = closeness(name, candidate, limit);
    if (distance !== undefined && (best === undefined || distance < best.distance)) {
      best = { candidate, distance };
    }
  }
  return best?.candidate;
}

/** 0 for a case-only difference, else the edit distance when at most `limit`. */
function closeness(name: string, candidate: string, limit: number): number | undefined {
  if (name.toLowerCase() === candidate.toLowerCase()) return 0;
  if (isAdjacentSwap(name, candidate)) return 1;
  return boundedEditDistance(name, candidate, limit);
}

/** True when `b` is `a` with two neighbouring code points swapped (`nmae` / `name`). */
function isAdjacentSwap(a: string, b: string): boolean {
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length !== y.length) return false;
  const first = x.findIndex((char, i) => char !== y[i]);
  return (
    first >= 0 &&
    x[first] === y[first + 1] &&
    x[first + 1] === y[first] &&
    x.slice(first + 2).every((char, i) => char === y[first + 2 + i])
  );
}
