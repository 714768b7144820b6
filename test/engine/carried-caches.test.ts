import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { testSettings } from '../helpers/s3-env.js';
import {
  describeOnBackends,
  edgeLine,
  freshGraph,
  LOCAL,
  ndjson,
  removeDataFiles,
  openGraph,
  withoutDataFiles,
  type Backend,
} from './graph-helpers.js';

// Every scalar kind a cached column can carry over, and one it cannot (`since`, a date).
const SCHEMA = `
node Person {
    name: String @key
    age: I32?
    score: F32?
    big: I64?
    ok: Bool?
    ratio: F64?
    born: Date?
}
edge Knows: Person -> Person {
    since: Date?
}
`;

// Reads served by the column cache (a scan of every person, a filter on a column) and by the
// topology index (out- and in-degrees, two hops, and one row per edge).
const QUERIES = `
query people() {
  match { $p: Person }
  return { $p.name, $p.age, $p.score, $p.big, $p.ok, $p.ratio }
}
query older($min: I32) {
  match { $p: Person
    $p.age > $min }
  return { $p.name, $p.score }
}
query friends() {
  match { $p: Person
    $p knows $f }
  return { $p.name, count($f) as friends }
}
query known_by() {
  match { $p: Person
    $q knows $p }
  return { $p.name, count($q) as n }
}
query fof($name: String) {
  match { $p: Person { name: $name }
    $p knows $m
    $m knows $f }
  return { $f.name }
}
query edges() {
  match { $p: Person
    $p $w:knows $f }
  return { $p.name, $f.name, $w.since }
}
query born() {
  match { $p: Person }
  return { $p.name, $p.born }
}
query person($name: String) {
  match { $p: Person { name: $name } }
  return { $p.name, $p.age, $p.score, $p.big, $p.ok, $p.ratio }
}
query friends_of($name: String) {
  match { $p: Person { name: $name }
    $p knows $f }
  return { $f.name, $f.age }
}
query known_by_of($name: String) {
  match { $p: Person { name: $name }
    $q knows $p }
  return { $q.name, $q.score }
}
query befriend($from: String, $to: String) { insert Knows { from: $from, to: $to } }
query unfriend($from: String) { delete Knows where from = $from }
query remove($name: String) { delete Person where name = $name }
query befriend_on($from: String, $to: String, $since: Date) {
  insert Knows { from: $from, to: $to, since: $since }
}
query unfriend_before($before: Date) { delete Knows where since < $before }
query set_age($name: String, $age: I32) { update Person set { age: $age } where name = $name }
query add($name: String, $age: I32?, $score: F32?, $big: I64?, $ok: Bool?, $ratio: F64?) {
  insert Person { name: $name, age: $age, score: $score, big: $big, ok: $ok, ratio: $ratio }
}
`;

const READS = [
  { name: 'people' },
  { name: 'older', params: { min: 25 } },
  { name: 'friends' },
  { name: 'known_by' },
  { name: 'fof', params: { name: 'P0' } },
  { name: 'edges' },
] as const;

const PEOPLE = 12;

function person(i: number): object {
  return {
    type: 'Person',
    data: {
      name: `P${i}`,
      age: 20 + i,
      score: i / 10,
      big: 2 ** 40 + i,
      ok: i % 2 === 0,
      ratio: i / 3,
      born: `19${50 + i}-01-0${1 + (i % 9)}`,
    },
  };
}

/** People P0 … P11; P10 and P11 know nobody and are known by nobody. */
const SEED = ndjson(
  ...Array.from({ length: PEOPLE }, (_, i) => person(i)),
  ...Array.from({ length: 10 }, (_, i) => edgeLine('Knows', `P${i}`, `P${(i + 1) % 10}`)),
  ...Array.from({ length: 10 }, (_, i) => edgeLine('Knows', `P${i}`, `P${(i + 3) % 10}`)),
);

