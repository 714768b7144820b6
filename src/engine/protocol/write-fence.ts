import { OmniError } from '../../util/omni-error.js';
import { isLeaseLost, type WriterLease } from './writer-lease.js';

/**
 * The fencing of one write (docs/reference/storage-layout.md): the writer lease is checked
 * before each of its effects, and a writer that lost the lease stops with a `conflict` that says
 * whether it changed anything. Whatever a writer paused right after a check still manages to do
 * is left for the next writer to reset, so the message stays exact: "nothing was changed" only
 * while no table effect was attempted.
 *
 * A check asks storage only when nothing has proved the lease current since the last table
 * effect of this process's writes ended: the take itself, a renewal, or another check (the
 * previous write's last one included) all count. Between an effect's end and the next effect's
 * start there is always a proof, as when every check asked storage; effects that start while
 * others run (a write's tables, written at once) share the proof from before them. What it
 * saves is the request of a check right after another proof, e.g. before the first effect of a
 * write that has just taken the lease, or that follows another write of this process, and
 * before each further table a write changes at once.
 */
export class WriteFence {
  readonly #lease: WriterLease;
  #effects = false;
  /** Effects may run outside {@link effect}: every check asks storage. */
  #unseenEffects = false;

  constructor(lease: WriterLease) {
    this.#lease = lease;
  }

  /** True once a table effect was attempted (it may have landed even if it failed). */
  get effects(): boolean {
    return this.#effects;
  }

  /** Fails with the typed lease conflict unless this process still holds the lease. */
  async check(): Promise<void> {
    if (!this.#unseenEffects && this.#lease.confirmedSinceEffects()) return;
    try {
      await this.#lease.fence();
    } catch (error) {
      throw this.#explained(error);
    }
  }

  /** Runs a table effect after a {@link check}; a check after it must ask storage again. */
  async effect<T>(run: () => Promise<T>): Promise<T> {
    await this.check();
    this.#effects = true;
    return this.#lease.effect(run);
  }

  /**
   * Counts a table effect as attempted by code that does not run it through {@link effect}; every
   * later check asks storage, as such effects may still be running.
   */
  effectsMayHaveHappened(): void {
    this.#effects = true;
    this.#unseenEffects = true;
  }

  #explained(error: unknown): unknown {
    if (!isLeaseLost(error) || !(error instanceof OmniError)) return error;
    const outcome = this.#effects
      ? 'the write was not published; the next writer resets the table versions it left'
      : 'nothing was changed';
    const fenced = new OmniError('conflict', `${error.message}; ${outcome}: retry the write`, {
      details: { ...error.details, changed_nothing: !this.#effects },
      cause: error,
    });
    FENCE_ERRORS.add(fenced);
    return fenced;
  }
}

const FENCE_ERRORS = new WeakSet<OmniError>();

/** True when `error` is the typed conflict of a write that lost the writer lease. */
export function isFenceError(error: unknown): boolean {
  return error instanceof OmniError && FENCE_ERRORS.has(error);
}
