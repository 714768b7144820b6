import type { ObjectStore } from '../../storage/index.js';
import { deleteIntent } from '../root/index.js';

/**
 * The recovery intents of published writes, deleted after the write returns. Once the head
 * names a write's commit, its intent only says so: recovery of one left behind (a crash before
 * the delete landed) rolls it forward by deleting it (docs/reference/storage-layout.md). On
 * object storage that delete is one more round trip at the end of every write; the caller no
 * longer waits for it.
 *
 * This process ignores the intents it is deleting when it looks for intents left on a branch,
 * and waits for the deletes before anything that must see the store without them (recovery on
 * taking the lease, maintenance's refusal while recovery is pending, closing the graph).
 */
export class PublishedIntents {
  readonly #store: ObjectStore;
  readonly #onFailure: () => void;
  readonly #deleting = new Map<string, Promise<void>>();

  /** `onFailure` runs when a delete fails: the intent stays, for the next take's recovery. */
  constructor(store: ObjectStore, onFailure: () => void) {
    this.#store = store;
    this.#onFailure = onFailure;
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

  /** The operations whose intents are being deleted. */
  get deleting(): ReadonlySet<string> {
    return new Set(this.#deleting.keys());
  }

  /** Resolves once every delete started so far has ended (failed ones included). */
  async settled(): Promise<void> {
    await Promise.all(this.#deleting.values());
  }
}
