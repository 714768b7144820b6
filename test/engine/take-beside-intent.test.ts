import { expect, it } from 'vitest';
import type { GraphContext } from '../../src/engine/protocol/graph-context.js';
import { WriterLease } from '../../src/engine/protocol/writer-lease.js';
import { connectGraphRoot, locateGraphRoot } from '../../src/engine/root/graph-root.js';
import { GraphKeys } from '../../src/engine/root/graph-layout.js';
import {
  leaveIntent,
  writeIntent,
  type RecoveryIntent,
} from '../../src/engine/root/recovery-intent.js';
import { refuseWhileRecoveryPending } from '../../src/engine/maintenance/pending-recovery.js';
import type { LeaseRecord } from '../../src/engine/protocol/lease-record.js';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { PutModes, type ObjectStore, type PutMode } from '../../src/storage/index.js';
import { OmniError } from '../../src/util/omni-error.js';
import { readJson, writeJson } from '../../src/storage/json-object.js';
import { newUlid } from '../../src/util/ulid.js';
import { describeOnBackends, freshGraph, keysUnder, TEST_JSONL } from './graph-helpers.js';
import { addPerson, deadIntent, writeContextOf, writeContextOfRoot } from './write-context.js';
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
  /** An error to fail a put with instead of sending it on. */
  failPut?: (key: string, mode: PutMode | undefined) => Error | undefined;
}

/**
 * Puts of intents (keys and records), in order, the generations of the takes' create-only puts,
 * and the order in which intent puts and takes landed.
 */
interface StoreLog {
  readonly intentPuts: string[];
  readonly intents: RecoveryIntent[];
  readonly takeGenerations: string[];
  readonly events: ('intent' | 'take')[];
}

const decoder = new TextDecoder();

