import { where, type TableReader } from '../../lance/index.js';
import { checkQueryRows } from '../query-rows.js';
import type { EdgeStep, HopDirection } from './hop-spec.js';
import type { EdgeLookups } from './indexed-strategy.js';
import { anchorShape, refusedByAnchor } from '../../../util/shape-anchor.js';

/** Node ids per `IN (…)` lookup of the edge table. */
const LOOKUP_CHUNK = 1000;

/**
 * Edge lookups in the edge table itself, through its `src`/`dst` B-tree indexes: what the
 * `indexed` strategy reads.
 */
export class LanceEdgeLookups implements EdgeLookups {
  readonly kind = 'indexed';
  readonly #edges: () => Promise<TableReader>;
  readonly #maxRows: number;

  /** `maxRows`: the most edges one lookup may read in all (`resource_limit` beyond). */
  constructor(edges: () => Promise<TableReader>, maxRows = Number.POSITIVE_INFINITY) {
    this.#edges = edges;
    this.#maxRows = maxRows;
  }

  async edges(
    nodes: readonly string[],
    direction: HopDirection,
    withIds: boolean,
  ): Promise<Map<string, EdgeStep[]>> {
    const reader = await this.#edges();
    const steps = new Map<string, EdgeStep[]>();
    const seen = new Map<string, Set<string>>();
    let found = 0;
    const add = (node: string, step: EdgeStep): void => {
      // An undirected self-loop is found from both ends: report the edge once.
      let ids = seen.get(node);
      if (ids === undefined) seen.set(node, (ids = new Set()));
      if (withIds && ids.has(step.edgeId)) return;
      ids.add(step.edgeId);
      found += 1;
      const list = steps.get(node);
      if (list === undefined) steps.set(node, [step]);
      else list.push(step);
    };
    const columns = withIds ? ['id', 'src', 'dst'] : ['src', 'dst'];
    for (let start = 0; start < nodes.length; start += LOOKUP_CHUNK) {
      const chunk = nodes.slice(start, start + LOOKUP_CHUNK);
      if (direction !== 'in') {
        for (const row of await reader.scan({ filter: where.in('src', chunk), columns })) {
          add(row.src as string, { edgeId: (row.id ?? '') as string, neighbor: row.dst as string });
        }
      }
      if (direction !== 'out') {
        for (const row of await reader.scan({ filter: where.in('dst', chunk), columns })) {
          add(row.dst as string, { edgeId: (row.id ?? '') as string, neighbor: row.src as string });
        }
      }
      checkQueryRows(found, this.#maxRows);
    }
    return steps;
  }
}

/** Lookups live for one traversal: their layout is kept across collections. */
anchorShape(new LanceEdgeLookups(refusedByAnchor, 0));
