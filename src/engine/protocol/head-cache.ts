import type { JsonObject } from '../../storage/json-object.js';
import type { ObjectStore } from '../../storage/object-store.js';
import { readHead, type BranchHead } from '../root/index.js';

interface KnownHead {
  /** The take it was learnt under; undefined when learnt without the lease. */
  readonly take: string | undefined;
  readonly head: JsonObject<BranchHead>;
}

/**
 * Branch heads this process read or published, each with the writer lease take it was learnt
 * under. Only the lease's holder moves an existing branch head (writes, recovery and branch
 * deletion all take the lease; branch creation only creates), so while one take lasts, a head
 * this process published or read under it is still the stored one: a write need not read it
 * again. A stale entry could only make a compare-and-swap fail, never publish wrongly.
 */
export class HeadCache {
  readonly #heads = new Map<string, KnownHead>();
  /** Branches writes are about to write, by how many: a new take reads their heads. */
  readonly #wanted = new Map<string, number>();

  /** The head of `branch` learnt under `take`, if any. */
  current(branch: string, take: string | undefined): JsonObject<BranchHead> | undefined {
    const entry = this.#heads.get(branch);
    return take !== undefined && entry?.take === take ? entry.head : undefined;
  }

  /**
   * The last head of `branch` this process knew, under whatever take: good enough for checks
   * made before a write (compiling against its schema, knowing the branch exists), which the
   * write makes again on the head it reads under the lease.
   */
  lastKnown(branch: string): JsonObject<BranchHead> | undefined {
    return this.#heads.get(branch)?.head;
  }

  /** Records the head of `branch` as stored, learnt under `take` (undefined: without the lease). */
  remember(branch: string, take: string | undefined, head: JsonObject<BranchHead>): void {
    this.#heads.set(branch, { take, head });
  }

  /** Forgets a branch's head (deleted, or moved by recovery). */
  forget(branch: string): void {
    this.#heads.delete(branch);
  }

  /** Forgets every head (recovery moved some). */
  forgetAll(): void {
    this.#heads.clear();
  }

  /**
   * Runs `write` with `branch` marked as about to be written, so that a take of the lease
   * meanwhile reads its head ({@link readWanted}).
   */
  async wanting<T>(branch: string, write: () => Promise<T>): Promise<T> {
    this.#wanted.set(branch, (this.#wanted.get(branch) ?? 0) + 1);
    try {
      return await write();
    } finally {
      const left = (this.#wanted.get(branch) ?? 1) - 1;
      if (left === 0) this.#wanted.delete(branch);
      else this.#wanted.set(branch, left);
    }
  }

  /**
   * Reads the heads of the branches writes are waiting to write, under a take that has just
   * landed: run beside the take's recovery, it spares those writes a read after it (the caller
   * forgets them if recovery moved any head).
   */
  async readWanted(store: ObjectStore, take: string): Promise<void> {
    await Promise.all(
      [...this.#wanted.keys()].map(async (branch) => {
        const head = await readHead(store, branch);
        if (head) this.#heads.set(branch, { take, head });
      }),
    );
  }
}
