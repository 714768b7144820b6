import { OmniError } from '../../../util/omni-error.js';
import type { IndexInfo, TableReader } from '../../lance/index.js';
import { CsrStrategy } from './csr-strategy.js';
import type {
  HopDirection,
  HopSpec,
  ReachCounts,
  ReachMap,
  RowReach,
  StepMap,
} from './hop-spec.js';
import { IndexedStrategy } from './indexed-strategy.js';
import { LanceEdgeLookups } from './lance-edge-lookups.js';
import { unindexedScanRows } from '../unindexed-scan-rows.js';
import type { TopologyCache } from './topology-cache.js';
import { DEFAULT_SETTINGS, type TraversalSettings } from '../../../api/settings.js';
import type { SlotSpace } from './csr-index.js';
import type {
  SlotReach,
  StrategyKind,
  StrategyOutcome,
  TraversalStrategy,
} from './traversal-strategy.js';

/**
 * How much cheaper extending a carried-over topology index (`TopologyCache.carry`) is than
 * building one: a copy of the index's arrays against a read of every edge and the numbering of
 * its endpoints (measured: 10–25 ms against 300 ms for 1M edges, 0.7 s against 7.7 s for 10M).
 */
const CARRIED_EXTENSION_DISCOUNT = 12;

/**
 * Edges' worth of one hop of an indexed traversal's Lance lookup, against building the topology
 * index. Measured from single nodes: a one-hop lookup takes 1.5–1.8 ms on 1M edges and 6–7 ms
 * on 10M, a build 0.19 and 0.3–0.39 µs an edge; so a lookup costs 8k–20k edges of a build. At
 * 4,000, one-hop lookups at the 1M tier ran 11 s before paying for a 3.9 s build.
 */
const LANCE_HOP_EDGES = 12_000;

/** What the planner knows about one edge table. */
export interface EdgeTableInfo {
  readonly reader: TableReader;
  /** Edges in the table version. */
  readonly edgeCount: number;
  /** Nodes of the type traversed from (to estimate the average degree). */
  readonly nodeCount: number;
  /** The indexes built on the table version (listed once per version). */
  readonly indexes: () => Promise<readonly IndexInfo[]>;
}

/** The traversal a strategy is chosen for: its distinct sources, its hops and its direction. */
interface Walk {
  readonly sources: number;
  readonly hops: number;
  readonly direction: HopDirection;
}

/** The endpoint columns a hop's Lance lookups filter on, by direction. */
const LOOKUP_COLUMNS: Readonly<Record<HopDirection, readonly string[]>> = {
  out: ['src'],
  in: ['dst'],
  both: ['src', 'dst'],
};

/**
 * Edges' worth one hop's Lance lookups read besides the edges they find: a share of the table
 * for each endpoint column they filter on that no index answers (see `unindexedScanRows`); none
 * when the listing fails. On 10M edges before `optimize`, a lookup of one node's edges read the
 * whole `src` column: 155–191 ms, where the index answers in 6–7 ms.
 */
async function unindexedEdges(table: EdgeTableInfo, walk: Walk): Promise<number> {
  const indexes = await table.indexes().catch(() => undefined);
  if (indexes === undefined) return 0;
  return LOOKUP_COLUMNS[walk.direction].reduce(
    (edges, column) => edges + unindexedScanRows(indexes, [column], table.edgeCount),
    0,
  );
}

/** Records which strategy served each traversal (tests and `explain`-style diagnostics). */
export type StrategyLog = (kind: StrategyKind) => void;

/**
 * Traverses one edge table with the strategy the cost model picks: the topology index when it is
 * already built, or when this traversal plus the index lookups already spent on this table
 * version would approach reading the whole table (or, for an index carried over from the version
 * before, extending it); per-hop index lookups otherwise. An indexed
 * traversal whose frontier outgrows its limit is redone on the topology index.
 */
export class TraversalPlanner {
  readonly #config: TraversalSettings;
  readonly #topology: TopologyCache;
  readonly #log: StrategyLog;
  readonly #maxRows: number;

  /** `maxRows`: the most reached nodes one traversal may hold (settings `limits.queryRows`). */
  constructor(
    config: TraversalSettings,
    topology: TopologyCache,
    log: StrategyLog = () => undefined,
    maxRows = DEFAULT_SETTINGS.limits.queryRows,
  ) {
    this.#config = config;
    this.#topology = topology;
    this.#log = log;
    this.#maxRows = maxRows;
  }

