import { expect, it } from 'vitest';
import type { GraphContext } from '../../src/engine/protocol/graph-context.js';
import { WriterLease } from '../../src/engine/protocol/writer-lease.js';
import { connectGraphRoot, locateGraphRoot } from '../../src/engine/root/graph-root.js';
import { GraphKeys } from '../../src/engine/root/graph-layout.js';
import { writeIntent, type RecoveryIntent } from '../../src/engine/root/recovery-intent.js';
import type { ObjectStore } from '../../src/storage/index.js';
import { newUlid } from '../../src/util/ulid.js';
import { describeOnBackends, freshGraph, keysUnder, TEST_JSONL } from './graph-helpers.js';
import { addPerson, writeContextOfRoot } from './write-context.js';
import { testSettings } from '../helpers/s3-env.js';

const INTENTS = GraphKeys.intentsPrefix;

/** What a {@link hookedStore} lets a test do around the requests of a write. */
interface StoreHooks {
  /** Runs before the create-only put that takes the lease is sent on. */
  beforeTake?: (store: ObjectStore) => Promise<void>;
  /** Runs once a put of an intent has landed. */
  intentLanded?: (key: string) => void;
  /** Runs once an intent has been read (as a listing of intents reads each). */
  intentRead?: () => void;
}

/** Puts of intents, in order, and the order in which intent puts and the take landed. */
interface StoreLog {
  readonly intentPuts: string[];
  readonly events: ('intent' | 'take')[];
}

/** A store that runs `hooks` around the requests a write makes, and logs them. */
function hookedStore(store: ObjectStore, hooks: StoreHooks): { store: ObjectStore; log: StoreLog } {
  const log: StoreLog = { intentPuts: [], events: [] };
  const wrapped: ObjectStore = {
    uri: store.uri,
    get: async (key) => {
      const object = await store.get(key);
      if (key.startsWith(INTENTS)) hooks.intentRead?.();
      return object;
    },
    head: (key) => store.head(key),
    put: async (key, bytes, mode) => {
      const taking = key === GraphKeys.lease && mode?.kind === 'create';
      if (taking) await hooks.beforeTake?.(store);
      const etag = await store.put(key, bytes, mode);
      if (taking) log.events.push('take');
      if (key.startsWith(INTENTS)) {
        log.intentPuts.push(key);
        log.events.push('intent');
        hooks.intentLanded?.(key);
      }
      return etag;
    },
    list: (prefix, options) => store.list(prefix, options),
    delete: (key) => store.delete(key),
    deleteKeys: (keys) => store.deleteKeys(keys),
    deletePrefix: (prefix) => store.deletePrefix(prefix),
    requestCounts: () => store.requestCounts(),
  };
  return { store: wrapped, log };
}

/** Runs `use` on a write context over the graph at `uri` through a {@link hookedStore}. */
async function withHookedContext(
  uri: string,
  hooks: StoreHooks,
  use: (ctx: GraphContext, log: StoreLog) => Promise<void>,
): Promise<void> {
  const root = await connectGraphRoot(locateGraphRoot(uri, { s3: testSettings().s3 }));
  const { store, log } = hookedStore(root.store, hooks);
  const ctx = writeContextOfRoot({ ...root, store });
  try {
    await use(ctx, log);
  } finally {
    await ctx.lease.close();
    ctx.root.tables.close();
  }
}

