import { expect, it } from 'vitest';
import { refuseWhileRecoveryPending } from '../../src/engine/maintenance/pending-recovery.js';
import type { GraphContext } from '../../src/engine/protocol/graph-context.js';
import { INTENT_DELETE_BATCH } from '../../src/engine/protocol/own-intents.js';
import { connectGraphRoot, locateGraphRoot } from '../../src/engine/root/graph-root.js';
import { GraphKeys } from '../../src/engine/root/graph-layout.js';
import type { ObjectStore } from '../../src/storage/index.js';
import { OmniError } from '../../src/util/index.js';
import {
  describeOnBackends,
  freshGraph,
  keysUnder,
  openGraph,
  startChild,
  TEST_JSONL,
} from './graph-helpers.js';
import { addPerson, writeContextOfRoot } from './write-context.js';
import { testSettings } from '../helpers/s3-env.js';

const INTENTS = GraphKeys.intentsPrefix;

/**
 * A store whose deletes of recovery intents wait until `released` (or fail when it rejects), and
 * that records every delete it is asked for, in order: a batch as one entry of its keys.
 */
function holdingIntentDeletes(
  store: ObjectStore,
  released: Promise<void>,
  deletes: string[][] = [],
): ObjectStore {
  const deleting = async (keys: readonly string[], run: () => Promise<void>) => {
    deletes.push([...keys]);
    if (keys.some((key) => key.startsWith(INTENTS))) await released;
    await run();
  };
  return {
    uri: store.uri,
    get: (key) => store.get(key),
    head: (key) => store.head(key),
    put: (key, bytes, mode) => store.put(key, bytes, mode),
    list: (prefix, options) => store.list(prefix, options),
    delete: (key) => deleting([key], () => store.delete(key)),
    deleteKeys: (keys) => deleting(keys, () => store.deleteKeys(keys)),
    deletePrefix: (prefix) => store.deletePrefix(prefix),
    requestCounts: () => store.requestCounts(),
  };
}

/** A context over the graph at `uri` whose intent deletes wait for `released`. */
async function heldContext(
  uri: string,
  released: Promise<void>,
  deletes?: string[][],
): Promise<GraphContext> {
  const root = await connectGraphRoot(locateGraphRoot(uri, { s3: testSettings().s3 }));
  return writeContextOfRoot({
    ...root,
    store: holdingIntentDeletes(root.store, released, deletes),
  });
}

