import type { StrategyKind } from '../traversal/traversal-strategy.js';

/** What one stage of a plan did: rows out, time spent, the traversal strategies that served it. */
export interface StageStats {
  rows: number;
  elapsedMs: number;
  readonly strategies: Set<StrategyKind>;
}

/**
 * Per-stage figures of one profiled execution, keyed by the plan's stage objects. A stage that
 * never ran (the plan stopped early, or a fallback was not needed) has none. Traversal strategies
 * are credited to the innermost stage running when the traversal planner reports them.
 */
export class PlanProfile {
  readonly #stats = new Map<object, StageStats>();
  #current: StageStats | undefined;

  /**
   * Runs `run` as `stage`: its time and its result's rows are added to the stage's (a stage of a
   * streamed match runs once per batch).
   */
  async measure<T>(stage: object, run: () => Promise<T>, rowsOf: (value: T) => number): Promise<T> {
    const stats = this.#statsOf(stage);
    const outer = this.#current;
    this.#current = stats;
    const start = performance.now();
    try {
      const value = await run();
      stats.rows += rowsOf(value);
      return value;
    } finally {
      stats.elapsedMs += performance.now() - start;
      this.#current = outer;
    }
  }

  /** {@link measure} for a stage that runs synchronously. */
  measureSync<T>(stage: object, run: () => T, rowsOf: (value: T) => number): T {
    const stats = this.#statsOf(stage);
    const start = performance.now();
    const value = run();
    stats.rows += rowsOf(value);
    stats.elapsedMs += performance.now() - start;
    return value;
  }

  /** Credits a traversal strategy to the stage running now. */
  strategy(kind: StrategyKind): void {
    this.#current?.strategies.add(kind);
  }

  /** The figures of `stage`, if it ran. */
  stats(stage: object): StageStats | undefined {
    return this.#stats.get(stage);
  }

  #statsOf(stage: object): StageStats {
    let stats = this.#stats.get(stage);
    if (stats === undefined) {
      stats = { rows: 0, elapsedMs: 0, strategies: new Set() };
      this.#stats.set(stage, stats);
    }
    return stats;
  }
}

/**
 * Runs a plan stage, measured when a profile is being taken (`profile` undefined: just runs it,
 * so execution without profiling costs one branch per stage).
 */
export function measured<T>(
  profile: PlanProfile | undefined,
  stage: object,
  run: () => Promise<T>,
  rowsOf: (value: T) => number,
): Promise<T> {
  return profile === undefined ? run() : profile.measure(stage, run, rowsOf);
}

/** {@link measured} for a stage that runs synchronously. */
export function measuredSync<T>(
  profile: PlanProfile | undefined,
  stage: object,
  run: () => T,
  rowsOf: (value: T) => number,
): T {
  return profile === undefined ? run() : profile.measureSync(stage, run, rowsOf);
}