/** A promise and the function that resolves it. */
function signal(): { readonly done: Promise<void>; readonly resolve: () => void } {
  let resolve = () => {};
  const done = new Promise<void>((settle) => (resolve = settle));
  return { done, resolve };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The intent of a writer of `branch` that died right after recording it. */
function deadIntent(branch: string): RecoveryIntent {
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

/** The id of the head commit of main. */
async function mainHead(ctx: GraphContext): Promise<string> {
  return (await ctx.heads.readRequired(ctx.root.store, 'main')).value.commitId;
}

describeOnBackends('a write from an idle lease takes it beside its intent', (backend) => {
  it('records its intent without waiting for the take', async () => {
    const graph = await freshGraph(backend, 'beside-order', { data: TEST_JSONL });
    await graph.close();
    const intentLanded = signal();
    const hooks: StoreHooks = {
      // The take goes on once the intent has landed, or after a while if the intent waits for it.
      beforeTake: () => Promise.race([intentLanded.done, sleep(2_000)]),
      intentLanded: () => {
        intentLanded.resolve();
      },
    };
    await withHookedContext(graph.uri, hooks, async (ctx, log) => {
      const written = await addPerson(ctx, 'Early');
      expect(written.commit).not.toBeNull();
      expect(log.events.slice(0, 2)).toEqual(['intent', 'take']);
      await ctx.ownIntents.settled();
      expect(await keysUnder(graph.uri, INTENTS)).toEqual([]);
    });
  });

  it('starts over once the take had to wait for another process, whose lease its intent predates', async () => {
    const graph = await freshGraph(backend, 'beside-waited', { data: TEST_JSONL });
    await graph.close();
    const root = await connectGraphRoot(locateGraphRoot(graph.uri, { s3: testSettings().s3 }));
    const other = new WriterLease(root.store, testSettings().writer);
    await other.acquire();
    const hooks: StoreHooks = {
      // The other process ends its write a moment after this write's first intent landed.
      intentLanded: () => void sleep(100).then(() => other.release()),
    };
    await withHookedContext(graph.uri, hooks, async (ctx, log) => {
      const before = await mainHead(ctx);
      const written = await addPerson(ctx, 'Waited');
      expect(written.commit?.parent_commit_id).toBe(before);
      // The first intent, recorded while the other process held the lease, was dropped.
      expect(log.intentPuts).toHaveLength(2);
      await ctx.ownIntents.settled();
      expect(await keysUnder(graph.uri, INTENTS)).toEqual([]);
    });
    root.tables.close();
  });

  it('records its intent again when another holder resolved it before the take landed', async () => {
    const graph = await freshGraph(backend, 'beside-resolved', { data: TEST_JSONL });
    await graph.close();
    const intentLanded = signal();
    let recorded = '';
    const hooks: StoreHooks = {
      // Another process held the lease meanwhile, resolved the intent and released the lease.
      beforeTake: async (store) => {
        await intentLanded.done;
        await store.delete(recorded);
      },
      intentLanded: (key) => {
        recorded = key;
        intentLanded.resolve();
      },
    };
    await withHookedContext(graph.uri, hooks, async (ctx, log) => {
      const written = await addPerson(ctx, 'Kept');
      expect(written.commit).not.toBeNull();
      // Recorded again (the same intent) before the publish, for recovery after a crash.
      expect(log.intentPuts).toEqual([recorded, recorded]);
      await ctx.ownIntents.settled();
      expect(await keysUnder(graph.uri, INTENTS)).toEqual([]);
    });
  });

  it("lets its take's recovery leave alone an intent it listed that is gone once the take lands", async () => {
    const graph = await freshGraph(backend, 'beside-listed', { data: TEST_JSONL });
    await graph.close();
    const root = await connectGraphRoot(locateGraphRoot(graph.uri, { s3: testSettings().s3 }));
    // The intent of another process's write in flight, which ends before this take lands.
    const finished = deadIntent('main');
    await writeIntent(root.store, finished);
    root.tables.close();
    const listed = signal();
    const hooks: StoreHooks = {
      beforeTake: async (store) => {
        await listed.done;
        await store.delete(GraphKeys.intent(finished.operation_id));
      },
      intentRead: () => {
        listed.resolve();
      },
    };
    await withHookedContext(graph.uri, hooks, async (ctx, log) => {
      const before = await mainHead(ctx);
      const written = await addPerson(ctx, 'After');
      expect(written.commit?.parent_commit_id).toBe(before);
      // Recovery resolved nothing, so the write did not start over.
      expect(log.intentPuts).toHaveLength(1);
    });
  });
});
