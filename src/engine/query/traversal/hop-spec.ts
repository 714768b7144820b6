import type { TraversalIR } from '../../../compiler/ir/match-ir.js';

/**
 * Which edges a hop follows from a node: `out` from `src` to `dst`, `in` from `dst` to `src`
 * (a reverse traversal), `both` for an undirected traversal.
 */
export type HopDirection = 'out' | 'in' | 'both';

/** A variable-length hop: `{minHops, maxHops}` along `direction`. */
export interface HopSpec {
  readonly direction: HopDirection;
  readonly minHops: number;
  readonly maxHops: number;
}

/** One edge leaving a node along a direction: the edge's id and the node at its other end. */
export interface EdgeStep {
  readonly edgeId: string;
  readonly neighbor: string;
}

/** For each source node id, the distinct node ids it reaches. */
export type ReachMap = ReadonlyMap<string, readonly string[]>;

/** How many distinct nodes each source reaches, aligned with the sources asked about. */
export type ReachCounts = ArrayLike<number>;

/** The positions, ascending, of the sources whose count is 0: they reach nothing. */
export function unreachedPositions(counts: ReachCounts): number[] {
  const unreached: number[] = [];
  for (let position = 0; position < counts.length; position += 1)
    if (counts[position] === 0) unreached.push(position);
  return unreached;
}

/**
 * For each source (by position), the positions in a target list of the distinct nodes it reaches:
 * `rows[offsets[i]] … rows[offsets[i + 1] - 1]` for source `i`. Reached nodes not in the target
 * list are left out.
 */
export interface RowReach {
  readonly offsets: Int32Array;
  readonly rows: Int32Array;
}

/** For each source node id, the edges it has along a direction (each edge once). */
export type StepMap = ReadonlyMap<string, readonly EdgeStep[]>;

/**
 * Traversal semantics, shared by every strategy (docs/reference/query.md, "Semantics"):
 * - one hop (`{1,1}`): the distinct neighbors of each source, itself included when it has a
 *   self-loop;
 * - more hops: breadth-first from each source, which counts as visited from the start; a node is
 *   reported at the depth it is first reached when that depth is within `[minHops, maxHops]`, and
 *   a visited node is never expanded again, so each destination is reported once per source.
 */
export function isSingleHop(spec: HopSpec): boolean {
  return spec.minHops === 1 && spec.maxHops === 1;
}

/** The hops of a traversal walked from its source (`fromSource`) or from its target. */
export function hopSpecOf(traversal: TraversalIR, fromSource: boolean): HopSpec {
  return {
    direction: traversal.undirected ? 'both' : fromSource ? 'out' : 'in',
    minHops: traversal.minHops,
    maxHops: traversal.maxHops,
  };
}
