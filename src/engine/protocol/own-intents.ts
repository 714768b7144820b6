import type { ObjectStore } from '../../storage/index.js';
import {
  deleteIntents,
  listIntents,
  type RecoveryIntent,
  type SkippedIntents,
} from '../root/index.js';
import { PUBLISHED_SEARCH_DEPTH } from './recovery.js';

/**
 * Published intents deleted together. Recovery of one left behind looks for its commit this
 * many times over among the head's ancestors ({@link PUBLISHED_SEARCH_DEPTH}), so a batch
 * never waits long enough for that search to miss it, and a crash leaves few to resolve.
 */
export const INTENT_DELETE_BATCH = PUBLISHED_SEARCH_DEPTH / 4;

/**
 * The recovery intents of this process's writes: those of writes in flight, and those of
 * published writes, deleted in batches.
 *
 * A write records its intent before it knows whether its take's recovery found any left by dead
 * writers (the two run together: docs/reference/storage-layout.md), so recovery skips the
 * intents of writes in flight: they are live, and their writers publish or undo them.
 *
 * Once the head names a write's commit, its intent only says so: recovery of one left behind (a
 * crash before the delete landed) rolls it forward by deleting it. On object storage a delete
 * per write would be one more request each, so published intents wait, and go in one batch
 * delete once {@link INTENT_DELETE_BATCH} wait, or when {@link settled} is called: before the
 * lease is released, before recovery on taking it, and closing the graph. This process ignores
 * the intents it is deleting when it looks for intents left on a branch, and maintenance's
 * refusal while recovery is pending ignores those of its published writes.
 */
export class OwnIntents implements SkippedIntents {
  readonly #store: ObjectStore;
  readonly #onFailure: () => void;
  readonly #writing = new Set<string>();
  /** Intents of published writes not yet deleted: waiting for a batch, or in one. */
  readonly #published = new Set<string>();
  #waiting: string[] = [];
  readonly #deletes = new Set<Promise<void>>();

  /** `onFailure` runs when a delete fails: the intents stay, for the next take's recovery. */
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

  /** Hands over the intent of published operation `operationId`, to be deleted with a batch. */
  drop(operationId: string): void {
    this.#published.add(operationId);
    this.#waiting.push(operationId);
    if (this.#waiting.length >= INTENT_DELETE_BATCH) this.#deleteWaiting();
  }

  /** Whether the intent of `operationId` is this process's: in flight or being deleted. */
  has(operationId: string): boolean {
    return this.#writing.has(operationId) || this.#published.has(operationId);
  }

  /** The intents of this process's published writes not yet deleted: nothing left to resolve. */
  get published(): SkippedIntents {
    return this.#published;
  }

  /** Deletes the waiting intents now; resolves once every delete so far has ended (failed too). */
  async settled(): Promise<void> {
    this.#deleteWaiting();
    await Promise.all(this.#deletes);
  }

  /**
   * Every intent on the store but this process's, once its published ones are deleted: what a
   * take lists beside its put (see `WriterLease`), for its recovery.
   */
  async listOthers(): Promise<RecoveryIntent[]> {
    await this.settled();
    return listIntents(this.#store, this);
  }

  #deleteWaiting(): void {
    const batch = this.#waiting;
    if (batch.length === 0) return;
    this.#waiting = [];
    const deletion: Promise<void> = deleteIntents(this.#store, batch)
      .catch(() => {
        this.#onFailure();
      })
      .finally(() => {
        for (const operationId of batch) this.#published.delete(operationId);
        this.#deletes.delete(deletion);
      });
    this.#deletes.add(deletion);
  }
}
