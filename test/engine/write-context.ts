import { KeyedMutex } from '../../src/util/keyed-mutex.js';
import { runWrite } from '../../src/engine/protocol/graph-writer.js';
import { HeadCache } from '../../src/engine/protocol/head-cache.js';
import { OwnIntents } from '../../src/engine/protocol/own-intents.js';
import type { GraphContext } from '../../src/engine/protocol/graph-context.js';
import { Failpoints } from '../../src/engine/protocol/failpoints.js';
import { recoverPendingWrites } from '../../src/engine/protocol/recovery.js';
import { WriterLease } from '../../src/engine/protocol/writer-lease.js';
import { CommitReader } from '../../src/engine/root/commit-record.js';
import {
  connectGraphRoot,
  locateGraphRoot,
  type GraphRoot,
} from '../../src/engine/root/graph-root.js';
import type { RecoveryIntent } from '../../src/engine/root/recovery-intent.js';
import { SchemaReader } from '../../src/engine/root/schema-store.js';
import { newUlid } from '../../src/util/ulid.js';
import { Snapshot } from '../../src/engine/snapshot/snapshot.js';
import { testSettings } from '../helpers/s3-env.js';

/**
 * The engine's write context over a graph root, as an open graph builds it, for tests that run
 * the write protocol directly (`runWrite`). Close `root.tables` when done.
 */
export async function writeContextOf(uri: string): Promise<GraphContext> {
  return writeContextOfRoot(
    await connectGraphRoot(locateGraphRoot(uri, { s3: testSettings().s3 })),
  );
}

/** {@link writeContextOf} over a root already connected. */
export function writeContextOfRoot(root: GraphRoot): GraphContext {
  const commits = new CommitReader(root.store);
  const schemas = new SchemaReader(root.store);
  const heads = new HeadCache();
  const ownIntents = new OwnIntents(root.store, () => {
    lease.recoveryDue();
  });
  const lease = new WriterLease(
    root.store,
    testSettings().writer,
    async (take) => {
      await ownIntents.settled();
      const outcomes = await recoverPendingWrites(root, commits, take, ownIntents);
      if (outcomes.length > 0) heads.forgetAll();
      return outcomes.length > 0;
    },
    () => ownIntents.settled(),
    () => ownIntents.listOthers(),
  );
  return {
    root,
    commits,
    schemas,
    lease,
    failpoints: new Failpoints([]),
    gates: new KeyedMutex(),
    heads,
    ownIntents,
    snapshotOf: async (commitId) => {
      const commit = await commits.read(commitId);
      return new Snapshot(commit, await schemas.read(commit.manifest.schemaId), root.tables);
    },
  };
}

/** Appends one person through the write protocol, as a load would. */
export function addPerson(ctx: GraphContext, name: string, branch = 'main') {
  return runWrite(ctx, {
    kind: 'load',
    branch,
    actor: null,
    prepare: () => Promise.resolve({ tables: ['node:Person'] }),
    apply: async (_plan, session) =>
      (await session.table('node:Person')).append([{ id: name, name, age: 40 }]),
  });
}

/** The intent of a writer of `branch` that died right after recording it. */
export function deadIntent(branch: string): RecoveryIntent {
  return {
    operation_id: newUlid(),
    writer_kind: 'mutate',
    branch,
    commit_id: newUlid(),
    actor_id: null,
    started_at: 0,
    tables: [],
  };
}
