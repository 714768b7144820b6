import { expect, it } from 'vitest';
import type { GraphContext } from '../../src/engine/protocol/graph-context.js';
import { Failpoints } from '../../src/engine/protocol/failpoints.js';
import { runWrite } from '../../src/engine/protocol/graph-writer.js';
import { connectGraphRoot, locateGraphRoot } from '../../src/engine/root/graph-root.js';
import { writeIntent } from '../../src/engine/root/recovery-intent.js';
import { GraphKeys } from '../../src/engine/root/graph-layout.js';
import { runMaintenanceWrite } from '../../src/engine/maintenance/maintenance-write.js';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import type { ObjectStore } from '../../src/storage/index.js';
import {
  describeOnBackends,
  freshGraph,
  keysUnder,
  openGraph,
  TEST_JSONL,
} from './graph-helpers.js';
import { addPerson, deadIntent, writeContextOfRoot } from './write-context.js';
import { testSettings } from '../helpers/s3-env.js';

const INTENTS = GraphKeys.intentsPrefix;

/** Settings whose lease goes as soon as a write ends: every write takes it again. */
const NO_LINGER = testSettings({ writer: { lingerMs: 0 } });

const INSERT = `
query add($name: String) { insert Person { name: $name, age: 30 } }
query knows($from: String, $to: String) { insert Knows { from: $from, to: $to } }
`;

/**
 * A store whose listings of intents answer only after an intent put has landed; counts those
 * puts, the checks of the lease (HEAD requests) and the deletes of each key.
 */
function listingAfterIntentPut(store: ObjectStore) {
  let landed = () => {};
  const intentLanded = new Promise<void>((resolve) => (landed = resolve));
  const counts = { intentPuts: 0, leaseHeads: 0, deletes: new Map<string, number>() };
  const wrapped: ObjectStore = {
    uri: store.uri,
    get: (key) => store.get(key),
    head: (key) => {
      if (key === GraphKeys.lease) counts.leaseHeads += 1;
      return store.head(key);
    },
    put: async (key, bytes, mode) => {
      const etag = await store.put(key, bytes, mode);
      if (key.startsWith(INTENTS)) {
        counts.intentPuts += 1;
        landed();
      }
      return etag;
    },
    list: async (prefix, options) => {
      if (prefix.startsWith(INTENTS)) await intentLanded;
      return store.list(prefix, options);
    },
    delete: (key) => {
      counts.deletes.set(key, (counts.deletes.get(key) ?? 0) + 1);
      return store.delete(key);
    },
    deleteKeys: (keys) => {
      for (const key of keys) counts.deletes.set(key, (counts.deletes.get(key) ?? 0) + 1);
      return store.deleteKeys(keys);
    },
    deletePrefix: (prefix) => store.deletePrefix(prefix),
    requestCounts: () => store.requestCounts(),
  };
  return { store: wrapped, counts };
}

/** What {@link listingAfterIntentPut} counts. */
type StoreCounts = ReturnType<typeof listingAfterIntentPut>['counts'];

/**
 * Runs `use` on a write context over the graph at `uri`, through {@link listingAfterIntentPut}'s
 * store, then closes it.
 */
async function withContext(
  uri: string,
  use: (ctx: GraphContext, counts: StoreCounts) => Promise<void>,
): Promise<void> {
  const root = await connectGraphRoot(locateGraphRoot(uri, { s3: testSettings().s3 }));
  const { store, counts } = listingAfterIntentPut(root.store);
  const ctx = writeContextOfRoot({ ...root, store });
  try {
    await use(ctx, counts);
  } finally {
    await ctx.lease.close();
    ctx.root.tables.close();
  }
}

/** Runs `use` on two handles of the graph at `uri` whose leases go as soon as a write ends. */
async function withTwoHandles(
  uri: string,
  use: (a: Omnigraph, b: Omnigraph) => Promise<void>,
): Promise<void> {
  const a = await Omnigraph.open(uri, { settings: NO_LINGER });
  const b = await Omnigraph.open(uri, { settings: NO_LINGER });
  try {
    await use(a, b);
  } finally {
    await a.close();
    await b.close();
  }
}

