import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  countsOf,
  describeOnBackends,
  edgeLine,
  edgesOf,
  expectOmniError,
  freshGraph,
  graphState,
  ndjson,
  nodesOf,
  TEST_JSONL,
} from './graph-helpers.js';

const TEST_GQ = await readFile(path.join(import.meta.dirname, '..', 'fixtures', 'test.gq'), 'utf8');

/** Mutations of every kind on the fixture graph. */
const MUTATIONS = `
query insert_person($name: String, $age: I32) { insert Person { name: $name, age: $age } }
query add_friend($from: String, $to: String) { insert Knows { from: $from, to: $to } }
query set_age($name: String, $age: I32) { update Person set { age: $age } where name = $name }
query remove_person($name: String) { delete Person where name = $name }
query remove_friendship($from: String) { delete Knows where from = $from }
query insert_person_and_friend($name: String, $age: I32, $friend: String) {
  insert Person { name: $name, age: $age }
  insert Knows { from: $name, to: $friend }
}
query insert_then_update($name: String) {
  insert Person { name: $name, age: 1 }
  update Person set { age: 2 } where name = $name
}
query remove_older($age: I32) { delete Person where age > $age }
query rename($old: String, $new: String) { update Person set { name: $new } where name = $old }
query mixed($name: String) {
  insert Person { name: $name }
  delete Person where name = $name
}
query update_edge($from: String) { update Knows set { since: date("2024-01-01") } where from = $from }
`;

const CONSTRAINED = `
node Person {
  name: String @key
  age: I32?
  role: enum(admin, user)?
  code: String?
  @range(age, 0..200)
  @check(code, "^[A-Z]{3}-[0-9]+$")
}
node Company { name: String @key }
edge WorksAt: Person -> Company @card(0..1)
edge Badge: Person -> Company @card(1..)
`;

