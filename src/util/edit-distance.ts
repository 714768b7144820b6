/**
 * Whether the Levenshtein distance between `a` and `b` (in code points; insertions, deletions
 * and substitutions) is at most `max`.
 *
 * @example withinEdits('introductio', 'introduction', 1) // true
 */
export function withinEdits(a: string, b: string, max: number): boolean {
  return boundedEditDistance(a, b, max) !== undefined;
}

/**
 * The Levenshtein distance between `a` and `b` (in code points) when it is at most `max`, else
 * undefined. Computed on a band of width `2 × max + 1`, so the cost is linear in the length of
 * `a` for a fixed `max` and very long inputs stay cheap.
 *
 * @example boundedEditDistance('nmae', 'name', 3) // 2
 */
export function boundedEditDistance(a: string, b: string, max: number): number | undefined {
  const x = Array.from(a);
  const y = Array.from(b);
  if (Math.abs(x.length - y.length) > max) return undefined;
  if (max === 0) return a === b ? 0 : undefined;
  const inf = max + 1;
  // Two rows reused throughout; only the band and the cell on each side of it are written.
  let previous = Int32Array.from({ length: y.length + 1 }, (_, j) => (j <= max ? j : inf));
  let current = new Int32Array(y.length + 1);
  for (let i = 1; i <= x.length; i += 1) {
    const from = Math.max(1, i - max);
    const to = Math.min(y.length, i + max);
    current[from - 1] = from === 1 && i <= max ? i : inf;
    let best = current[from - 1] ?? inf;
    for (let j = from; j <= to; j += 1) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j - 1] ?? inf) + cost,
        (previous[j] ?? inf) + 1,
        (current[j - 1] ?? inf) + 1,
        inf,
      );
      current[j] = value;
      best = Math.min(best, value);
    }
    if (to < y.length) current[to + 1] = inf;
    if (best > max) return undefined;
    [previous, current] = [current, previous];
  }
  const distance = previous[y.length] ?? inf;
  return distance <= max ? distance : undefined;
}

/**
 * The edits a fuzzy term tolerates when the query gives none: 0 up to 2 characters, 1 up to 5,
 * 2 beyond (the usual "auto" fuzziness).
 */
export function autoFuzziness(term: string): number {
  const length = Array.from(term).length;
  return length <= 2 ? 0 : length <= 5 ? 1 : 2;
}