  /** The nodes each source reaches (see `hop-spec.ts`). */
  reach(table: EdgeTableInfo, sources: readonly string[], spec: HopSpec): Promise<ReachMap> {
    return this.#run(
      table,
      { sources: sources.length, hops: spec.maxHops, direction: spec.direction },
      (s) => s.reach(sources, spec),
    );
  }

  /** How many distinct nodes each source reaches (see {@link TraversalStrategy.reachCounts}). */
  reachCounts(
    table: EdgeTableInfo,
    sources: readonly string[],
    spec: HopSpec,
  ): Promise<ReachCounts> {
    return this.#run(
      table,
      { sources: sources.length, hops: spec.maxHops, direction: spec.direction },
      (s) => s.reachCounts(sources, spec),
    );
  }

  /** The positions of the sources that reach nothing (see {@link TraversalStrategy.unreached}). */
  unreached(
    table: EdgeTableInfo,
    sources: readonly string[],
    spec: HopSpec,
  ): Promise<readonly number[]> {
    return this.#run(
      table,
      { sources: sources.length, hops: spec.maxHops, direction: spec.direction },
      (s) => s.unreached(sources, spec),
    );
  }

  /** {@link reach} by position in `targets` (see {@link TraversalStrategy.reachRows}). */
  reachRows(
    table: EdgeTableInfo,
    sources: readonly string[],
    spec: HopSpec,
    targets: readonly string[],
  ): Promise<RowReach> {
    return this.#run(
      table,
      { sources: sources.length, hops: spec.maxHops, direction: spec.direction },
      (s) => s.reachRows(sources, spec, targets),
    );
  }

  /**
   * A value derived from `reach`, an answer of {@link reachRows} on `table`, and `key`: kept
   * beside the answer by the table's held topology index (see `CsrIndex.reachDerived`), and
   * counted under its bytes. Undefined for an answer that index has not given twice, or that no
   * held index gave (per-hop lookups): worth nothing to the next query, it is not made.
   */
  reachDerived<T extends object>(
    table: EdgeTableInfo,
    reach: RowReach,
    key: object,
    make: () => T,
    bytes: (value: T) => number,
  ): T | undefined {
    return this.#topology.held(table.reader)?.reachDerived(reach, key, make, bytes);
  }

  /** {@link reach} on slots of query pools (see {@link TraversalStrategy.reachSlots}). */
  reachSlots(
    table: EdgeTableInfo,
    sources: readonly number[],
    from: SlotSpace,
    spec: HopSpec,
    to: SlotSpace,
  ): Promise<SlotReach> {
    return this.#run(
      table,
      { sources: new Set(sources).size, hops: spec.maxHops, direction: spec.direction },
      (s) => s.reachSlots(sources, from, spec, to),
    );
  }

  /** The edges of each source along `direction`, one hop. */
  steps(
    table: EdgeTableInfo,
    sources: readonly string[],
    direction: HopDirection,
  ): Promise<StepMap> {
    return this.#run(table, { sources: sources.length, hops: 1, direction }, (s) =>
      s.steps(sources, direction),
    );
  }

  /** Runs `use` on the strategies in order, for a traversal of `walk`. */
  async #run<T>(
    table: EdgeTableInfo,
    walk: Walk,
    use: (strategy: TraversalStrategy) => Promise<StrategyOutcome<T>>,
  ): Promise<T> {
    const order = await this.#order(table, walk);
    for (const strategy of order) {
      const outcome = await use(strategy);
      if (outcome.kind === 'done') {
        this.#log(strategy.kind);
        return outcome.value;
      }
    }
    throw new OmniError('internal', 'every traversal strategy declined');
  }

  /**
   * Strategies to try, first choice first; the topology index never declines. A table whose
   * index is held (the warm path) makes only the strategy it uses.
   */
  async #order(table: EdgeTableInfo, walk: Walk): Promise<TraversalStrategy[]> {
    const csr = new CsrStrategy(() => this.#topology.get(table.reader), this.#maxRows);
    const { mode } = this.#config;
    if (mode === 'csr') return [csr];
    if (mode !== 'indexed' && this.#topology.has(table.reader)) return [csr];
    const limits = {
      maxFrontier: this.#config.indexedMaxFrontier,
      maxHops: this.#config.indexedMaxHops,
      forced: mode === 'indexed',
      maxRows: this.#maxRows,
    };
    const lookups = new LanceEdgeLookups(() => Promise.resolve(table.reader), this.#maxRows);
    const indexed = new IndexedStrategy(lookups, limits);
    if (mode === 'indexed') return [indexed];
    // Ski rental: once index lookups of this version would have read as many edges as building
    // the topology index reads (scaled by the build factor), build it; extending a carried-over
    // index reads nothing and costs a fraction of that (and its lookups read no table).
    const carriedOver = this.#topology.carried(table.reader);
    const lookupEdges = LANCE_HOP_EDGES + (carriedOver ? 0 : await unindexedEdges(table, walk));
    const estimate = this.#estimate(table, walk, lookupEdges);
    const spent = this.#topology.spent(table.reader) + estimate;
    const cost = carriedOver ? table.edgeCount / CARRIED_EXTENSION_DISCOUNT : table.edgeCount;
    const worthBuilding = table.edgeCount > 0 && spent * this.#config.csrBuildFactor >= cost;
    if (worthBuilding) return [csr];
    // Right after a write, the index of the version before, changed by the write's edges.
    const carried = this.#topology.carriedEdges(table.reader);
    if (carried !== undefined) return [new IndexedStrategy(carried, limits), csr];
    this.#topology.spend(table.reader, estimate);
    return [indexed, csr];
  }

  /**
   * Edges' worth an indexed traversal would cost: per hop, a Lance lookup (counted as
   * `lookupEdges` edges) and the edges of its frontier, which grows by the average degree per
   * hop. A lookup's own cost dominates small frontiers: counting only their edges, one-hop
   * traversals from single nodes would never pay for the index at the 1M tier.
   */
  #estimate(table: EdgeTableInfo, walk: Walk, lookupEdges: number): number {
    const degree = table.edgeCount / Math.max(1, table.nodeCount);
    let frontier = walk.sources;
    let touched = 0;
    for (let hop = 0; hop < walk.hops && frontier > 0; hop += 1) {
      touched += lookupEdges + frontier * degree;
      frontier *= Math.max(1, degree);
    }
    return touched;
  }
}