describeOnBackends('intents of published writes', (backend) => {
  it('stay after the write returns, and the next write does not take them for left ones', async () => {
    const graph = await freshGraph(backend, 'published-intents', { data: TEST_JSONL });
    await graph.close();
    let release = () => {};
    const ctx = await heldContext(graph.uri, new Promise<void>((resolve) => (release = resolve)));
    try {
      const first = await addPerson(ctx, 'First');
      expect(first.commit).not.toBeNull();
      // The write returned with its intent still on the store, waiting to be deleted.
      expect(await keysUnder(graph.uri, INTENTS)).toHaveLength(1);
      const operationId = (await keysUnder(graph.uri, INTENTS))[0]?.slice(INTENTS.length, -5);
      expect(ctx.ownIntents.has(operationId ?? '')).toBe(true);

      // The lease is still held: the next write lists intents on the branch, and must neither
      // resolve this one nor start over.
      const second = await addPerson(ctx, 'Second');
      expect(second.commit?.parent_commit_id).toBe(first.commit?.graph_commit_id);
      expect(await keysUnder(graph.uri, INTENTS)).toHaveLength(2);

      // Maintenance refuses to run while recovery is pending; these are not pending, and it
      // neither waits for nor makes their delete.
      await refuseWhileRecoveryPending(ctx, 'optimize');
      expect(await keysUnder(graph.uri, INTENTS)).toHaveLength(2);
      release();
      await ctx.ownIntents.settled();
      expect(await keysUnder(graph.uri, INTENTS)).toEqual([]);
      expect(ctx.ownIntents.has(operationId ?? '')).toBe(false);
    } finally {
      await ctx.lease.close();
      ctx.root.tables.close();
    }
    const reopened = await openGraph(graph.uri);
    expect(reopened.recovered).toEqual([]);
    const people = await reopened.query({
      query: 'query names() { match { $p: Person } return { $p.name } }',
    });
    expect(people.rows.map((row) => row['p.name'])).toEqual(
      expect.arrayContaining(['First', 'Second']),
    );
    await reopened.close();
  });

  it(`go in one batch delete once ${INTENT_DELETE_BATCH} wait`, async () => {
    const graph = await freshGraph(backend, 'published-intents-batch', { data: TEST_JSONL });
    await graph.close();
    const deletes: string[][] = [];
    const ctx = await heldContext(graph.uri, Promise.resolve(), deletes);
    try {
      for (let i = 1; i < INTENT_DELETE_BATCH; i += 1) await addPerson(ctx, `P${i}`);
      expect(deletes).toEqual([]);
      expect(await keysUnder(graph.uri, INTENTS)).toHaveLength(INTENT_DELETE_BATCH - 1);
      await addPerson(ctx, `P${INTENT_DELETE_BATCH}`);
      // The last write started the batch delete of every waiting intent, its own included.
      expect(deletes).toHaveLength(1);
      expect(deletes[0]).toHaveLength(INTENT_DELETE_BATCH);
      expect(deletes[0]?.every((key) => key.startsWith(INTENTS))).toBe(true);
      await ctx.ownIntents.settled();
      expect(await keysUnder(graph.uri, INTENTS)).toEqual([]);
    } finally {
      await ctx.lease.close();
      ctx.root.tables.close();
    }
  });

  it('are deleted before the lease is released, so the next holder finds none', async () => {
    const graph = await freshGraph(backend, 'published-intents-release', { data: TEST_JSONL });
    await graph.close();
    const deletes: string[][] = [];
    const ctx = await heldContext(graph.uri, Promise.resolve(), deletes);
    try {
      await addPerson(ctx, 'First');
      await addPerson(ctx, 'Second');
      expect(await keysUnder(graph.uri, INTENTS)).toHaveLength(2);
      // The lease lingers after the writes; releasing it deletes the intents first.
      await ctx.lease.close();
      expect(deletes).toEqual([
        [expect.stringMatching(INTENTS), expect.stringMatching(INTENTS)],
        [GraphKeys.lease],
      ]);
      expect(await keysUnder(graph.uri, INTENTS)).toEqual([]);
      expect(await keysUnder(graph.uri, GraphKeys.lease)).toEqual([]);
    } finally {
      ctx.root.tables.close();
    }
    const reopened = await openGraph(graph.uri);
    expect(reopened.recovered).toEqual([]);
    await reopened.close();
  });

  it('of an open graph are gone once its lingering lease is released', async () => {
    const graph = await freshGraph(backend, 'published-intents-linger', { data: TEST_JSONL });
    await graph.mutate({
      query: 'query add($name: String) { insert Person { name: $name, age: 3 } }',
      params: { name: 'Lingering' },
    });
    // The lease lingers a moment after the write, then goes, taking the waiting intents first.
    await expect
      .poll(() => keysUnder(graph.uri, GraphKeys.lease), { timeout: 5_000, interval: 50 })
      .toEqual([]);
    expect(await keysUnder(graph.uri, INTENTS)).toEqual([]);
    await graph.close();
  });

  it('left waiting by a killed process are rolled forward by the next one, nothing lost', async () => {
    const graph = await freshGraph(backend, 'published-intents-killed', { data: TEST_JSONL });
    const before = (await graph.listCommits({ branch: 'main' })).commits.length;
    await graph.close();
    // A lease that lingers a minute: the child's published intents wait until it is killed.
    const child = startChild(['loads-then-wait', graph.uri, '5'], {
      OMNIGRAPH_LEASE_LINGER_MS: '60000',
    });
    try {
      await child.printed('loaded');
      expect(await keysUnder(graph.uri, INTENTS)).toHaveLength(5);
    } finally {
      child.kill();
      await child.exited;
    }
    // The dead child's lease is taken over at once (same host), and recovery finds its writes
    // published: each intent is deleted, no table is touched.
    const reopened = await openGraph(graph.uri);
    expect(reopened.recovered).toHaveLength(5);
    expect(reopened.recovered.every((outcome) => outcome.action === 'rolled_forward')).toBe(true);
    expect(await keysUnder(graph.uri, INTENTS)).toEqual([]);
    expect((await reopened.listCommits({ branch: 'main' })).commits).toHaveLength(before + 5);
    const names = await reopened.query({
      query: 'query names() { match { $p: Person } return { $p.name } }',
    });
    expect(names.rows.map((row) => row['p.name'])).toEqual(
      expect.arrayContaining(['Child0', 'Child1', 'Child2', 'Child3', 'Child4']),
    );
    await reopened.close();
  });

  it('left behind by a failed delete are rolled forward by the next take', async () => {
    const graph = await freshGraph(backend, 'published-intents-failed', { data: TEST_JSONL });
    await graph.close();
    const failing = Promise.reject(new OmniError('transient', 'injected delete failure'));
    failing.catch(() => undefined);
    const ctx = await heldContext(graph.uri, failing);
    let commitId: string | undefined;
    try {
      // Held before the write, so that its intent is not recorded beside a take: recovery deletes
      // such an intent without reporting it (recovery.ts, `madeNoEffect`), and whether a write
      // from an idle lease records one raced its take against its plan (1 run in ~30 failed).
      await ctx.lease.acquire();
      commitId = (await addPerson(ctx, 'Kept')).commit?.graph_commit_id;
      await ctx.lease.release();
      await ctx.ownIntents.settled();
      expect(await keysUnder(graph.uri, INTENTS)).toHaveLength(1);
    } finally {
      await ctx.lease.close();
      ctx.root.tables.close();
    }
    const reopened = await openGraph(graph.uri);
    expect(reopened.recovered).toEqual([
      expect.objectContaining({ writer_kind: 'load', action: 'rolled_forward' }),
    ]);
    expect(await keysUnder(graph.uri, INTENTS)).toEqual([]);
    expect((await reopened.listCommits({ branch: 'main' })).commits[0]?.graph_commit_id).toBe(
      commitId,
    );
    await reopened.close();
  });
});
