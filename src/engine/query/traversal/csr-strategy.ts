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

/** Traversal over the in-memory topology index of the edge table (built once per version). */
export class CsrStrategy implements TraversalStrategy {
  readonly kind = 'csr';
  readonly #index: () => Promise<CsrIndex>;

  constructor(index: () => Promise<CsrIndex>) {
    this.#index = index;
  }

  async reach(sources: readonly string[], spec: HopSpec): Promise<StrategyOutcome<ReachMap>> {
    const index = await this.#index();
    const reached = new Map<string, string[]>();
    for (const source of sources) {
      if (!reached.has(source)) reached.set(source, index.reach(source, spec));
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

  async reachRows(
    sources: readonly string[],
    spec: HopSpec,
    targets: readonly string[],
  ): Promise<StrategyOutcome<RowReach>> {
    return { kind: 'done', value: (await this.#index()).reachRows(sources, spec, targets) };
  }

  async reachSlots(
    sources: readonly number[],
    from: SlotSpace,
    spec: HopSpec,
    to: SlotSpace,
  ): Promise<StrategyOutcome<SlotReach>> {
    return { kind: 'done', value: (await this.#index()).reachSlots(sources, from, spec, to) };
  }

  async steps(
    sources: readonly string[],
    direction: HopDirection,
  ): Promise<StrategyOutcome<StepMap>> {
    const index = await this.#index();
    const steps = new Map<string, { edgeId: string; neighbor: string }[]>();
    for (const source of sources) {
      if (!steps.has(source)) steps.set(source, await index.steps(source, direction));
    }
    return { kind: 'done', value: steps };
  }
}
