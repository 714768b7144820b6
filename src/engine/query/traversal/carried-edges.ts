import type { CsrIndex } from './csr-index.js';
import type { EdgeStep, HopDirection } from './hop-spec.js';
import type { EdgeLookups } from './indexed-strategy.js';
import type { EdgeChange } from './edge-change.js';

/** For one side of the edges: node → other end → edges gained since the index (negative: lost). */
type SideChanges = Map<string, Map<string, number>>;

/**
 * The edges of a few nodes of a table version carried over from one whose topology index is
 * built (see `TopologyCache.carry`), before the version's own index is made: each node's edges in
 * that index, changed by the edges written since (appended, or removed by their endpoints). A
 * read of a few nodes right after a write then reads neither the edge table nor a copy of the
 * index's arrays. Edge ids are not known: lookups that need them are declined.
 */
export class CarriedEdges implements EdgeLookups {
  readonly kind = 'carried';
  readonly #index: CsrIndex;
  readonly #out: SideChanges;
  readonly #in: SideChanges;

  private constructor(index: CsrIndex, out: SideChanges, incoming: SideChanges) {
    this.#index = index;
    this.#out = out;
    this.#in = incoming;
  }

  /**
   * `index` changed by the edges `written` since (in order). Undefined when an edge's endpoints
   * are not two strings: the version is then read otherwise.
   */
  static of(index: CsrIndex, written: readonly EdgeChange[]): CarriedEdges | undefined {
    const out: SideChanges = new Map();
    const incoming: SideChanges = new Map();
    for (const { removed, src, dst } of written) {
      if (typeof src !== 'string' || typeof dst !== 'string') return undefined;
      const change = removed ? -1 : 1;
      addChange(out, src, dst, change);
      addChange(incoming, dst, src, change);
    }
    return new CarriedEdges(index, out, incoming);
  }

  /** The other ends of `nodes`' edges (ids are not known: undefined when asked for). */
  edges(
    nodes: readonly string[],
    direction: HopDirection,
    withIds: boolean,
  ): Promise<Map<string, EdgeStep[]> | undefined> {
    if (withIds) return Promise.resolve(undefined);
    const found = new Map<string, EdgeStep[]>();
    for (const node of nodes) {
      const steps: EdgeStep[] = [];
      if (direction !== 'in') this.#sideEnds(node, 'out', steps);
      if (direction !== 'out') this.#sideEnds(node, 'in', steps);
      if (steps.length > 0) found.set(node, steps);
    }
    return Promise.resolve(found);
  }

  /**
   * Adds to `steps` the distinct other ends of `node`'s edges along `side`: the index's, but
   * those every edge to which went since, in the order a walk finds them, then those gained.
   */
  #sideEnds(node: string, side: 'out' | 'in', steps: EdgeStep[]): void {
    const changes = (side === 'out' ? this.#out : this.#in).get(node);
    const ends = this.#index.edgeEnds(node, side);
    const counts = new Map(changes ?? []);
    for (const end of ends) counts.set(end, (counts.get(end) ?? 0) + 1);
    for (const end of [...ends, ...(changes?.keys() ?? [])]) {
      if ((counts.get(end) ?? 0) <= 0) continue;
      counts.delete(end);
      steps.push({ edgeId: '', neighbor: end });
    }
  }
}

function addChange(side: SideChanges, node: string, end: string, change: number): void {
  let ends = side.get(node);
  if (ends === undefined) side.set(node, (ends = new Map<string, number>()));
  ends.set(end, (ends.get(end) ?? 0) + change);
}