async function namesOf(graph: Omnigraph): Promise<unknown[]> {
  const result = await graph.query({
    query: 'query names() { match { $p: Person } return { $p.name } order { $p.name asc } }',
  });
  return result.rows.map((row) => row['p.name']);
}

/** Failpoints that also report each point reached. */
class ReportingFailpoints extends Failpoints {
  readonly #onReach: (name: string) => void;

  constructor(onReach: (name: string) => void) {
    super([]);
    this.#onReach = onReach;
  }

  override reach(name: string): void {
    super.reach(name);
    this.#onReach(name);
  }
}

/**
 * Appends a person who knows Alice, two tables: the edge's effect starts while the person's
 * runs (`overlapping`), or once it has ended (`in turn`).
 */
async function addPersonWhoKnows(
  ctx: GraphContext,
  name: string,
  order: 'overlapping' | 'in turn',
): Promise<void> {
  let started = () => {};
  const personStarted = new Promise<void>((resolve) => (started = resolve));
  const failpoints = new ReportingFailpoints((point) => {
    if (point === 'mutate.before_table_write') started();
  });
  await runWrite(
    { ...ctx, failpoints },
    {
      kind: 'mutate',
      branch: 'main',
      actor: null,
      prepare: () => Promise.resolve({ tables: ['node:Person', 'edge:Knows'] }),
      apply: async (_plan, session) => {
        const person = (await session.table('node:Person')).append([{ id: name, name, age: 40 }]);
        if (order === 'in turn') await person;
        else await personStarted;
        const knows = (await session.table('edge:Knows')).append([
          { id: `knows-${name}`, src: name, dst: 'Alice', since: null },
        ]);
        await Promise.all([person, knows]);
      },
    },
  );
}

