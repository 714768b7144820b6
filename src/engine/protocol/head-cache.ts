import type { JsonObject } from '../../storage/json-object.js';
import type { ObjectStore } from '../../storage/object-store.js';
import { readHead, requireHead, type BranchHead } from '../root/index.js';

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

  /** The head of `branch` learnt under `take`, if any. */
  current(branch: string, take: string | undefined): JsonObject<BranchHead> | undefined {
    const entry = this.#heads.get(branch);
    return take !== undefined && entry?.take === take ? entry.head : undefined;
  }

  /**
   * The last head of `branch` this process knew, under whatever take: good enough for checks
   * made before a write (compiling against its schema, knowing the branch exists), and the guess
   * a write plans on when it learnt none under the current take (the write then checks it against
   * the stored head beside its intent).
   */
  lastKnown(branch: string): JsonObject<BranchHead> | undefined {
    return this.#heads.get(branch)?.head;
  }

  /** Records the head of `branch` as stored, learnt under `take` (undefined: without the lease). */
  remember(branch: string, take: string | undefined, head: JsonObject<BranchHead>): void {
    this.#heads.set(branch, { take, head });
  }

  /**
   * Reads the stored head of `branch` and remembers it as learnt under `take` (undefined: without
   * the lease); undefined when the branch does not exist.
   */
  async read(
    store: ObjectStore,
    branch: string,
    take?: string,
  ): Promise<JsonObject<BranchHead> | undefined> {
    const head = await readHead(store, branch);
    if (head) this.remember(branch, take, head);
    return head;
  }

  /** {@link read}, failing with `not_found` when the branch does not exist. */
  async readRequired(
    store: ObjectStore,
    branch: string,
    take?: string,
  ): Promise<JsonObject<BranchHead>> {
    const head = await requireHead(store, branch);
    this.remember(branch, take, head);
    return head;
  }

  /** Forgets a branch's head (deleted, or moved by recovery). */
  forget(branch: string): void {
    this.#heads.delete(branch);
  }

  /** Forgets every head (recovery moved some). */
  forgetAll(): void {
    this.#heads.clear();
  }
}
