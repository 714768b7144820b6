import type { KeyedMutex } from '../../util/keyed-mutex.js';
import type { WrittenVersion } from '../lance/index.js';
import type { CommitReader, GraphRoot, SchemaReader } from '../root/index.js';
import type { Failpoints } from './failpoints.js';
import type { Snapshot } from '../snapshot/index.js';
import type { WriterLease } from './writer-lease.js';
import type { HeadCache } from './head-cache.js';
import type { OwnIntents } from './own-intents.js';

/** What the engine's operations share for one open graph. */
export interface GraphContext {
  readonly root: GraphRoot;
  readonly commits: CommitReader;
  readonly schemas: SchemaReader;
  readonly lease: WriterLease;
  /** Crash points armed for tests. */
  readonly failpoints: Failpoints;
  /** In-process write gates, one per branch. */
  readonly gates: KeyedMutex;
  /** Branch heads known under the current lease take (see {@link HeadCache}). */
  readonly heads: HeadCache;
  /** Intents of this process's writes: in flight, or published and being deleted. */
  readonly ownIntents: OwnIntents;
  /**
   * Told of each published table version that removed no row of a version read lately, so that
   * read caches can carry theirs over (see `WrittenVersion`).
   */
  readonly onWritten?: (version: WrittenVersion) => void;
  /**
   * Told of a graph branch's deleted table branches (Lance table name, Lance branch): their
   * versions are never read again, so read caches drop what they hold of them.
   */
  readonly onBranchesDeleted?: (
    deleted: readonly { readonly table: string; readonly branch: string }[],
  ) => void;
  /** The snapshot a commit publishes (cached by commit id). */
  snapshotOf(commitId: string): Promise<Snapshot>;
}
