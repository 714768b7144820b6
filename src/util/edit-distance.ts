/**
 * Whether the Levenshtein distance between `a` and `b` (in code points; insertions, deletions
 * and substitutions) is at most `max`, computed on a band of width `2 × max + 1`.
 *
 * @example withinEdits('introductio', 'introduction', 1) // true
 */
export function withinEdits(a: string, b: string, max: number): boolean {
  const x = Array.from(a);
  const y = Array.from(b);
  if (Math.abs(x.length - y.length) > max) return false;
  if (max === 0) return a === b;
  const inf = max + 1;
  let previous = Array.from({ length: y.length + 1 }, (_, j) => (j <= max ? j : inf));
  for (let i = 1; i <= x.length; i += 1) {
    const current = new Array<number>(y.length + 1).fill(inf);
    current[0] = i <= max ? i : inf;
    const from = Math.max(1, i - max);
    const to = Math.min(y.length, i + max);
    let best = i <= max ? i : inf;
    for (let j = from; j <= to; j += 1) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j - 1] ?? inf) + cost,
        (previous[j] ?? inf) + 1,
        (current[j - 1] ?? inf) + 1,
      );
      current[j] = Math.min(value, inf);
      best = Math.min(best, current[j] ?? inf);
    }
    if (best > max) return false;
    previous = current;
  }
  return (previous[y.length] ?? inf) <= max;
}

/**
 * The edits a fuzzy term tolerates when the query gives none: 0 up to 2 characters, 1 up to 5,
 * 2 beyond (the usual "auto" fuzziness).
 */
export function autoFuzziness(term: string): number {
  const length = Array.from(term).length;
  return length <= 2 ? 0 : length <= 5 ? 1 : 2;
}