/** One commit each: edges (a parallel one, a self-loop, to people with no edge yet), people. */
const WRITES: readonly ((graph: Omnigraph) => Promise<unknown>)[] = [
  (graph) => befriend(graph, 'P0', 'P1'),
  (graph) => befriend(graph, 'P2', 'P2'),
  (graph) => add(graph, { name: 'Q0', age: 40, score: 0.1, big: 2 ** 50, ok: true, ratio: 0.1 }),
  (graph) => befriend(graph, 'P3', 'P10'),
  (graph) => add(graph, { name: 'Q1' }),
  (graph) => befriend(graph, 'P11', 'Q0'),
  (graph) => add(graph, { name: 'Q2', age: 26, score: 1e-7, big: -3, ok: false, ratio: -1.5 }),
  // Updates and upserts: each written row takes the place of the row it replaces.
  (graph) => setAge(graph, 'P4', 71),
  (graph) => add(graph, { name: 'Q0', age: 41, score: 0.2, big: 1, ok: false, ratio: 0.3 }),
  (graph) => add(graph, { name: 'P5' }),
  // A load in merge mode appends the rows new to the graph as a mutation does.
  (graph) =>
    graph.load({
      data: ndjson(
        { type: 'Person', data: { name: 'L0', age: 33, score: 0.7, big: 9, ok: true, ratio: 2 } },
        { type: 'Person', data: { name: 'P6', age: 66, score: 6.5, big: 6, ok: true, ratio: 6 } },
        edgeLine('Knows', 'L0', 'P1'),
        edgeLine('Knows', 'Q1', 'L0'),
      ),
      mode: 'merge',
    }),
];

async function readAll(
  graph: Omnigraph,
  reads: readonly { name: string; params?: Record<string, unknown> }[] = READS,
  branch = 'main',
) {
  const results = [];
  for (const read of reads)
    results.push((await graph.query({ query: QUERIES, ...read, branch })).rows);
  return results;
}

function befriend(graph: Omnigraph, from: string, to: string) {
  return graph.mutate({ query: QUERIES, name: 'befriend', params: { from, to } });
}

function setAge(graph: Omnigraph, name: string, age: number) {
  return graph.mutate({ query: QUERIES, name: 'set_age', params: { name, age } });
}

function add(graph: Omnigraph, params: Record<string, unknown>) {
  return graph.mutate({ query: QUERIES, name: 'add', params });
}

/** What the read caches hold (all of them, or one) once the read `name` ran, in bytes. */
async function cachedBytes(
  graph: Omnigraph,
  name: string,
  cache?: 'columns' | 'topology',
): Promise<number> {
  const read = await graph.query({ query: QUERIES, name }, { profile: true });
  const caches = read.profile?.caches;
  return (cache === undefined ? caches?.used_bytes : caches?.caches[cache]?.bytes) ?? 0;
}

/** What a handle with no cache reads at the branch head. */
async function freshReads(graph: Omnigraph, branch = 'main'): Promise<unknown[]> {
  const fresh = await openGraph(graph.uri, 'read-only');
  try {
    return await readAll(fresh, READS, branch);
  } finally {
    await fresh.close();
  }
}

describeOnBackends('read caches carried over appended rows', (backend: Backend) => {
  it('reads after each insert what a fresh handle reads', async () => {
    const graph = await freshGraph(backend, 'carried-caches', { schema: SCHEMA, data: SEED });
    await readAll(graph);
    for (const write of WRITES) {
      await write(graph);
      expect(await readAll(graph)).toEqual(await freshReads(graph));
    }
    // Writes with no read in between are carried over together.
    await befriend(graph, 'P4', 'P5');
    await add(graph, { name: 'Q3', age: 50 });
    await setAge(graph, 'Q3', 51);
    await befriend(graph, 'P5', 'Q3');
    await add(graph, { name: 'Q4', score: 2.5 });
    await setAge(graph, 'P7', 17);
    expect(await readAll(graph)).toEqual(await freshReads(graph));
    // A column no write could carry over is read from the table, whose order the updates
    // changed (Lance moves a rewritten row after the others).
    const born = (graph: Omnigraph) => graph.query({ query: QUERIES, name: 'born' });
    const fresh = await openGraph(graph.uri, 'read-only');
    expect((await born(graph)).rows).toEqual((await born(fresh)).rows);
    await fresh.close();
    await graph.close();
  });
});

