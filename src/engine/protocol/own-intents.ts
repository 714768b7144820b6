import type { ObjectStore } from '../../storage/index.js';
import { deleteIntent, type SkippedIntents } from '../root/index.js';

/**
 * The recovery intents of this process's writes: those of writes in flight, and those of
 * published writes, deleted after the write returns.
 *
 * A write records its intent before it knows whether its take's recovery found any left by dead
 * writers (the two run together: docs/reference/storage-layout.md), so recovery skips the
 * intents of writes in flight: they are live, and their writers publish or undo them.
 *
 * Once the head names a write's commit, its intent only says so: recovery of one left behind (a
 * crash before the delete landed) rolls it forward by deleting it. On object storage that delete
 * is one more round trip at the end of every write; the caller no longer waits for it. This
 * process ignores the intents it is deleting when it looks for intents left on a branch, and
 * waits for the deletes before anything that must see the store without them (recovery on
 * taking the lease, maintenance's refusal while recovery is pending, closing the graph).
 */
export class OwnIntents implements SkippedIntents {
  readonly #store: ObjectStore;
  readonly #onFailure: () => void;
  readonly #writing = new Set<string>();
  readonly #deleting = new Map<string, Promise<void>>();

  /** `onFailure` runs when a delete fails: the intent stays, for the next take's recovery. */
  constructor(store: ObjectStore, onFailure: () => void) {
    this.#store = store;
    this.#onFailure = onFailure;
  }

  /** Registers the intent of a write about to record it. */
  writing(operationId: string): void {
    this.#writing.add(operationId);
  }

  /**
   * Ends a write's registration: its intent was deleted, handed to {@link drop}, or left for
   * the next take's recovery.
   */
  ended(operationId: string): void {
    this.#writing.delete(operationId);
  }

  /** Starts deleting the intent of published operation `operationId`. */
  drop(operationId: string): void {
    const deletion = deleteIntent(this.#store, operationId)
      .catch(() => {
        this.#onFailure();
      })
      .finally(() => {
        this.#deleting.delete(operationId);
      });
    this.#deleting.set(operationId, deletion);
  }

  /** Whether the intent of `operationId` is this process's: in flight or being deleted. */
  has(operationId: string): boolean {
    return this.#writing.has(operationId) || this.#deleting.has(operationId);
  }

  /** Resolves once every delete started so far has ended (failed ones included). */
  async settled(): Promise<void> {
    await Promise.all(this.#deleting.values());
  }
}