describeOnBackends('a write from an idle lease', (backend) => {
  it('checks the head it knew from an earlier take, and starts over on the stored one when it moved', async () => {
    const graph = await freshGraph(backend, 'write-start-guess', { data: TEST_JSONL });
    await graph.close();
    await withTwoHandles(graph.uri, async (a, b) => {
      await a.mutate({ query: INSERT, name: 'add', params: { name: 'Ann' } });
      const other = await b.mutate({ query: INSERT, name: 'add', params: { name: 'Bob' } });
      // `a` knows the head it published, under a take that has ended since.
      const third = await a.mutate({ query: INSERT, name: 'add', params: { name: 'Cid' } });
      expect(third.commit?.parent_commit_id).toBe(other.commit?.graph_commit_id);
      expect(await namesOf(a)).toEqual(expect.arrayContaining(['Ann', 'Bob', 'Cid']));
    });
  });

  it('rejects a change only on the stored head, not on the head it guessed', async () => {
    const graph = await freshGraph(backend, 'write-start-reject', { data: TEST_JSONL });
    await graph.close();
    await withTwoHandles(graph.uri, async (a, b) => {
      await a.mutate({ query: INSERT, name: 'add', params: { name: 'Ann' } });
      await b.mutate({ query: INSERT, name: 'add', params: { name: 'Zed' } });
      // On the head `a` knows, Zed does not exist: the edge would be an orphan there.
      const edge = await a.mutate({
        query: INSERT,
        name: 'knows',
        params: { from: 'Ann', to: 'Zed' },
      });
      expect(edge.commit).not.toBeNull();
      // And a change the stored head rejects is still rejected.
      await expect(
        a.mutate({ query: INSERT, name: 'knows', params: { from: 'Ann', to: 'Nobody' } }),
      ).rejects.toMatchObject({ code: 'bad_request' });
    });
  });

  it("runs its take's recovery beside its intent, which that recovery leaves alone", async () => {
    const graph = await freshGraph(backend, 'write-start-own-intent', { data: TEST_JSONL });
    await graph.close();
    await withContext(graph.uri, async (ctx, counts) => {
      // The take's listing of intents answers only once this write's intent is on the store.
      const written = await addPerson(ctx, 'Solo');
      expect(written.commit).not.toBeNull();
      expect(counts.intentPuts).toBe(1);
      await ctx.ownIntents.settled();
      expect(await keysUnder(graph.uri, INTENTS)).toEqual([]);
    });
  });

  it("asks storage for the lease once, after its effects; a write that follows relies on the last one's check", async () => {
    const graph = await freshGraph(backend, 'write-start-fence', { data: TEST_JSONL });
    await graph.close();
    await withContext(graph.uri, async (ctx, counts) => {
      // The take proves the lease before the first effect; the last check follows the effects.
      await addPerson(ctx, 'First');
      expect(counts.leaseHeads).toBe(1);
      // The lease is still held: the first write's last check came after its last effect.
      await addPerson(ctx, 'Second');
      expect(counts.leaseHeads).toBe(2);
    });
  });

  it('lets the effects of a write that overlap share the proof before them; one after another asks between', async () => {
    const graph = await freshGraph(backend, 'write-start-tables', { data: TEST_JSONL });
    await graph.close();
    await withContext(graph.uri, async (ctx, counts) => {
      // The edge's effect starts on the take's proof too, the person's still running; the last
      // check follows them.
      await addPersonWhoKnows(ctx, 'Zed', 'overlapping');
      expect(counts.leaseHeads).toBe(1);
      // The second effect starts after the first ended: a check between them asks storage.
      await addPersonWhoKnows(ctx, 'Yan', 'in turn');
      expect(counts.leaseHeads).toBe(3);
    });
    const reopened = await openGraph(graph.uri);
    expect(await namesOf(reopened)).toEqual(expect.arrayContaining(['Yan', 'Zed']));
    await reopened.close();
  });

  it('lets a write that joins the take wait for its recovery, which alone resolves what it finds', async () => {
    const graph = await freshGraph(backend, 'write-start-joined', { data: TEST_JSONL });
    await graph.createBranch({ name: 'side' });
    await graph.close();
    await withContext(graph.uri, async (ctx, counts) => {
      // A writer of `side` that died right after recording its intent.
      const dead = deadIntent('side');
      await writeIntent(ctx.root.store, dead);
      // The write on main takes the lease; the one on side joins that take while its recovery
      // runs, and lists the intents left on side meanwhile.
      const [main, side] = await Promise.all([
        addPerson(ctx, 'OnMain'),
        addPerson(ctx, 'OnSide', 'side'),
      ]);
      expect(main.commit?.graph_branch).toBe('main');
      expect(side.commit?.graph_branch).toBe('side');
      expect(counts.deletes.get(GraphKeys.intent(dead.operation_id))).toBe(1);
      await ctx.ownIntents.settled();
      expect(await keysUnder(graph.uri, INTENTS)).toEqual([]);
    });
    const reopened = await openGraph(graph.uri);
    expect(reopened.recovered).toEqual([]);
    await reopened.close();
  });

  it("lets maintenance validate only once its take's recovery has resolved what it found", async () => {
    const graph = await freshGraph(backend, 'write-start-maintenance', { data: TEST_JSONL });
    await graph.close();
    await withContext(graph.uri, async (ctx) => {
      await writeIntent(ctx.root.store, deadIntent('main'));
      // Maintenance refuses to run while an intent is left; this take's recovery resolves it.
      const outcome = await runMaintenanceWrite(ctx, {
        branch: 'main',
        actor: null,
        operation: 'optimize',
        select: () => [],
        each: () => Promise.resolve(undefined),
      });
      expect(outcome.commit).toBeNull();
      expect(await keysUnder(graph.uri, INTENTS)).toEqual([]);
    });
  });

  it("starts over once its take's recovery resolved a dead writer's intent", async () => {
    const graph = await freshGraph(backend, 'write-start-recovered', { data: TEST_JSONL });
    const before = (await graph.listCommits({ branch: 'main' })).commits[0];
    await graph.close();
    await withContext(graph.uri, async (ctx, counts) => {
      // A writer that died right after recording its intent.
      await writeIntent(ctx.root.store, deadIntent('main'));
      const written = await addPerson(ctx, 'After');
      expect(written.commit?.parent_commit_id).toBe(before?.graph_commit_id);
      // The first intent was dropped when recovery found the dead one: the write started over.
      expect(counts.intentPuts).toBe(3);
      await ctx.ownIntents.settled();
      expect(await keysUnder(graph.uri, INTENTS)).toEqual([]);
    });
  });
});