describe('key lookups and short walks right after a write', () => {
  const LOOKUPS = ['Q0', 'P4', 'P1'].flatMap((name) =>
    ['person', 'friends_of', 'known_by_of', 'fof'].map((query) => ({
      name: query,
      params: { name },
    })),
  );

  it('read the version before and the rows the write made or removed, not the tables', async () => {
    const created = await freshGraph(LOCAL, 'carried-lookups', { schema: SCHEMA, data: SEED });
    await created.close();
    // Walks from more than two nodes build the topology index; a walk from one after an edge
    // write never pays for extending it (on this graph of 20 edges, any walk would).
    const graph = await Omnigraph.open(created.uri, {
      settings: testSettings({ traversal: { indexedMaxFrontier: 2, csrBuildFactor: 1e-9 } }),
    });
    const root = fileURLToPath(graph.uri);
    await readAll(graph);
    // An update, an insert, edges to and from it, an edge delete, an upsert, a delete: each read
    // after.
    // A walk after an edge write reads the index before it and the edges written (`carried`);
    // after a person's, the index it kept (`csr`).
    const writes = [
      { write: () => setAge(graph, 'P4', 71), walk: 'csr' },
      {
        write: () => add(graph, { name: 'Q0', age: 40, score: 0.5, big: 7, ok: true, ratio: 0.25 }),
        walk: 'csr',
      },
      { write: () => befriend(graph, 'P4', 'Q0'), walk: 'carried' },
      { write: () => befriend(graph, 'Q0', 'P1'), walk: 'carried' },
      {
        write: () => graph.mutate({ query: QUERIES, name: 'unfriend', params: { from: 'P1' } }),
        walk: 'carried',
      },
      { write: () => add(graph, { name: 'P4', age: 72, ratio: 0.5 }), walk: 'csr' },
      // Q0 goes, with the edges to and from them; P1 then gets a new friend.
      {
        write: () => graph.mutate({ query: QUERIES, name: 'remove', params: { name: 'Q0' } }),
        walk: 'carried',
      },
      { write: () => befriend(graph, 'P1', 'P4'), walk: 'carried' },
    ];
    const fresh = await openGraph(graph.uri, 'read-only');
    for (const { write, walk: strategy } of writes) {
      await write();
      const expected = await readAll(fresh, LOOKUPS);
      const walk = await withoutDataFiles(root, async () => {
        const first = await graph.query(
          { query: QUERIES, name: 'friends_of', params: { name: 'P1' } },
          { profile: true },
        );
        expect(await readAll(graph, LOOKUPS)).toEqual(expected);
        return first;
      });
      expect(walk.profile?.plan.children.map((stage) => stage.strategy)).toContain(strategy);
    }
    await fresh.close();
    await graph.close();
  });
});

describeOnBackends('columns carried over as reads ask for them', (backend: Backend) => {
  it('makes a column from the last version holding it and every write since', async () => {
    const graph = await freshGraph(backend, 'carried-lazily', { schema: SCHEMA, data: SEED });
    await readAll(graph);
    // Upserts and inserts check keys without reading a column (an update's lookup would read
    // them all), so the read between carries over names, ages and scores only.
    await add(graph, { name: 'P4', age: 71, score: 4.5, big: 4, ok: false, ratio: 4.5 });
    await add(graph, { name: 'Q0', age: 40, score: 0.1, big: 7, ok: true, ratio: 0.5 });
    await readAll(graph, [{ name: 'older', params: { min: 25 } }]);
    await add(graph, { name: 'P6', age: 72, big: 6, ok: true, ratio: 6.5 });
    await add(graph, { name: 'Q1', age: 41, big: 8, ok: false, ratio: 1.5 });
    // The other columns come from the version read first, with both writes' rows.
    expect(await readAll(graph)).toEqual(await freshReads(graph));
    await graph.close();
  });
});

