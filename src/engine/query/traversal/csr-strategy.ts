import { checkQueryRows } from '../query-rows.js';
import type { CsrIndex, SlotSpace } from './csr-index.js';
import type {
  HopDirection,
  HopSpec,
  ReachCounts,
  ReachMap,
  RowReach,
  StepMap,
} from './hop-spec.js';
import type { SlotReach, StrategyOutcome, TraversalStrategy } from './traversal-strategy.js';
import { anchorShape, refusedByAnchor } from '../../../util/shape-anchor.js';

/** Traversal over the in-memory topology index of the edge table (built once per version). */
export class CsrStrategy implements TraversalStrategy {
  readonly kind = 'csr';
  readonly #index: () => Promise<CsrIndex>;
  readonly #maxRows: number;

  /** `maxRows`: the most reached nodes (or edges) one call may hold in all (no bound when absent). */
  constructor(index: () => Promise<CsrIndex>, maxRows = Number.POSITIVE_INFINITY) {
    this.#index = index;
    this.#maxRows = maxRows;
  }

  async reach(sources: readonly string[], spec: HopSpec): Promise<StrategyOutcome<ReachMap>> {
    const index = await this.#index();
    const reached = new Map<string, string[]>();
    let total = 0;
    for (const source of sources) {
      if (reached.has(source)) continue;
      const found = index.reach(source, spec);
      total += found.length;
      checkQueryRows(total, this.#maxRows);
      reached.set(source, found);
    }
    return { kind: 'done', value: reached };
  }

  async reachCounts(
    sources: readonly string[],
    spec: HopSpec,
  ): Promise<StrategyOutcome<ReachCounts>> {
    const index = await this.#index();
    return { kind: 'done', value: index.reachCounts(sources, spec) };
  }

  async unreached(
    sources: readonly string[],
    spec: HopSpec,
  ): Promise<StrategyOutcome<readonly number[]>> {
    const index = await this.#index();
    return { kind: 'done', value: index.unreached(sources, spec) };
  }

  async reachRows(
    sources: readonly string[],
    spec: HopSpec,
    targets: readonly string[],
  ): Promise<StrategyOutcome<RowReach>> {
    const index = await this.#index();
    return { kind: 'done', value: index.reachRows(sources, spec, targets, this.#maxRows) };
  }

  async reachSlots(
    sources: readonly number[],
    from: SlotSpace,
    spec: HopSpec,
    to: SlotSpace,
  ): Promise<StrategyOutcome<SlotReach>> {
    const index = await this.#index();
    return { kind: 'done', value: index.reachSlots(sources, from, spec, to, this.#maxRows) };
  }

  async steps(
    sources: readonly string[],
    direction: HopDirection,
  ): Promise<StrategyOutcome<StepMap>> {
    const index = await this.#index();
    const steps = new Map<string, { edgeId: string; neighbor: string }[]>();
    let total = 0;
    for (const source of sources) {
      if (steps.has(source)) continue;
      const found = await index.steps(source, direction);
      total += found.length;
      checkQueryRows(total, this.#maxRows);
      steps.set(source, found);
    }
    return { kind: 'done', value: steps };
  }
}

/** A traversal's strategies live for one call: their layout is kept across collections. */
anchorShape(new CsrStrategy(refusedByAnchor, 0));
