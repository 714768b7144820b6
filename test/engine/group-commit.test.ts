import { beforeEach, describe, expect, it } from 'vitest';
import type { ChangeOutput, MutateOptions } from '../../src/api/index.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import { PendingChanges } from '../../src/engine/mutation/pending-changes.js';
import { isOmniError } from '../../src/util/index.js';
import {
  type Backend,
  describeOnBackends,
  edgeLine,
  edgesOf,
  freshGraph,
  ndjson,
  nodesOf,
} from './graph-helpers.js';

const SCHEMA = `
node Person {
  name: String @key
  age: I32?
  email: String? @unique
}
edge Knows: Person -> Person
`;

const SEED = ndjson(
  { type: 'Person', data: { name: 'Alice', age: 30 } },
  { type: 'Person', data: { name: 'Bob', age: 25 } },
  edgeLine('Knows', 'Alice', 'Bob'),
);

const QUERIES = `
query add($name: String, $email: String?) { insert Person { name: $name, email: $email } }
query befriend($from: String, $to: String) { insert Knows { from: $from, to: $to } }
query set_age($name: String, $age: I32) { update Person set { age: $age } where name = $name }
query remove($name: String) { delete Person where name = $name }
`;

/** One mutation call of the test: a query of {@link QUERIES}, its params and options. */
interface Call {
  readonly name: string;
  readonly params: Record<string, unknown>;
  readonly options?: MutateOptions;
}

const add = (name: string, email: string | null = null, options?: MutateOptions): Call => ({
  name: 'add',
  params: { name, email },
  ...(options === undefined ? {} : { options }),
});

function mutate(graph: Omnigraph, call: Call): Promise<ChangeOutput> {
  return graph.mutate({ query: QUERIES, name: call.name, params: call.params }, call.options);
}

/**
 * Starts every call in the same tick, so that all of them queue behind the branch while the
 * first one's write runs, and waits for each to settle.
 */
function concurrently(graph: Omnigraph, calls: readonly Call[]) {
  return Promise.allSettled(calls.map((call) => mutate(graph, call)));
}

/** The result of a call that must have succeeded. */
function value(settled: PromiseSettledResult<ChangeOutput>): ChangeOutput {
  if (settled.status === 'rejected') throw settled.reason;
  return settled.value;
}

/** The commit id a successful call got (undefined for none). */
function commitOf(settled: PromiseSettledResult<ChangeOutput>): string | undefined {
  return value(settled).commit?.graph_commit_id;
}

async function commitIds(graph: Omnigraph): Promise<string[]> {
  return (await graph.listCommits()).commits.map((c) => c.graph_commit_id);
}

/** What a failed call threw, as comparable fields (an OmniError is required). */
function failure(settled: PromiseSettledResult<ChangeOutput>) {
  if (settled.status === 'fulfilled')
    throw new Error(`expected a failure, got ${JSON.stringify(settled.value)}`);
  const error: unknown = settled.reason;
  if (!isOmniError(error)) throw error;
  return { code: error.code, message: error.message, details: error.details };
}

/** The error of `call` run alone after `before`, one commit each, on a fresh graph. */
async function aloneAfter(backend: Backend, before: readonly Call[], call: Call) {
  const graph = await freshGraph(backend, 'gc-alone', { schema: SCHEMA, data: SEED });
  try {
    for (const earlier of before) await mutate(graph, earlier);
    const [settled] = await Promise.allSettled([mutate(graph, call)]);
    return failure(settled);
  } finally {
    await graph.close();
  }
}

