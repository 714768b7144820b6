/**
 * Where a load's time goes, for benchmarks (`npm run bench -- load --stages`): milliseconds
 * spent in each stage, summed over the load. Lance writes while the next rows are parsed: both
 * count their own time, so the sum can exceed the load's wall time.
 */
export interface LoadStageTimes {
  /** Reading the input and cutting it into decoded lines (time waiting for the next lines). */
  readSplitMs: number;
  /**
   * Strict JSON parsing and conversion of lines into rows (both passes). A file or bytes read
   * as bytes counts here the lines it parses from bytes, with their validation.
   */
  parseMs: number;
  /** The validator: ids, constraint keys, and its checks against the graph. */
  validateMs: number;
  /**
   * Encoding rows as Arrow (those of a small load are encoded by its Lance writes); for columns
   * filled from bytes, making them into Arrow data.
   */
  encodeMs: number;
  /** Lance writes (appends, merge inserts, the overwrite's delete), each from start to end. */
  writeMs: number;
  /**
   * Wall time of the validation pass and of the write pass (a streamed load's one pass, which
   * validates as it writes, counts as its write pass).
   */
  validatePassMs: number;
  writePassMs: number;
  /**
   * How many times the input was read: 1 when the validation pass kept its records, or when the
   * load streamed.
   */
  passes: number;
  /** Windows of rows written (an append or a merge insert each, when it changes rows). */
  windows: number;
}

/** Receives the stage times of each load once it has written. */
export type LoadStageObserver = (times: Readonly<LoadStageTimes>) => void;

let observer: LoadStageObserver | undefined;

/**
 * Installs (or, with undefined, removes) the process's observer of load stage times. Internal,
 * for benchmarks: loads measure their stages anyway (a clock read per batch of lines), and
 * report them only here.
 */
export function observeLoadStages(next: LoadStageObserver | undefined): void {
  observer = next;
}

/** The stage times of one load, being measured. */
export class StageClock {
  readonly times: LoadStageTimes = {
    readSplitMs: 0,
    parseMs: 0,
    validateMs: 0,
    encodeMs: 0,
    writeMs: 0,
    validatePassMs: 0,
    writePassMs: 0,
    passes: 0,
    windows: 0,
  };

  /** Runs `fn`, adding its time to `stage`. */
  time<T>(stage: TimedStage, fn: () => T): T {
    const start = performance.now();
    try {
      return fn();
    } finally {
      this.times[stage] += performance.now() - start;
    }
  }

  /** Awaits `fn`, adding the time until it settles to `stage`. */
  async timeAsync<T>(stage: TimedStage, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      this.times[stage] += performance.now() - start;
    }
  }

  /** Hands the times to the observer, if one is installed. */
  report(): void {
    observer?.({ ...this.times });
  }
}

/** The stages measured by timing calls. */
export type TimedStage = Exclude<keyof LoadStageTimes, 'passes' | 'windows'>;