describeOnBackends('topology carried over under the cache budget', (backend: Backend) => {
  it('counts the adjacency an extended index shares with the one it extends once', async () => {
    // Many edges among few people: the adjacency arrays are most of an index's bytes.
    const edges = Array.from({ length: 3000 }, (_, i) =>
      edgeLine('Knows', `P${i % 10}`, `P${(i * 7 + 3) % 10}`),
    );
    const seed = ndjson(...Array.from({ length: PEOPLE }, (_, i) => person(i)), ...edges);
    const graph = await freshGraph(backend, 'carried-shared', { schema: SCHEMA, data: seed });
    const topologyBytes = () => cachedBytes(graph, 'friends', 'topology');
    const built = await topologyBytes();
    expect(built).toBeGreaterThan(3000 * 4 * 4);
    await befriend(graph, 'P10', 'P11');
    // Both versions' indexes are held; the new one adds its own arrays, not the shared ones.
    const extended = await topologyBytes();
    expect(extended).toBeGreaterThan(built);
    expect(extended).toBeLessThan(built * 1.5);
    await graph.close();
  });
});

describeOnBackends('columns carried over under the cache budget', (backend: Backend) => {
  it('counts the ids and id index versions share once', async () => {
    const names = Array.from({ length: 5000 }, (_, i) => `P${String(i).padStart(4, '0')}`);
    const seed = ndjson(...names.map((name) => ({ type: 'Person', data: { name, age: 30 } })));
    const graph = await freshGraph(backend, 'carried-shared-ids', { schema: SCHEMA, data: seed });
    const columnBytes = () => cachedBytes(graph, 'born', 'columns');
    const first = await columnBytes();
    // Upserts keep every id: the version read last shares the first one's ids and index, and
    // reads its dates (a column no write carries over) from the table.
    for (const age of [41, 42, 43, 44]) await add(graph, { name: 'P0001', age });
    const after = await columnBytes();
    expect(after).toBeGreaterThan(first);
    expect(after).toBeLessThan(first * 1.5);
    await graph.close();
  });
});

describeOnBackends('read caches of a deleted branch', (backend: Backend) => {
  it('drops what the caches hold of the branch once it is deleted', async () => {
    const graph = await freshGraph(backend, 'deleted-branch', { schema: SCHEMA, data: SEED });
    const held = () => cachedBytes(graph, 'people');
    await readAll(graph);
    const before = await held();
    await graph.createBranch({ name: 'side', from: 'main' });
    const onSide = { query: QUERIES, branch: 'side' } as const;
    await graph.mutate({ ...onSide, name: 'add', params: { name: 'S0', age: 5 } });
    await graph.mutate({ ...onSide, name: 'befriend', params: { from: 'S0', to: 'P1' } });
    await readAll(graph, READS, 'side');
    expect(await held()).toBeGreaterThan(before);
    await graph.deleteBranch('side');
    expect(await held()).toBe(before);
    expect(await readAll(graph)).toEqual(await freshReads(graph));
    await graph.close();
  });
});

describeOnBackends('id order carried over inserts', (backend: Backend) => {
  // Enough people that results in id order are placed by the image's cached id ranks.
  const MANY = 5000;
  const names = Array.from({ length: MANY }, (_, i) => `P${String(i).padStart(4, '0')}`);
  const seed = ndjson(...names.map((name) => ({ type: 'Person', data: { name, age: 30 } })));

  it('orders rows by id after inserts before, among and after the ids held', async () => {
    const graph = await freshGraph(backend, 'carried-ranks', { schema: SCHEMA, data: seed });
    const people = async (handle: Omnigraph) =>
      (await handle.query({ query: QUERIES, name: 'people' })).rows.map((row) => row['p.name']);
    expect(await people(graph)).toEqual(names);
    await add(graph, { name: 'A0', age: 1 });
    expect(await people(graph)).toEqual(['A0', ...names]);
    // Two inserts with no read between: ranked together against the version read last.
    await add(graph, { name: 'P2500a', age: 2 });
    await add(graph, { name: 'Z0', age: 3 });
    const expected = ['A0', ...names.slice(0, 2501), 'P2500a', ...names.slice(2501), 'Z0'];
    expect(await people(graph)).toEqual(expected);
    // An update keeps the ranks of the ids it kept.
    await setAge(graph, 'P0001', 99);
    expect(await people(graph)).toEqual(expected);
    const fresh = await openGraph(graph.uri, 'read-only');
    expect(await readAll(graph)).toEqual(await readAll(fresh));
    await fresh.close();
    await graph.close();
  });
});

