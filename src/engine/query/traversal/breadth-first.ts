import { checkQueryRows } from '../query-rows.js';
import { isSingleHop, type HopSpec, type ReachMap } from './hop-spec.js';

/** The neighbors (possibly repeated) of each node of a frontier, one hop along a direction. */
export type NeighborLookup = (
  frontier: readonly string[],
) => Promise<ReadonlyMap<string, readonly string[]> | undefined>;

/**
 * The semantics of `hop-spec.ts` over any neighbor lookup, level by level for all sources at once
 * (one lookup per level for the union of their frontiers). A lookup may return undefined to give
 * up (a frontier too large for the strategy); the whole reach then returns undefined. More than
 * `maxRows` nodes visited in all is a `resource_limit` error, raised at the level that passes it.
 */
export async function breadthFirstReach(
  sources: readonly string[],
  spec: HopSpec,
  lookup: NeighborLookup,
  maxRows = Number.POSITIVE_INFINITY,
): Promise<ReachMap | undefined> {
  const distinct = [...new Set(sources)];
  if (isSingleHop(spec)) {
    const neighbors = await lookup(distinct);
    if (neighbors === undefined) return undefined;
    const reached = new Map<string, string[]>();
    let total = 0;
    for (const source of distinct) {
      const found = [...new Set(neighbors.get(source) ?? [])];
      total += found.length;
      checkQueryRows(total, maxRows);
      reached.set(source, found);
    }
    return reached;
  }
  let visitedCount = distinct.length;
  const visited = new Map(distinct.map((source) => [source, new Set([source])]));
  const frontiers = new Map(distinct.map((source) => [source, [source]]));
  const reached = new Map<string, string[]>(distinct.map((source) => [source, []]));
  for (let depth = 1; depth <= spec.maxHops && frontiers.size > 0; depth += 1) {
    const union = new Set<string>();
    for (const frontier of frontiers.values()) for (const node of frontier) union.add(node);
    const neighbors = await lookup([...union]);
    if (neighbors === undefined) return undefined;
    for (const [source, frontier] of [...frontiers]) {
      const seen = visited.get(source) ?? new Set<string>();
      const next: string[] = [];
      for (const node of frontier) {
        for (const neighbor of neighbors.get(node) ?? []) {
          if (seen.has(neighbor)) continue;
          seen.add(neighbor);
          next.push(neighbor);
        }
      }
      visitedCount += next.length;
      checkQueryRows(visitedCount, maxRows);
      if (depth >= spec.minHops) reached.get(source)?.push(...next);
      if (next.length === 0) frontiers.delete(source);
      else frontiers.set(source, next);
    }
  }
  return reached;
}
