import { beforeAll, describe, expect, it } from 'vitest';
import type { EntityChangeOutput } from '../../src/api/index.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  describeOnBackends,
  edgeLine,
  expectOmniError,
  freshGraph,
  ndjson,
  personLine,
  TEST_PG,
} from './graph-helpers.js';

/** The entity ids of a page, as `op kind Type id`. */
function rows(changes: readonly EntityChangeOutput[]): string[] {
  return changes.map((c) => `${c.op} ${c.kind} ${c.type.name} ${c.id}`);
}

async function headOf(graph: Omnigraph, branch = 'main'): Promise<string> {
  const [head] = (await graph.listCommits({ branch })).commits;
  if (!head) throw new Error(`no commit on ${branch}`);
  return head.graph_commit_id;
}

describeOnBackends('commit changes', (backend) => {
  let graph: Omnigraph;
  let genesis: string;
  let loaded: string;
  beforeAll(async () => {
    graph = await freshGraph(backend, 'changes');
    genesis = await headOf(graph);
    const result = await graph.load({
      data: ndjson(personLine('Loaded C', 3), personLine('Loaded A', 1), personLine('Loaded B', 2)),
      mode: 'append',
    });
    loaded = result.commit!.graph_commit_id;
  });

  it('pages of a load in id order, with the commit as cause', async () => {
    const first = await graph.commitChanges(loaded, { limit: 2 });
    expect(first.cause).toMatchObject({
      graph_commit_id: loaded,
      parent_commit_id: genesis,
      merged_parent_commit_id: null,
      authored_branch: 'main',
    });
    expect(first.changes).toEqual([
      {
        kind: 'node',
        type: { id: first.changes[0]?.type.id, name: 'Person' },
        id: 'Loaded A',
        op: 'insert',
        before: null,
        after: { properties: { name: 'Loaded A', age: 1 } },
      },
      expect.objectContaining({ id: 'Loaded B', op: 'insert' }),
    ]);
    expect(first.changes[0]?.type.id).toMatch(/^[0-9a-f]{16}$/);
    expect(first.next_page_token).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = await graph.commitChanges(loaded, {
      limit: 2,
      page_token: first.next_page_token!,
    });
    expect(rows(second.changes)).toEqual(['insert node Person Loaded C']);
    expect(second.next_page_token).toBeNull();
    // Without a limit the whole diff is one page.
    expect(rows((await graph.commitChanges(loaded)).changes)).toHaveLength(3);
  });

  it('an update has before and after; an edge insert has endpoints', async () => {
    await graph.load({
      data: ndjson(personLine('Shape', 1), personLine('Shape2', 5)),
      mode: 'append',
    });
    const update = await graph.mutate({
      query: 'query age($n: String) { update Person set { age: 2 } where name = $n }',
      params: { n: 'Shape' },
    });
    const changes = (await graph.commitChanges(update.commit!.graph_commit_id)).changes;
    expect(changes).toEqual([
      expect.objectContaining({
        id: 'Shape',
        op: 'update',
        before: { properties: { name: 'Shape', age: 1 } },
        after: { properties: { name: 'Shape', age: 2 } },
      }),
    ]);
    const edge = await graph.load({
      data: ndjson(edgeLine('Knows', 'Shape', 'Shape2')),
      mode: 'append',
    });
    const [inserted] = (await graph.commitChanges(edge.commit!.graph_commit_id)).changes;
    expect(inserted).toMatchObject({
      kind: 'edge',
      type: { name: 'Knows' },
      op: 'insert',
      before: null,
      after: { properties: { since: null }, endpoints: { from: 'Shape', to: 'Shape2' } },
    });
  });

  it('orders nodes before edges and reports a cascading delete', async () => {
    await graph.load({
      data: ndjson(personLine('Gone', 9), edgeLine('Knows', 'Gone', 'Shape')),
      mode: 'append',
    });
    const removed = await graph.mutate({
      query: 'query rm() { delete Person where name = "Gone" }',
    });
    const { changes } = await graph.commitChanges(removed.commit!.graph_commit_id);
    expect(rows(changes)).toEqual([
      'delete node Person Gone',
      expect.stringMatching(/^delete edge Knows /),
    ]);
    expect(changes[1]).toMatchObject({
      before: { endpoints: { from: 'Gone', to: 'Shape' } },
      after: null,
    });
    expect(
      rows(
        (await graph.commitChanges(removed.commit!.graph_commit_id, { kind: ['edge'] })).changes,
      ),
    ).toEqual([expect.stringMatching(/^delete edge Knows /)]);
    expect(
      (await graph.commitChanges(removed.commit!.graph_commit_id, { op: ['insert'] })).changes,
    ).toEqual([]);
    expect(
      rows(
        (await graph.commitChanges(removed.commit!.graph_commit_id, { type: ['Person'] })).changes,
      ),
    ).toEqual(['delete node Person Gone']);
  });

  it('a merge commit is diffed against its first parent', async () => {
    await graph.createBranch({ name: 'feature' });
    await graph.load({ data: ndjson(personLine('Fay', 40)), mode: 'append', branch: 'feature' });
    await graph.load({ data: ndjson(personLine('Gus', 41)), mode: 'append' });
    const merged = await graph.mergeBranch({ source: 'feature' });
    expect(merged.outcome).toBe('merged');
    const page = await graph.commitChanges(merged.commit!.graph_commit_id);
    expect(page.cause.merged_parent_commit_id).toBe(await headOf(graph, 'feature'));
    expect(rows(page.changes)).toEqual(['insert node Person Fay']);
  });

  describe('refusals', () => {
    it('unknown kinds and ops are bad requests', async () => {
      await expectOmniError(
        graph.commitChanges(loaded, { kind: ['table' as 'node'] }),
        'bad_request',
        "unknown change kind 'table'",
      );
      await expectOmniError(
        graph.commitChanges(loaded, { op: ['upsert' as 'insert'] }),
        'bad_request',
        "unknown change op 'upsert'",
      );
    });

    it('limits: 0 is a bad request, above 8,192 a resource limit', async () => {
      await expectOmniError(graph.commitChanges(loaded, { limit: 0 }), 'bad_request', 'limit');
      const error = await expectOmniError(
        graph.commitChanges(loaded, { limit: 8193 }),
        'resource_limit',
        'resource limit exceeded for commit_changes_page_changes: actual 8193, limit 8192',
      );
      expect(error.details?.resource_limit).toEqual({
        resource: 'commit_changes_page_changes',
        limit: 8192,
        actual: 8193,
      });
      expect((await graph.commitChanges(loaded, { limit: 8192 })).changes).toHaveLength(3);
    });

    it('page tokens are validated and bound to the commit and the filter', async () => {
      const error = await expectOmniError(
        graph.commitChanges(loaded, { page_token: 'not-a-token' }),
        'bad_request',
      );
      expect(error.message).toMatch(/^change cursor rejected: /);
      const { next_page_token: token } = await graph.commitChanges(loaded, { limit: 1 });
      await expectOmniError(
        graph.commitChanges(loaded, { page_token: token!, kind: ['node'] }),
        'bad_request',
        'change cursor rejected: page token was issued for another filter',
      );
      await expectOmniError(
        graph.commitChanges(genesis, { page_token: token! }),
        'bad_request',
        'change cursor rejected: page token was issued for another commit',
      );
    });

    it('an unknown commit is not_found; the genesis commit is a parentless_commit refusal', async () => {
      await expectOmniError(graph.commitChanges('01ARZ3NDEKTSV4RRFFQ69G5FAV'), 'not_found');
      const error = await expectOmniError(graph.commitChanges(genesis), 'change_diff_refusal');
      expect(error.details?.change_diff_refusal).toEqual({
        reason: 'parentless_commit',
        graph_commit_id: genesis,
      });
    });

    it('a schema apply that adds a property is a schema_boundary refusal', async () => {
      const other = await freshGraph(backend, 'changes-schema', {
        data: JSON.stringify(personLine('Ann', 3)),
      });
      const widened = TEST_PG.replace('age: I32?', 'age: I32?\n    nickname: String?');
      await other.applySchema({ schema_source: widened });
      const error = await expectOmniError(
        other.commitChanges(await headOf(other)),
        'change_diff_refusal',
        'schema boundary',
      );
      expect(error.details?.change_diff_refusal).toMatchObject({
        reason: 'schema_boundary',
        type_name: 'Person',
      });
      await other.close();
    });
  });
});