describeOnBackends('group commit', (backend) => {
  let graph: Omnigraph;
  beforeEach(async () => {
    graph = await freshGraph(backend, 'group-commit', { schema: SCHEMA, data: SEED });
    return () => graph.close();
  });

  it('publishes 16 concurrent inserts in fewer commits, each caller with its own result', async () => {
    const before = await commitIds(graph);
    const names = Array.from({ length: 16 }, (_, i) => `P${String(i).padStart(2, '0')}`);
    const settled = await concurrently(
      graph,
      names.map((name) => add(name, `${name}@example.com`)),
    );
    const after = await commitIds(graph);
    const published = after.filter((id) => !before.includes(id));
    expect(published.length).toBeGreaterThan(0);
    expect(published.length).toBeLessThan(16);
    const byCommit = new Map<string, string[]>();
    settled.forEach((result, i) => {
      expect(value(result)).toMatchObject({ query_name: 'add', affected_nodes: 1 });
      const id = commitOf(result);
      expect(id).toBeDefined();
      byCommit.set(id!, [...(byCommit.get(id!) ?? []), names[i]!]);
    });
    // Every new commit is some callers', and holds exactly their rows.
    expect([...byCommit.keys()].sort()).toEqual([...published].sort());
    for (const [id, callers] of byCommit) {
      const { changes } = await graph.commitChanges(id);
      expect(changes.map((c) => c.id).sort()).toEqual([...callers].sort());
    }
    expect(Object.keys(await nodesOf(graph, 'Person')).sort()).toEqual(
      ['Alice', 'Bob', ...names].sort(),
    );
  });

  it('evaluates each caller over the changes of those before it', async () => {
    const settled = await concurrently(graph, [
      add('Head'),
      add('Nia'),
      { name: 'befriend', params: { from: 'Alice', to: 'Nia' } },
      { name: 'set_age', params: { name: 'Nia', age: 7 } },
      { name: 'remove', params: { name: 'Bob' } },
    ]);
    expect(settled.map((r) => value(r).query_name)).toEqual([
      'add',
      'add',
      'befriend',
      'set_age',
      'remove',
    ]);
    expect(settled.map((r) => [value(r).affected_nodes, value(r).affected_edges])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect((await nodesOf(graph, 'Person')).Nia).toMatchObject({ age: 7 });
    expect(await edgesOf(graph, 'Knows')).toEqual(['Alice->Nia']);
  });

  it('publishes the commit of callers whose changes cancel out', async () => {
    const before = await commitIds(graph);
    const settled = await concurrently(graph, [
      add('Head'),
      add('Tmp'),
      { name: 'remove', params: { name: 'Tmp' } },
      { name: 'set_age', params: { name: 'Nobody', age: 1 } },
    ]);
    const history = await commitIds(graph);
    for (const result of settled.slice(0, 3)) expect(history).toContain(commitOf(result));
    expect(value(settled[2]!)).toMatchObject({ affected_nodes: 1 });
    // Changed nothing: no commit of its own to report, whatever its batch published.
    expect(value(settled[3]!)).toMatchObject({ affected_nodes: 0, commit: null });
    expect(history.length).toBeGreaterThan(before.length);
    expect(Object.keys(await nodesOf(graph, 'Person')).sort()).toEqual(['Alice', 'Bob', 'Head']);
  });

  it('splits a batch that would go over the per-commit keyed-write limit', async () => {
    const people = Array.from({ length: 9000 }, (_, i) => ({
      type: 'Person',
      data: { name: `N${i}`, age: i },
    }));
    await graph.load({ data: ndjson(...people), mode: 'merge' });
    const bulk = `
      query below($limit: I32, $age: I32) { update Person set { age: $age } where age < $limit }
      query above($limit: I32, $age: I32) { update Person set { age: $age } where age >= $limit }
    `;
    // Below's rows stay below the limit and above's above: alone, each changes its own rows.
    const run = (name: string, age: number) =>
      graph.mutate({ query: bulk, name, params: { limit: 4600, age } });
    // Each within the limit alone (4,600 and 4,400 entities), over it together.
    const [first, below, above] = await Promise.all([
      mutate(graph, add('Head')),
      run('below', -1),
      run('above', 100000),
    ]);
    expect(below.affected_nodes).toBe(4600 + 2);
    expect(above.affected_nodes).toBe(4400);
    expect(below.commit?.graph_commit_id).toBe(first.commit?.graph_commit_id);
    expect(above.commit?.graph_commit_id).not.toBe(below.commit?.graph_commit_id);
    expect(above.commit?.parent_commit_id).toBe(below.commit?.graph_commit_id);
  });

  it('refuses a conflicting caller with its error alone, and commits the others', async () => {
    const calls = [
      add('Head'),
      add('Zed', 'z@example.com'),
      // Sorts before Zed: checked together with Zed's insert, the clash would name Amy first.
      add('Amy', 'z@example.com'),
      { name: 'remove', params: { name: 'Bob' } },
      { name: 'befriend', params: { from: 'Alice', to: 'Bob' } },
      add('Max', 'm@example.com'),
    ];
    const settled = await concurrently(graph, calls);
    const duplicate = failure(settled[2]!);
    expect(duplicate).toEqual(await aloneAfter(backend, calls.slice(0, 2), calls[2]!));
    expect(duplicate.code).toBe('bad_request');
    expect(duplicate.message).toContain("held by 'Zed' and 'Amy'");
    const orphan = failure(settled[4]!);
    const alone = await aloneAfter(backend, [calls[0]!, calls[1]!, calls[3]!], calls[4]!);
    // The edge's id is a fresh ULID each run: everything else is the same.
    const withoutId = (details: unknown) => ({
      violation: { ...(details as { violation: object }).violation, id: 'fresh' },
    });
    expect({ ...orphan, details: withoutId(orphan.details) }).toEqual({
      ...alone,
      details: withoutId(alone.details),
    });
    expect(orphan.message).toContain("dst 'Bob' not found in Person");
    const history = await commitIds(graph);
    for (const i of [0, 1, 3, 5]) expect(history).toContain(commitOf(settled[i]!));
    const people = await nodesOf(graph, 'Person');
    expect(Object.keys(people).sort()).toEqual(['Alice', 'Head', 'Max', 'Zed']);
    expect(await edgesOf(graph, 'Knows')).toEqual([]);
  });

  it('never groups a mutation with ifCommit', async () => {
    const [head] = await commitIds(graph);
    const conditional = (name: string) => add(name, null, { ifCommit: head! });
    const settled = await concurrently(graph, [
      conditional('C1'),
      add('U1'),
      conditional('C2'),
      add('U2'),
      conditional('C3'),
      add('U3'),
    ]);
    const conditionals = [0, 2, 4].map((i) => settled[i]!);
    const won = conditionals.filter((r) => r.status === 'fulfilled');
    expect(won.length).toBeLessThanOrEqual(1);
    for (const lost of conditionals.filter((r) => r.status === 'rejected'))
      expect(failure(lost).code).toBe('precondition_failure');
    const plain = [1, 3, 5].map((i) => commitOf(settled[i]!));
    for (const result of won) {
      const id = commitOf(result)!;
      expect(plain).not.toContain(id);
      expect((await graph.commitChanges(id)).changes).toHaveLength(1);
    }
  });

  it('gives every call its own commit when groupCommit is false', async () => {
    const before = await commitIds(graph);
    const names = Array.from({ length: 6 }, (_, i) => `Solo${i}`);
    const settled = await concurrently(
      graph,
      names.map((name) => add(name, null, { groupCommit: false })),
    );
    const ids = settled.map(commitOf);
    expect(new Set(ids).size).toBe(names.length);
    expect((await commitIds(graph)).length).toBe(before.length + names.length);
  });

  it('groups only calls of the same actor and message', async () => {
    const calls = Array.from({ length: 8 }, (_, i) =>
      add(`A${i}`, null, { actor: i % 2 === 0 ? 'act-even' : 'act-odd' }),
    );
    const messaged = [add('M0', null, { message: 'one' }), add('M1', null, { message: 'two' })];
    const settled = await concurrently(graph, [...calls, ...messaged]);
    const owners = new Map<string, Set<string>>();
    settled.forEach((result, i) => {
      const output = value(result);
      const { commit } = output;
      const call = [...calls, ...messaged][i]!;
      const actor = call.options?.actor ?? null;
      expect(output.actor_id).toBe(actor ?? undefined);
      expect(commit?.actor_id).toBe(actor);
      expect(commit?.message).toBe(call.options?.message);
      const key = `${actor}/${call.options?.message}`;
      owners.set(
        commit!.graph_commit_id,
        (owners.get(commit!.graph_commit_id) ?? new Set()).add(key),
      );
    });
    for (const keys of owners.values()) expect(keys.size).toBe(1);
    for (const commit of (await graph.listCommits()).commits.slice(0, owners.size))
      expect(owners.has(commit.graph_commit_id)).toBe(true);
  });

  it('publishes nothing for a batch of mutations that change nothing', async () => {
    const before = await commitIds(graph);
    const settled = await concurrently(
      graph,
      Array.from({ length: 6 }, (): Call => ({
        name: 'set_age',
        params: { name: 'Nobody', age: 1 },
      })),
    );
    for (const result of settled)
      expect(value(result)).toMatchObject({ commit: null, affected_nodes: 0 });
    expect(await commitIds(graph)).toEqual(before);
  });
});

describe('pending changes of a group commit', () => {
  const row = (id: string, extra: Record<string, unknown> = {}) => ({ id, ...extra });

  it('a fork reads through the accepted changes and records only its own', () => {
    const batch = PendingChanges.empty();
    const first = batch.fork();
    first.upsert('node:Person', row('a', { age: 1 }));
    first.delete('edge:Knows', 'e1');
    batch.absorb(first);
    const second = batch.fork();
    expect(second.pendingRow('node:Person', 'a')).toEqual(row('a', { age: 1 }));
    expect(second.shadows('edge:Knows', 'e1')).toBe(true);
    second.upsert('node:Person', row('a', { age: 2 }));
    // A cascade meeting an edge the first caller deleted: gone already, not counted again.
    second.delete('edge:Knows', 'e1', true);
    expect(second.affected()).toEqual({ nodes: 1, edges: 0 });
    expect(second.pendingRows('node:Person')).toEqual([row('a', { age: 2 })]);
    const combined = second.changeSet();
    expect(combined.get('node:Person')?.upserts.get('a')).toEqual(row('a', { age: 2 }));
    expect([...(combined.get('edge:Knows')?.deletes ?? [])]).toEqual(['e1']);
    // Dropped (not absorbed): the batch is as the first caller left it.
    expect(batch.changeSet().get('node:Person')?.upserts.get('a')).toEqual(row('a', { age: 1 }));
  });

  it('a fork deleting a row an earlier caller wrote deletes it in the batch', () => {
    const batch = PendingChanges.empty();
    const first = batch.fork();
    first.upsert('node:Person', row('a'));
    batch.absorb(first);
    const second = batch.fork();
    second.delete('node:Person', 'a');
    expect(second.pendingRows('node:Person')).toEqual([]);
    expect(second.affected()).toEqual({ nodes: 1, edges: 0 });
    batch.absorb(second);
    const table = batch.changeSet().get('node:Person');
    expect([...(table?.upserts.keys() ?? [])]).toEqual([]);
    expect([...(table?.deletes ?? [])]).toEqual(['a']);
    expect(batch.combinedInputCounts().get('node:Person')).toBe(1);
  });
});
