import { describe, expect, it } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import { markAbsentKeys } from '../../src/engine/mutation/absent-keys.js';
import { PendingChanges } from '../../src/engine/mutation/pending-changes.js';
import { runWrite } from '../../src/engine/protocol/graph-writer.js';
import type { SessionTable } from '../../src/engine/protocol/write-session.js';
import { CREATED_AT_VERSION, type WriteOutcome } from '../../src/engine/lance/index.js';
import {
  describeOnBackends,
  edgeLine,
  edgesOf,
  freshGraph,
  ndjson,
  nodesOf,
  personLine,
} from './graph-helpers.js';
import { writeContextOf } from './write-context.js';

const QUERIES = `
query add($name: String, $age: I32?) { insert Person { name: $name, age: $age } }
query add_two($a: String, $b: String) {
  insert Person { name: $a, age: 1 }
  insert Person { name: $b, age: 2 }
}
query befriend($from: String, $to: String) { insert Knows { from: $from, to: $to } }
query set_age($name: String, $age: I32) { update Person set { age: $age } where name = $name }
`;

const SEED = ndjson(
  personLine('Alice', 30),
  personLine('Bob', 25),
  edgeLine('Knows', 'Alice', 'Bob'),
);

function mutate(graph: Omnigraph, name: string, params: Record<string, unknown>) {
  return graph.mutate({ query: QUERIES, name, params });
}

/** Rows Lance holds in a table at the branch head: a duplicated id would count twice. */
async function rowCount(graph: Omnigraph, tableKey: string): Promise<number> {
  return (await (await graph.resolve()).reader(tableKey)).count();
}

describe('ids an insert knows to be new', () => {
  const row = (id: string) => ({ id });

  it('generated ids are absent from the base; keyed ids are looked up, through forks', () => {
    const batch = PendingChanges.empty();
    const first = batch.fork();
    first.upsert('edge:Knows', row('e1'), 'generated');
    first.upsert('node:Person', row('Zed'), 'keyed');
    batch.absorb(first);
    const second = batch.fork();
    // An update of the pending edge keeps it new; a deleted keyed insert is not written at all.
    second.upsert('edge:Knows', { id: 'e1', since: 1 });
    second.upsert('node:Person', row('Yan'), 'keyed');
    second.delete('node:Person', 'Zed');
    expect([...(second.changeSet().get('edge:Knows')?.absent ?? [])]).toEqual(['e1']);
    expect(second.keyedInserts()).toEqual(new Map([['node:Person', ['Yan']]]));
    expect(batch.keyedInserts()).toEqual(new Map([['node:Person', ['Zed']]]));
  });
});

describeOnBackends('appending rows new to the base', (backend) => {
  const row = (id: string) => ({ id });

  it('marks exactly the keyed inserts the base does not hold', async () => {
    const graph = await freshGraph(backend, 'absent-keys', { data: SEED });
    const base = await graph.resolve();
    const pending = PendingChanges.empty();
    pending.upsert('node:Person', row('Alice'), 'keyed');
    pending.upsert('node:Person', row('Zed'), 'keyed');
    const marked = await markAbsentKeys(base, pending.changeSet(), pending.keyedInserts());
    expect([...(marked.get('node:Person')?.absent ?? [])]).toEqual(['Zed']);
    await graph.close();
  });

  it('a mutation adding one key and replacing another leaves one row per key', async () => {
    const graph = await freshGraph(backend, 'append-mixed', { data: SEED });
    const result = await mutate(graph, 'add_two', { a: 'Alice', b: 'Zed' });
    expect(result.affected_nodes).toBe(2);
    expect(await rowCount(graph, 'node:Person')).toBe(3);
    const people = await nodesOf(graph, 'Person');
    expect(people.Alice?.age).toBe(1);
    expect(people.Zed?.age).toBe(2);
    await graph.close();
  });

  it('concurrent callers inserting one new key write it once, the last caller winning', async () => {
    const graph = await freshGraph(backend, 'append-batch', { data: SEED });
    await Promise.all([
      mutate(graph, 'add', { name: 'Zed', age: 1 }),
      mutate(graph, 'add', { name: 'Zed', age: 2 }),
      mutate(graph, 'befriend', { from: 'Bob', to: 'Alice' }),
      mutate(graph, 'befriend', { from: 'Bob', to: 'Alice' }),
    ]);
    expect(await rowCount(graph, 'node:Person')).toBe(3);
    expect((await nodesOf(graph, 'Person')).Zed?.age).toBe(2);
    expect(await edgesOf(graph, 'Knows')).toEqual(['Alice->Bob', 'Bob->Alice', 'Bob->Alice']);
    // The key written by an append is a key like any other: inserting it again replaces it.
    await mutate(graph, 'add', { name: 'Zed', age: 3 });
    expect(await rowCount(graph, 'node:Person')).toBe(3);
    expect((await nodesOf(graph, 'Person')).Zed?.age).toBe(3);
    await graph.close();
  });
});