/** A store that runs `hooks` around the requests a write makes, and logs them. */
function hookedStore(store: ObjectStore, hooks: StoreHooks): { store: ObjectStore; log: StoreLog } {
  const log: StoreLog = { intentPuts: [], intents: [], takeGenerations: [], events: [] };
  const wrapped: ObjectStore = {
    uri: store.uri,
    get: async (key) => {
      const object = await store.get(key);
      if (key.startsWith(INTENTS)) hooks.intentRead?.();
      return object;
    },
    head: (key) => store.head(key),
    put: async (key, bytes, mode) => {
      const failure = hooks.failPut?.(key, mode);
      if (failure) throw failure;
      const taking = key === GraphKeys.lease && mode?.kind === 'create';
      if (taking) await hooks.beforeTake?.(store);
      const etag = await store.put(key, bytes, mode);
      if (taking) {
        log.events.push('take');
        log.takeGenerations.push((JSON.parse(decoder.decode(bytes)) as LeaseRecord).generation);
      }
      if (key.startsWith(INTENTS)) {
        log.intentPuts.push(key);
        log.intents.push(JSON.parse(decoder.decode(bytes)) as RecoveryIntent);
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

/**
 * Hooks under which the take goes on once an intent has landed, as on object storage (or after
 * a while, if the intent waits for the take).
 */
function intentBeforeTake(): StoreHooks {
  const landed = signal();
  return {
    beforeTake: () => Promise.race([landed.done, sleep(2_000)]),
    intentLanded: () => {
      landed.resolve();
    },
  };
}

/** Records, on the graph at `uri`, the intent of a writer that died beside a take of `generation`. */
async function intentBesideTake(uri: string, generation: string): Promise<RecoveryIntent> {
  const ctx = await writeContextOf(uri);
  const intent = { ...deadIntent('main'), take_generation: generation };
  await writeIntent(ctx.root.store, intent);
  ctx.root.tables.close();
  return intent;
}

/** Opens the graph at `uri` read-write (recovery runs) and returns what recovery reported. */
async function recoveredAtOpen(uri: string): Promise<readonly unknown[]> {
  const graph = await Omnigraph.open(uri, { settings: testSettings() });
  const recovered = graph.recovered;
  await graph.close();
  return recovered;
}

/** The id of the head commit of main. */
async function mainHead(ctx: GraphContext): Promise<string> {
  return (await ctx.heads.readRequired(ctx.root.store, 'main')).value.commitId;
}

describeOnBackends('a write from an idle lease takes it beside its intent', (backend) => {
  it('records its intent without waiting for the take, naming the take it goes beside', async () => {
    const graph = await freshGraph(backend, 'beside-order', { data: TEST_JSONL });
    await graph.close();
    const hooks = intentBeforeTake();
    await withHookedContext(graph.uri, hooks, async (ctx, log) => {
      const written = await addPerson(ctx, 'Early');
      expect(written.commit).not.toBeNull();
      expect(log.events.slice(0, 2)).toEqual(['intent', 'take']);
      // The intent names the generation its writer's take put in the lease object.
      expect(log.takeGenerations).toHaveLength(1);
      expect(log.intents[0]?.take_generation).toBe(log.takeGenerations[0]);
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

describeOnBackends('intents recorded beside a take of the lease', (backend) => {
  it('are deleted by the recovery of a take that did not replace theirs, with nothing to report', async () => {
    const graph = await freshGraph(backend, 'beside-dropped', { data: TEST_JSONL });
    await graph.close();
    // A writer that waits for the lease (or died before its take landed): no effect made.
    await intentBesideTake(graph.uri, newUlid());
    expect(await recoveredAtOpen(graph.uri)).toEqual([]);
    expect(await keysUnder(graph.uri, INTENTS)).toEqual([]);
  });

  it('are resolved, and reported, by a takeover of the generation they name', async () => {
    const graph = await freshGraph(backend, 'beside-taken-over', { data: TEST_JSONL });
    await graph.close();
    // The writer's take landed and it died holding the lease, which has expired since.
    const generation = newUlid();
    const intent = await intentBesideTake(graph.uri, generation);
    const ctx = await writeContextOf(graph.uri);
    const expired: LeaseRecord = {
      owner: newUlid(),
      generation,
      replaced_live: false,
      pid: 1,
      host: 'elsewhere',
      acquired_at: Date.now() - 120_000,
      expires_at: Date.now() - 60_000,
    };
    await writeJson(ctx.root.store, GraphKeys.lease, expired, PutModes.create);
    ctx.root.tables.close();
    expect(await recoveredAtOpen(graph.uri)).toEqual([
      expect.objectContaining({ operation_id: intent.operation_id, action: 'rolled_back' }),
    ]);
    expect(await keysUnder(graph.uri, INTENTS)).toEqual([]);
  });

  it('are recorded again without the generation by a write that leaves its effects to recovery', async () => {
    const graph = await freshGraph(backend, 'beside-left', { data: TEST_JSONL });
    await graph.close();
    const hooks: StoreHooks = {
      ...intentBeforeTake(),
      // The publish fails without saying whether the head moved: recovery decides.
      failPut: (key, mode) =>
        key === GraphKeys.head('main') && mode?.kind === 'ifMatch'
          ? new OmniError('transient', 'injected publish failure')
          : undefined,
    };
    await withHookedContext(graph.uri, hooks, async (ctx, log) => {
      await expect(addPerson(ctx, 'Left')).rejects.toThrow('injected publish failure');
      expect(log.intents[0]?.take_generation).toBeDefined();
      const [left] = await keysUnder(graph.uri, INTENTS);
      const stored = await readJson<RecoveryIntent>(ctx.root.store, left ?? '');
      expect(stored.value.operation_id).toBe(log.intents[0]?.operation_id);
      expect(stored.value.take_generation).toBeUndefined();
    });
    // The next take resolves it: its write did not publish, so it is rolled back.
    expect(await recoveredAtOpen(graph.uri)).toEqual([
      expect.objectContaining({ writer_kind: 'load', action: 'rolled_back' }),
    ]);
  });

  it('do not hold maintenance back: their writers wait for the lease maintenance holds', async () => {
    const graph = await freshGraph(backend, 'beside-maintenance', { data: TEST_JSONL });
    await graph.close();
    const intent = await intentBesideTake(graph.uri, newUlid());
    const ctx = await writeContextOf(graph.uri);
    try {
      await refuseWhileRecoveryPending(ctx, 'optimize', 'main');
      // The same intent, recorded without a take's generation, is pending recovery.
      await leaveIntent(ctx.root.store, intent);
      await expect(refuseWhileRecoveryPending(ctx, 'optimize', 'main')).rejects.toMatchObject({
        code: 'recovery_required',
      });
      const stored = await readJson<RecoveryIntent>(
        ctx.root.store,
        GraphKeys.intent(intent.operation_id),
      );
      expect(stored.value.take_generation).toBeUndefined();
    } finally {
      ctx.root.tables.close();
    }
  });
});
