import { breadthFirstReach } from './breadth-first.js';
import { unreachedPositions } from './hop-spec.js';
import type {
  EdgeStep,
  HopDirection,
  HopSpec,
  ReachCounts,
  ReachMap,
  RowReach,
  StepMap,
} from './hop-spec.js';
import type { SlotSpace } from './csr-index.js';
import type {
  SlotReach,
  StrategyKind,
  StrategyOutcome,
  TraversalStrategy,
} from './traversal-strategy.js';
import { anchorShape, refusedByAnchor } from '../../../util/shape-anchor.js';

/** Where per-hop lookups find the edges of a few nodes. */
export interface EdgeLookups {
  /** The strategy these lookups make (see `StrategyKind`). */
  readonly kind: StrategyKind;
  /**
   * The edges of `nodes` along `direction`, each edge once per node (an undirected self-loop
   * may come twice without `withIds`): with their ids when `withIds`, else ids left empty.
   * Undefined when these lookups cannot tell the ids asked for.
   */
  edges(
    nodes: readonly string[],
    direction: HopDirection,
    withIds: boolean,
  ): Promise<Map<string, EdgeStep[]> | undefined>;
}

/** Limits beyond which the indexed strategy declines (unless it is forced). */
export interface IndexedLimits {
  /** Largest frontier looked up per hop. */
  readonly maxFrontier: number;
  /** Most hops one traversal may take. */
  readonly maxHops: number;
  /** Never decline (`OMNIGRAPH_TRAVERSAL_MODE=indexed`). */
  readonly forced: boolean;
  /**
   * The most nodes one reach may visit, or edges one lookup may read, in all (`resource_limit`
   * beyond; no bound when absent).
   */
  readonly maxRows?: number;
}

/**
 * Per-hop lookups of a few nodes' edges (see {@link EdgeLookups}): in the edge table through its
 * `src`/`dst` B-tree indexes, or in a carried-over topology: cheap for small frontiers, and needs
 * nothing built first. Declines a frontier or a depth beyond its limits, and edge ids the lookups
 * cannot tell.
 */
export class IndexedStrategy implements TraversalStrategy {
  readonly kind: StrategyKind;
  readonly #lookups: EdgeLookups;
  readonly #limits: IndexedLimits;

  constructor(lookups: EdgeLookups, limits: IndexedLimits) {
    this.kind = lookups.kind;
    this.#lookups = lookups;
    this.#limits = limits;
  }

  async reach(sources: readonly string[], spec: HopSpec): Promise<StrategyOutcome<ReachMap>> {
    if (!this.#limits.forced && spec.maxHops > this.#limits.maxHops) {
      return { kind: 'declined', reason: `${spec.maxHops} hops exceed ${this.#limits.maxHops}` };
    }
    const reached = await breadthFirstReach(
      sources,
      spec,
      async (frontier) => {
        if (!this.#limits.forced && frontier.length > this.#limits.maxFrontier) return undefined;
        const steps = await this.#lookups.edges(frontier, spec.direction, false);
        return (
          steps &&
          new Map([...steps].map(([node, list]) => [node, list.map((step) => step.neighbor)]))
        );
      },
      this.#limits.maxRows,
    );
    if (reached === undefined) {
      return { kind: 'declined', reason: `frontier exceeds ${this.#limits.maxFrontier} nodes` };
    }
    return { kind: 'done', value: reached };
  }

  async reachCounts(
    sources: readonly string[],
    spec: HopSpec,
  ): Promise<StrategyOutcome<ReachCounts>> {
    const outcome = await this.reach(sources, spec);
    if (outcome.kind === 'declined') return outcome;
    return {
      kind: 'done',
      value: sources.map((source) => outcome.value.get(source)?.length ?? 0),
    };
  }

  async unreached(
    sources: readonly string[],
    spec: HopSpec,
  ): Promise<StrategyOutcome<readonly number[]>> {
    const outcome = await this.reachCounts(sources, spec);
    if (outcome.kind === 'declined') return outcome;
    return { kind: 'done', value: unreachedPositions(outcome.value) };
  }

  async reachRows(
    sources: readonly string[],
    spec: HopSpec,
    targets: readonly string[],
  ): Promise<StrategyOutcome<RowReach>> {
    const outcome = await this.reach(sources, spec);
    if (outcome.kind === 'declined') return outcome;
    const rowOf = new Map(targets.map((id, row) => [id, row]));
    const offsets = new Int32Array(sources.length + 1);
    const rows: number[] = [];
    sources.forEach((source, index) => {
      for (const id of outcome.value.get(source) ?? []) {
        const row = rowOf.get(id);
        if (row !== undefined) rows.push(row);
      }
      offsets[index + 1] = rows.length;
    });
    return { kind: 'done', value: { offsets, rows: Int32Array.from(rows) } };
  }

  async reachSlots(
    sources: readonly number[],
    from: SlotSpace,
    spec: HopSpec,
    to: SlotSpace,
  ): Promise<StrategyOutcome<SlotReach>> {
    const distinct = [...new Set(sources)];
    const outcome = await this.reach(
      distinct.map((slot) => from.id(slot)),
      spec,
    );
    if (outcome.kind === 'declined') return outcome;
    const reached = new Map<number, number[]>();
    for (const slot of distinct) {
      reached.set(
        slot,
        (outcome.value.get(from.id(slot)) ?? []).map((id) => to.slot(id)),
      );
    }
    return { kind: 'done', value: reached };
  }

  async steps(
    sources: readonly string[],
    direction: HopDirection,
  ): Promise<StrategyOutcome<StepMap>> {
    const distinct = [...new Set(sources)];
    if (!this.#limits.forced && distinct.length > this.#limits.maxFrontier) {
      return { kind: 'declined', reason: `frontier exceeds ${this.#limits.maxFrontier} nodes` };
    }
    const steps = await this.#lookups.edges(distinct, direction, true);
    if (steps === undefined) return { kind: 'declined', reason: 'edge ids unknown' };
    return { kind: 'done', value: steps };
  }
}

/** A traversal's strategies live for one call: their layout is kept across collections. */
anchorShape(
  new IndexedStrategy(
    {
      kind: 'indexed',
      edges: refusedByAnchor,
    },
    { maxFrontier: 0, maxHops: 0, forced: false, maxRows: 0 },
  ),
);