describeOnBackends('readers of the versions a write publishes', (backend) => {
  it('are opened ahead for the tables read at their previous version only', async () => {
    const graph = await freshGraph(backend, 'reader-warmup', { data: SEED });
    const ctx = await writeContextOf(graph.uri);
    const before = await ctx.snapshotOf((await graph.resolve()).commit.graph_commit_id);
    // Read Person at the base, as a write's lookups do; Knows is not read.
    await before.reader('node:Person');
    const outcome = await runWrite(ctx, {
      kind: 'mutate',
      branch: 'main',
      actor: null,
      prepare: () => Promise.resolve({ tables: ['edge:Knows', 'node:Person'] }),
      apply: async (_plan, session) => {
        await (await session.table('node:Person')).append([{ id: 'Zed', name: 'Zed', age: 9 }]);
        await (
          await session.table('edge:Knows')
        ).append([{ id: 'k9', src: 'Zed', dst: 'Bob', since: null }]);
      },
    });
    const tables = outcome.commit?.manifest.tables ?? {};
    const person = tables['node:Person'];
    const knows = tables['edge:Knows'];
    if (!person || !knows) throw new Error('the write published no Person or Knows version');
    expect(person.version).toBeGreaterThan(before.entry('node:Person').version);
    expect(ctx.root.tables.hasReader(person.table, person)).toBe(true);
    expect(ctx.root.tables.hasReader(knows.table, knows)).toBe(false);
    ctx.root.tables.close();
    await graph.close();
  });
});

describeOnBackends('one row written by id', (backend) => {
  /** Runs one write that hands the session table of `key` to `write`. */
  async function writeOne(
    graph: Omnigraph,
    key: string,
    write: (table: SessionTable) => Promise<WriteOutcome>,
  ): Promise<WriteOutcome> {
    const ctx = await writeContextOf(graph.uri);
    let outcome: WriteOutcome | undefined;
    try {
      await runWrite(ctx, {
        kind: 'mutate',
        branch: 'main',
        actor: null,
        prepare: () => Promise.resolve({ tables: [key] }),
        apply: async (_plan, session) => {
          outcome = await write(await session.table(key));
        },
      });
    } finally {
      ctx.root.tables.close();
    }
    if (outcome === undefined) throw new Error('the write did not run');
    return outcome;
  }

  /** Each id of a table with the version that created its row. */
  async function createdAt(graph: Omnigraph, key: string): Promise<Record<string, bigint>> {
    const reader = await (await graph.resolve()).reader(key);
    const rows = await reader.scan({ columns: ['id', CREATED_AT_VERSION] });
    return Object.fromEntries(
      rows.map((row) => [String(row.id), BigInt(String(row[CREATED_AT_VERSION]))]),
    );
  }

  it('replaces the row with its id whole, in place', async () => {
    const graph = await freshGraph(backend, 'upsert-one-replace', { data: SEED });
    const before = await createdAt(graph, 'node:Person');
    // No `age`: the row is replaced whole, so Alice's age is null, as a merge insert leaves it.
    const outcome = await writeOne(graph, 'node:Person', (table) =>
      table.mergeInsert([{ id: 'Alice', name: 'Alice' }]),
    );
    expect(outcome).toMatchObject({ inserted: 0, updated: 1, deleted: 0 });
    expect(await rowCount(graph, 'node:Person')).toBe(2);
    expect((await nodesOf(graph, 'Person')).Alice?.age).toBeNull();
    // Updated where it is, not deleted and appended again: the row keeps its creation stamp.
    expect(await createdAt(graph, 'node:Person')).toEqual(before);
    await graph.close();
  });

  it('appends a row whose id the table does not hold', async () => {
    const graph = await freshGraph(backend, 'upsert-one-append', { data: SEED });
    const outcome = await writeOne(graph, 'node:Person', (table) =>
      table.mergeInsert([{ id: 'Zed', name: 'Zed', age: 7 }]),
    );
    expect(outcome).toMatchObject({ inserted: 1, updated: 0, deleted: 0 });
    expect(await rowCount(graph, 'node:Person')).toBe(3);
    expect((await nodesOf(graph, 'Person')).Zed?.age).toBe(7);
    await graph.close();
  });

  it('a single-row update mutation reads back through the caches and the history', async () => {
    const graph = await freshGraph(backend, 'upsert-one-mutation', { data: SEED });
    await graph.query({
      query: 'query ages() { match { $p: Person } return { $p.name, $p.age } }',
    });
    const result = await mutate(graph, 'set_age', { name: 'Bob', age: 26 });
    expect(result.affected_nodes).toBe(1);
    const read = await graph.query({
      query: 'query ages() { match { $p: Person } return { $p.name, $p.age } order { $p.name } }',
    });
    expect(read.rows).toEqual([
      { 'p.name': 'Alice', 'p.age': 30 },
      { 'p.name': 'Bob', 'p.age': 26 },
    ]);
    expect(await rowCount(graph, 'node:Person')).toBe(2);
    await graph.close();
  });
});
