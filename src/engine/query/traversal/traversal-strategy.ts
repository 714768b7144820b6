import type { SlotSpace } from './csr-index.js';
import type {
  HopDirection,
  HopSpec,
  ReachCounts,
  ReachMap,
  RowReach,
  StepMap,
} from './hop-spec.js';

/** For each source slot, the slots of the distinct nodes it reaches. */
export type SlotReach = ReadonlyMap<number, readonly number[]>;

/**
 * The traversal strategies: per-hop index lookups in Lance, the in-memory topology index, or
 * per-hop lookups in the topology index of the version a write changed (see `CarriedEdges`).
 */
export type StrategyKind = 'indexed' | 'csr' | 'carried';

/** A strategy's answer: the result, or a typed refusal so that the planner tries another. */
export type StrategyOutcome<T> =
  | { readonly kind: 'done'; readonly value: T }
  | { readonly kind: 'declined'; readonly reason: string };

/**
 * How one edge table is traversed. Every strategy implements the semantics of `hop-spec.ts`
 * exactly; a property test checks that they agree on random graphs.
 */
export interface TraversalStrategy {
  readonly kind: StrategyKind;
  /** The distinct nodes each source reaches within the hop bounds. */
  reach(sources: readonly string[], spec: HopSpec): Promise<StrategyOutcome<ReachMap>>;
  /** {@link reach} on slots: sources as slots of `from`, reached nodes as slots of `to`. */
  reachSlots(
    sources: readonly number[],
    from: SlotSpace,
    spec: HopSpec,
    to: SlotSpace,
  ): Promise<StrategyOutcome<SlotReach>>;
  /**
   * How many distinct nodes each source reaches ({@link reach} without naming them): what
   * existence tests and counts of the reached side need, without translating any reached id.
   */
  reachCounts(sources: readonly string[], spec: HopSpec): Promise<StrategyOutcome<ReachCounts>>;
  /**
   * The positions, ascending, of the sources that reach nothing ({@link reachCounts} of 0): the
   * rows an anti-join on an edge keeps.
   */
  unreached(sources: readonly string[], spec: HopSpec): Promise<StrategyOutcome<readonly number[]>>;
  /**
   * {@link reach} by position: for each source, the positions in `targets` of the nodes it
   * reaches (nodes missing from `targets` left out), without naming any reached node.
   */
  reachRows(
    sources: readonly string[],
    spec: HopSpec,
    targets: readonly string[],
  ): Promise<StrategyOutcome<RowReach>>;
  /** The edges (one hop) of each source along `direction`, each edge once per source. */
  steps(sources: readonly string[], direction: HopDirection): Promise<StrategyOutcome<StepMap>>;
}