describeOnBackends('graph mutations', (backend) => {
  let graph: Omnigraph;
  beforeEach(async () => {
    graph = await freshGraph(backend, 'mutate', { data: TEST_JSONL });
    return () => graph.close();
  });

  const mutate = (
    name: string,
    params: Record<string, unknown> = {},
    options: { branch?: string; ifCommit?: string; actor?: string } = {},
  ) => {
    const { branch, ...call } = options;
    return graph.mutate(
      { query: MUTATIONS, name, params, ...(branch === undefined ? {} : { branch }) },
      call,
    );
  };
  const read = async (name: string, params: Record<string, unknown> = {}) =>
    (await graph.query({ query: TEST_GQ, name, params })).rows;

  it('inserts a person, and a person with a friend in one commit', async () => {
    const before = (await graph.listCommits({ branch: 'main' })).commits.length;
    const result = await mutate('insert_person', { name: 'Eve', age: 22 });
    expect(result).toMatchObject({ affected_nodes: 1, affected_edges: 0 });
    expect(result.commit).toMatchObject({ graph_branch: null, actor_id: null });
    expect(await read('get_person', { name: 'Eve' })).toEqual([{ 'p.name': 'Eve', 'p.age': 22 }]);
    const both = await mutate('insert_person_and_friend', {
      name: 'Zed',
      age: 40,
      friend: 'Alice',
    });
    expect(both).toMatchObject({ affected_nodes: 1, affected_edges: 1 });
    expect(await read('friends_of', { name: 'Zed' })).toEqual([{ 'f.name': 'Alice', 'f.age': 30 }]);
    const commits = (await graph.listCommits({ branch: 'main' })).commits;
    expect(commits).toHaveLength(before + 2);
    expect(commits[0]!.graph_commit_id).toBe(both.commit!.graph_commit_id);
  });

  it('adds a friend edge from a new person', async () => {
    await mutate('insert_person', { name: 'Eve', age: 22 });
    const result = await mutate('add_friend', { from: 'Eve', to: 'Alice' });
    expect(result).toMatchObject({ affected_nodes: 0, affected_edges: 1 });
    expect(await read('friends_of', { name: 'Eve' })).toEqual([{ 'f.name': 'Alice', 'f.age': 30 }]);
  });

  it('updates an age; a keyed insert upserts the whole row', async () => {
    expect(await mutate('set_age', { name: 'Alice', age: 31 })).toMatchObject({
      affected_nodes: 1,
      affected_edges: 0,
    });
    expect(await read('get_person', { name: 'Alice' })).toEqual([
      { 'p.name': 'Alice', 'p.age': 31 },
    ]);
    await mutate('insert_person', { name: 'Alice', age: 99 });
    const people = await nodesOf(graph, 'Person');
    expect(Object.keys(people).sort()).toEqual(['Alice', 'Bob', 'Charlie', 'Diana']);
    expect(people.Alice).toEqual({ id: 'Alice', name: 'Alice', age: 99 });
    // Alice's edges survive the upsert.
    expect(await edgesOf(graph, 'Knows')).toEqual(['Alice->Bob', 'Alice->Charlie', 'Bob->Diana']);
  });

  it('deleting a node cascades to its edges in both directions', async () => {
    const result = await mutate('remove_person', { name: 'Alice' });
    expect(result.affected_nodes).toBe(1);
    expect(result.affected_edges).toBe(3);
    expect(await edgesOf(graph, 'Knows')).toEqual(['Bob->Diana']);
    expect(await edgesOf(graph, 'WorksAt')).toEqual(['Bob->Globex']);
    await mutate('add_friend', { from: 'Diana', to: 'Bob' });
    expect((await mutate('remove_person', { name: 'Bob' })).affected_edges).toBe(3);
    expect(await edgesOf(graph, 'Knows')).toEqual([]);
    expect(countsOf(await graph.snapshot())).toMatchObject({ Person: 2, Knows: 0, WorksAt: 0 });
  });

  it('deletes edges by endpoint', async () => {
    expect(await mutate('remove_friendship', { from: 'Alice' })).toMatchObject({
      affected_nodes: 0,
      affected_edges: 2,
    });
    expect(await read('get_person', { name: 'Alice' })).toHaveLength(1);
    expect(await read('friends_of', { name: 'Alice' })).toEqual([]);
  });

  it('later statements see earlier ones: an update after an insert updates the pending row', async () => {
    expect(await mutate('insert_then_update', { name: 'Eve' })).toMatchObject({
      affected_nodes: 1,
    });
    expect(await read('get_person', { name: 'Eve' })).toEqual([{ 'p.name': 'Eve', 'p.age': 2 }]);
  });

  it('refuses key updates, mixed statements and edge updates before any I/O', async () => {
    const before = await graphState(graph);
    await expectOmniError(mutate('rename', { old: 'Alice', new: 'Al' }), 'type_error', '@key');
    await expectOmniError(
      mutate('mixed', { name: 'Eve' }),
      'type_error',
      'inserts/updates and deletes',
    );
    await expectOmniError(mutate('update_edge', { from: 'Alice' }), 'type_error', 'T16');
    await expectOmniError(
      graph.mutate({ query: TEST_GQ, name: 'get_person' }),
      'bad_request',
      'use query',
    );
    expect(await graphState(graph)).toEqual(before);
  });

  it('an update or delete matching nothing (or changing nothing) publishes no commit', async () => {
    const before = await graphState(graph);
    for (const [name, params] of [
      ['set_age', { name: 'Nobody', age: 1 }],
      ['remove_person', { name: 'Nobody' }],
      ['remove_older', { age: 100 }],
      ['set_age', { name: 'Alice', age: 30 }],
    ] as const) {
      expect(await mutate(name, params)).toMatchObject({
        affected_nodes: 0,
        affected_edges: 0,
        commit: null,
      });
    }
    expect(await graphState(graph)).toEqual(before);
    expect(countsOf(before.snapshot).Person).toBe(4);
  });

  it('an edge to a missing node is refused with no effect', async () => {
    const before = await graphState(graph);
    await expectOmniError(
      mutate('add_friend', { from: 'Alice', to: 'NonExistent' }),
      'bad_request',
      "dst 'NonExistent' not found in Person",
    );
    expect(await graphState(graph)).toEqual(before);
  });

  it('time travel sees each mutation at its commit', async () => {
    const v1 = (await graph.snapshot()).graph_commit_id;
    const v2 = (await mutate('insert_person', { name: 'Eve', age: 22 })).commit!.graph_commit_id;
    const v3 = (await mutate('set_age', { name: 'Eve', age: 50 })).commit!.graph_commit_id;
    const v4 = (await mutate('remove_person', { name: 'Eve' })).commit!.graph_commit_id;
    const eveAt = async (snapshot: string) =>
      (await graph.query({ query: TEST_GQ, name: 'get_person', params: { name: 'Eve' }, snapshot }))
        .rows;
    expect(await eveAt(v1)).toEqual([]);
    expect(await eveAt(v2)).toEqual([{ 'p.name': 'Eve', 'p.age': 22 }]);
    expect(await eveAt(v3)).toEqual([{ 'p.name': 'Eve', 'p.age': 50 }]);
    expect(await eveAt(v4)).toEqual([]);
    const total = await graph.query({ query: TEST_GQ, name: 'total_people', snapshot: v1 });
    expect(total.rows).toEqual([{ total: 4n }]);
    await mutate('insert_person', { name: 'Eve', age: 22 });
    expect((await graph.query({ query: TEST_GQ, name: 'total_people' })).rows).toEqual([
      { total: 5n },
    ]);
  });

  it('--if-commit runs on the current head and refuses a stale one with zero effect', async () => {
    const stale = (await graph.snapshot()).graph_commit_id;
    await mutate('insert_person', { name: 'Eve', age: 22 });
    const head = (await graph.snapshot()).graph_commit_id;
    const before = await graphState(graph);
    const error = await expectOmniError(
      mutate('insert_person', { name: 'Zed', age: 1 }, { ifCommit: stale }),
      'precondition_failure',
    );
    expect(error.details).toEqual({ precondition_failure: { expected: stale, actual: head } });
    expect(await graphState(graph)).toEqual(before);
    const ok = await mutate('insert_person', { name: 'Zed', age: 1 }, { ifCommit: head });
    expect(ok.commit?.parent_commit_id).toBe(head);
  });

  it('writes on a branch leave main alone and record the actor', async () => {
    await graph.createBranch({ name: 'feature' });
    const mainBefore = await graphState(graph);
    const result = await mutate(
      'insert_person',
      { name: 'Eve', age: 22 },
      { branch: 'feature', actor: 'act-x' },
    );
    expect(result.commit).toMatchObject({ graph_branch: 'feature', actor_id: 'act-x' });
    expect(await graphState(graph)).toEqual(mainBefore);
    expect(Object.keys(await nodesOf(graph, 'Person', { branch: 'feature' }))).toContain('Eve');
  });

  it('refuses a params type error and an unknown branch', async () => {
    await expectOmniError(
      mutate('insert_person', { name: 'Eve', age: 'old' }),
      'param_error',
      "param 'age'",
    );
    await expectOmniError(
      mutate('insert_person', { name: 'Eve', age: 1 }, { branch: 'nope' }),
      'not_found',
    );
  });
});