describeOnBackends('read caches carried over to a branch', (backend: Backend) => {
  it('reads on the branch and on main what a fresh handle reads', async () => {
    const graph = await freshGraph(backend, 'carried-branch', { schema: SCHEMA, data: SEED });
    await readAll(graph);
    await graph.createBranch({ name: 'side', from: 'main' });
    // The branch's first writes start from main's cached versions.
    const onSide = { query: QUERIES, branch: 'side' } as const;
    await graph.mutate({ ...onSide, name: 'set_age', params: { name: 'P1', age: 81 } });
    await graph.mutate({ ...onSide, name: 'add', params: { name: 'S0', age: 5 } });
    await graph.mutate({ ...onSide, name: 'befriend', params: { from: 'S0', to: 'P1' } });
    expect(await readAll(graph, READS, 'side')).toEqual(await freshReads(graph, 'side'));
    await setAge(graph, 'P1', 82);
    expect(await readAll(graph)).toEqual(await freshReads(graph));
    expect(await readAll(graph, READS, 'side')).toEqual(await freshReads(graph, 'side'));
    await graph.close();
  });
});

describeOnBackends('keyed inserts checked against the ids the caches hold', (backend: Backend) => {
  it('inserts new keys and upserts held ones as a fresh handle does', async () => {
    const graph = await freshGraph(backend, 'held-ids', { schema: SCHEMA, data: SEED });
    await readAll(graph);
    await add(graph, { name: 'Q0', age: 40 });
    // Q0 is held by the rows the last write appended, P3 by the version cached before it.
    await add(graph, { name: 'Q0', age: 41 });
    await add(graph, { name: 'P3', age: 99 });
    // An update keeps the ids: P5 is held by the version before it.
    await graph.mutate({ query: QUERIES, name: 'set_age', params: { name: 'P5', age: 77 } });
    await add(graph, { name: 'P5', age: 78 });
    await befriend(graph, 'Q0', 'P3');
    const rows = (await graph.query({ query: QUERIES, name: 'people' })).rows;
    expect(rows).toHaveLength(PEOPLE + 1);
    expect(rows.filter((row) => row['p.name'] === 'Q0')).toMatchObject([{ 'p.age': 41 }]);
    expect(rows.filter((row) => row['p.name'] === 'P3')).toMatchObject([{ 'p.age': 99 }]);
    expect(rows.filter((row) => row['p.name'] === 'P5')).toMatchObject([{ 'p.age': 78 }]);
    expect(await readAll(graph)).toEqual(await freshReads(graph));
    await graph.close();
  });
});

