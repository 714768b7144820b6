/**
 * Reciprocal rank fusion: each ranking (ids best first) gives its entries `1 / (k + rank)`, rank
 * counting from 1; an id's score is the sum over rankings. Contributions are added smallest
 * first, so equal multisets of ranks give bit-identical scores whatever the ranking order (ties
 * must stay ties for the id tie-break).
 *
 * @example fuseRankings([['a', 'b'], ['b', 'a']], 60) // a and b score exactly the same
 */
export function fuseRankings(
  rankings: readonly (readonly string[])[],
  k: number,
): Map<string, number> {
  const parts = new Map<string, number[]>();
  for (const ranking of rankings) {
    ranking.forEach((id, index) => {
      const list = parts.get(id);
      const part = 1 / (k + index + 1);
      if (list === undefined) parts.set(id, [part]);
      else list.push(part);
    });
  }
  return new Map(
    [...parts].map(([id, list]) => [
      id,
      list.sort((a, b) => a - b).reduce((sum, part) => sum + part, 0),
    ]),
  );
}
