import type { ObjectStore } from '../../storage/object-store.js';
import { type BranchHead, parseHead, requireHead } from './branch-head.js';
import { GraphKeys } from './graph-layout.js';

/** A head as last read: its stored bytes and what they decode to. */
interface KnownHead {
  readonly bytes: Buffer;
  readonly head: BranchHead;
}

/**
 * Branch heads as reads resolve them. Each read must see the head as it is now (another process
 * may have moved it). On a store that reads a small object synchronously (local disk), the head
 * is read that way and decoded only when its bytes differ from the last ones read: comparing
 * content, unlike file metadata, cannot mistake a rewritten head for the old one. On other
 * stores every resolve reads the head.
 */
export class ReadHeads {
  readonly #store: ObjectStore;
  readonly #known = new Map<string, KnownHead>();

  constructor(store: ObjectStore) {
    this.#store = store;
  }

  /** The current head of `branch`, or `not_found` naming it. */
  async require(branch: string): Promise<BranchHead> {
    const stored = this.#store.getSync?.(GraphKeys.head(branch));
    if (stored === undefined || stored === null) {
      // No synchronous read, or none succeeded: the read reports why (`not_found`, …).
      this.#known.delete(branch);
      return (await requireHead(this.#store, branch)).value;
    }
    const bytes = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
    const known = this.#known.get(branch);
    if (known?.bytes.equals(bytes) === true) return known.head;
    const head = parseHead(bytes, branch);
    this.#known.set(branch, { bytes, head });
    return head;
  }
}