describe('read caches carried over appended rows (no table read)', () => {
  it('checks the keys and endpoints of inserts without reading the tables', async () => {
    const graph = await freshGraph(LOCAL, 'held-ids-no-read', { schema: SCHEMA, data: SEED });
    await readAll(graph);
    await removeDataFiles(fileURLToPath(graph.uri));
    // The new key is checked against the cached ids; the edge's endpoints against those and
    // the rows the insert appended. Any Lance read of the tables would fail.
    await add(graph, { name: 'Q0', age: 40 });
    await befriend(graph, 'P1', 'Q0');
    await add(graph, { name: 'Q1', age: 41 });
    await befriend(graph, 'Q1', 'Q0');
    const friends = await graph.query({ query: QUERIES, name: 'friends' });
    expect(friends.rows).toContainEqual({ 'p.name': 'Q1', friends: 1n });
    await graph.close();
  });

  it('checks them against the ids an update kept, without reading the tables', async () => {
    const graph = await freshGraph(LOCAL, 'held-ids-update', { schema: SCHEMA, data: SEED });
    await readAll(graph);
    // The update reads and rewrites P3's row; the version it makes holds the same ids.
    await graph.mutate({ query: QUERIES, name: 'set_age', params: { name: 'P3', age: 70 } });
    await removeDataFiles(fileURLToPath(graph.uri));
    await add(graph, { name: 'Q0', age: 40 });
    await befriend(graph, 'P3', 'Q0');
    await graph.close();
  });

  it('carries the caches over deletes, without reading the tables', async () => {
    const graph = await freshGraph(LOCAL, 'carried-removal', { schema: SCHEMA, data: SEED });
    await readAll(graph);
    const mutate = (name: string, params: Record<string, string>) =>
      graph.mutate({ query: QUERIES, name, params });
    // Edges from P1; P4 and P6 and the edges to and from them (one removal from the version
    // before the other's, no read between); a new person; a new edge; the parallel P0 -> P1 pair.
    await mutate('unfriend', { from: 'P1' });
    await mutate('remove', { name: 'P4' });
    await mutate('remove', { name: 'P6' });
    await add(graph, { name: 'Q0', age: 40, score: 0.5, big: 3, ok: true, ratio: 0.25 });
    await befriend(graph, 'P5', 'P11');
    await befriend(graph, 'P0', 'P1');
    await mutate('unfriend', { from: 'P0' });
    const expected = await freshReads(graph);
    // Every data file of every table goes: only what this handle holds can answer (the persons
    // without P4 and P6, the topology without the edges removed). The rows of each edge read the edge
    // table, so that read (the last) is left out.
    await removeDataFiles(fileURLToPath(graph.uri));
    expect(await readAll(graph, READS.slice(0, -1))).toEqual(expected.slice(0, -1));
    await graph.close();
  });

  it('updates and deletes by key right after a delete, rows found among the cached ones', async () => {
    // Every column of these persons can be cached: a write's lookup by key on a version a delete
    // carried over takes the rows of that key from the cached image (see CachedWriteLookups).
    const graph = await freshGraph(LOCAL, 'carried-removal-writes', {
      schema: 'node Person {\n    name: String @key\n    age: I32?\n    nick: String?\n}',
      data: ndjson(
        ...Array.from({ length: 6 }, (_, i) => ({
          type: 'Person',
          data: { name: `P${i}`, age: 20 + i, nick: i % 2 === 0 ? `n${i}` : null },
        })),
      ),
    });
    const run = (query: string, params: Record<string, unknown>) => graph.mutate({ query, params });
    const people = `query people() { match { $p: Person } return { $p.name, $p.age, $p.nick } order { $p.name asc } }`;
    expect((await graph.query({ query: people })).row_count).toBe(6);
    await run('query r($n: String) { delete Person where name = $n }', { n: 'P1' });
    await run('query u($n: String, $a: I32) { update Person set { age: $a } where name = $n }', {
      n: 'P2',
      a: 70,
    });
    await run('query r($n: String) { delete Person where name = $n }', { n: 'P3' });
    await run('query u($n: String, $a: I32) { update Person set { age: $a } where name = $n }', {
      n: 'P4',
      a: 71,
    });
    // A key no one holds any more matches nothing.
    await run('query r($n: String) { delete Person where name = $n }', { n: 'P1' });
    const expected = [
      { 'p.name': 'P0', 'p.age': 20, 'p.nick': 'n0' },
      { 'p.name': 'P2', 'p.age': 70, 'p.nick': 'n2' },
      { 'p.name': 'P4', 'p.age': 71, 'p.nick': 'n4' },
      { 'p.name': 'P5', 'p.age': 25, 'p.nick': null },
    ];
    expect((await graph.query({ query: people })).rows).toEqual(expected);
    const fresh = await openGraph(graph.uri, 'read-only');
    expect((await fresh.query({ query: people })).rows).toEqual(expected);
    await fresh.close();
    await graph.close();
  });

  for (const outcome of ['merged', 'fast_forward'] as const) {
    it(`carries the caches over the deletes of a merge (${outcome}), without reading the tables`, async () => {
      const graph = await freshGraph(LOCAL, `carried-merge-removal-${outcome}`, {
        schema: SCHEMA,
        data: SEED,
      });
      await graph.createBranch({ name: 'side', from: 'main' });
      const onSide = (name: string, params: Record<string, string>) =>
        graph.mutate({ query: QUERIES, name, params, branch: 'side' });
      await onSide('unfriend', { from: 'P1' });
      await onSide('remove', { name: 'P4' });
      // Main moving too makes the merge three-way; either way it deletes what the side deleted.
      if (outcome === 'merged') await add(graph, { name: 'Q0', age: 40 });
      await readAll(graph);
      expect((await graph.mergeBranch({ source: 'side' })).outcome).toBe(outcome);
      const expected = await freshReads(graph);
      // Only what this handle holds can answer: the persons without P4, the topology without
      // the edges the side removed. The rows of each edge read the edge table: left out.
      await removeDataFiles(fileURLToPath(graph.uri));
      expect(await readAll(graph, READS.slice(0, -1))).toEqual(expected.slice(0, -1));
      await graph.close();
    });
  }

  it('reads what a fresh handle reads after a delete of an edge the commit inserted', async () => {
    const graph = await freshGraph(LOCAL, 'carried-removal-own', { schema: SCHEMA, data: SEED });
    const mutate = (name: string, params: Record<string, string>) =>
      graph.mutate({ query: QUERIES, name, params });
    await mutate('befriend_on', { from: 'P10', to: 'P11', since: '2020-01-01' });
    await mutate('befriend_on', { from: 'P10', to: 'P11', since: '2021-01-01' });
    await readAll(graph);
    // Three writes at once: the first commits alone, the other two together (group commit).
    // The delete matches the 2020 edge and the 2019 one inserted before it in the same commit,
    // not the 2021 one: two P10 -> P11 edges by their endpoints, as many as the table holds, of
    // which Lance deletes one row.
    await Promise.all([
      befriend(graph, 'P8', 'P9'),
      mutate('befriend_on', { from: 'P10', to: 'P11', since: '2019-01-01' }),
      mutate('unfriend_before', { before: '2020-06-01' }),
    ]);
    expect(await readAll(graph)).toEqual(await freshReads(graph));
    await graph.close();
  });

  it('reads the new versions without reading their rows', async () => {
    const graph = await freshGraph(LOCAL, 'carried-no-read', { schema: SCHEMA, data: SEED });
    await readAll(graph);
    await befriend(graph, 'P3', 'P10');
    await add(graph, { name: 'Q0', age: 40, score: 0.1, big: 7, ok: true, ratio: 0.5 });
    await setAge(graph, 'P2', 72);
    await add(graph, { name: 'Q0', age: 42, score: 0.4, big: 8, ok: false, ratio: 1.5 });
    await graph.load({
      data: ndjson(
        { type: 'Person', data: { name: 'L0', age: 33 } },
        edgeLine('Knows', 'L0', 'Q0'),
      ),
      mode: 'merge',
    });
    // A fast-forward merge appends the branch's new rows to main's tables.
    await graph.createBranch({ name: 'side', from: 'main' });
    await graph.mutate({
      query: QUERIES,
      name: 'add',
      branch: 'side',
      params: { name: 'S0', age: 61, ok: false },
    });
    await graph.mutate({
      query: QUERIES,
      name: 'befriend',
      branch: 'side',
      params: { from: 'S0', to: 'P2' },
    });
    expect((await graph.mergeBranch({ source: 'side' })).outcome).toBe('fast_forward');
    const expected = await freshReads(graph);
    // Every data file of every table goes: only what this handle holds can answer. The rows of
    // each edge read its edge ids and dates from the table, so that read (the last) is left out.
    await removeDataFiles(fileURLToPath(graph.uri));
    expect(await readAll(graph, READS.slice(0, -1))).toEqual(expected.slice(0, -1));
    await graph.close();
  });
});