describeOnBackends('graph mutation constraints', (backend) => {
  let graph: Omnigraph;
  beforeEach(async () => {
    graph = await freshGraph(backend, 'mutate-constraints', { schema: CONSTRAINED });
    await graph.load({
      data: ndjson(
        { type: 'Person', data: { name: 'Alice', age: 30 } },
        { type: 'Company', data: { name: 'Acme' } },
        { type: 'Company', data: { name: 'Globex' } },
        edgeLine('WorksAt', 'Alice', 'Acme'),
        edgeLine('Badge', 'Alice', 'Acme'),
      ),
      mode: 'overwrite',
    });
    return () => graph.close();
  });

  const QUERIES = `
query add($name: String, $age: I32?, $role: String?, $code: String?) {
  insert Person { name: $name, age: $age, role: $role, code: $code }
  insert Badge { from: $name, to: "Acme" }
}
query set_role($name: String, $role: String) { update Person set { role: $role } where name = $name }
query set_age($name: String, $age: I32) { update Person set { age: $age } where name = $name }
query join($name: String, $company: String) { insert WorksAt { from: $name, to: $company } }
query unbadge($name: String) { delete Badge where from = $name }
`;
  const mutate = (name: string, params: Record<string, unknown>) =>
    graph.mutate({ query: QUERIES, name, params });

  it('@range, @check and enum membership on insert and update, no effect', async () => {
    const before = await graphState(graph);
    await expectOmniError(
      mutate('add', { name: 'Old', age: 300 }),
      'bad_request',
      '@range violation',
    );
    await expectOmniError(
      mutate('set_age', { name: 'Alice', age: 300 }),
      'bad_request',
      '@range violation',
    );
    await expectOmniError(
      mutate('add', { name: 'C', code: 'invalid' }),
      'bad_request',
      '@check violation',
    );
    await expectOmniError(
      mutate('add', { name: 'Boss', role: 'superadmin' }),
      'bad_request',
      "invalid enum value 'superadmin'",
    );
    await expectOmniError(
      mutate('set_role', { name: 'Alice', role: 'superadmin' }),
      'bad_request',
      "invalid enum value 'superadmin'",
    );
    expect(await graphState(graph)).toEqual(before);
    expect(
      (await mutate('add', { name: 'Ok', age: 30, role: 'admin', code: 'ABC-1' })).commit,
    ).not.toBeNull();
  });

  it('@card max on insert and min on delete, naming the source', async () => {
    const before = await graphState(graph);
    await expectOmniError(
      mutate('join', { name: 'Alice', company: 'Globex' }),
      'bad_request',
      "@card violation on edge WorksAt: source 'Alice' has 2 edges (max 1)",
    );
    await expectOmniError(
      mutate('unbadge', { name: 'Alice' }),
      'bad_request',
      '@card violation',
      "'Alice'",
    );
    expect(await graphState(graph)).toEqual(before);
  });
});
