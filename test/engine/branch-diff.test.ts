import { beforeAll, expect, it } from 'vitest';
import type { EntityChangeOutput } from '../../src/api/index.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  describeOnBackends,
  expectOmniError,
  freshGraph,
  personLine,
  TEST_PG,
} from './graph-helpers.js';
import { addKnows, deletePerson, MERGE_FIXTURE, putPerson, setAge } from './merge-helpers.js';

/** The changes of a page, as `op kind Type id`. */
function rows(changes: readonly EntityChangeOutput[]): string[] {
  return changes.map(
    (c) => `${c.op} ${c.kind} ${c.type.name} ${c.kind === 'edge' ? 'edge' : c.id}`,
  );
}

async function headOf(graph: Omnigraph, branch = 'main'): Promise<string> {
  const [head] = (await graph.listCommits({ branch })).commits;
  if (!head) throw new Error(`no commit on ${branch}`);
  return head.graph_commit_id;
}

/** What `feature` did since it forked from main. */
const PROPOSAL = [
  'update node Person Alice',
  'delete node Person Dan',
  'insert node Person Eve',
  'insert edge Knows edge',
];

describeOnBackends('branch diff', (backend) => {
  let graph: Omnigraph;
  let forkedAt: string;
  beforeAll(async () => {
    graph = await freshGraph(backend, 'branch-diff', { data: MERGE_FIXTURE });
    forkedAt = await headOf(graph);
    await graph.createBranch({ name: 'feature' });
    await putPerson(graph, 'feature', 'Eve', 22);
    await setAge(graph, 'feature', 'Alice', 31);
    await deletePerson(graph, 'feature', 'Dan');
    await addKnows(graph, 'feature', 'Alice', 'Carol');
    // Main moves on after the fork.
    await putPerson(graph, 'main', 'Frank', 60);
  });

  it('merge-base form: the changes made on the branch since it forked, main’s left out', async () => {
    const diff = await graph.diffBetween({ to: 'feature' });
    expect(diff).toMatchObject({
      from_commit_id: forkedAt,
      to_commit_id: await headOf(graph, 'feature'),
      into: 'main',
      next_page_token: null,
    });
    expect(rows(diff.changes)).toEqual(PROPOSAL);
    const [alice, dan, eve, knows] = diff.changes;
    expect(alice).toMatchObject({
      before: { properties: { name: 'Alice', age: 30 } },
      after: { properties: { name: 'Alice', age: 31 } },
    });
    expect(dan).toMatchObject({ before: { properties: { name: 'Dan', age: 50 } }, after: null });
    expect(eve).toMatchObject({ before: null, after: { properties: { name: 'Eve', age: 22 } } });
    expect(knows?.after).toEqual({
      properties: { since: null },
      endpoints: { from: 'Alice', to: 'Carol' },
    });
    // The same as the two-point diff from the fork commit.
    const twoPoint = await graph.diffBetween({ from: forkedAt, to: 'feature' });
    expect(twoPoint.changes).toEqual(diff.changes);
    expect(twoPoint.into).toBeUndefined();
  });

  it('two-point form between heads also shows the target’s later changes, reversed', async () => {
    const diff = await graph.diffBetween({ from: 'main', to: 'feature' });
    expect(diff.from_commit_id).toBe(await headOf(graph));
    expect(rows(diff.changes)).toEqual([
      'update node Person Alice',
      'delete node Person Dan',
      'insert node Person Eve',
      'delete node Person Frank',
      'insert edge Knows edge',
    ]);
    const back = await graph.diffBetween({ from: 'feature', to: 'main' });
    expect(rows(back.changes)).toEqual([
      'update node Person Alice',
      'insert node Person Dan',
      'delete node Person Eve',
      'insert node Person Frank',
      'delete edge Knows edge',
    ]);
    expect((await graph.diffBetween({ from: 'main', to: 'main' })).changes).toEqual([]);
  });

  it('merge-base form into another branch, and the reverse proposal', async () => {
    // What main did since feature forked from it.
    const diff = await graph.diffBetween({ to: 'main', into: 'feature' });
    expect(diff.from_commit_id).toBe(forkedAt);
    expect(rows(diff.changes)).toEqual(['insert node Person Frank']);
  });

  it('filters by kind, type and op', async () => {
    const updates = await graph.diffBetween({ to: 'feature', kind: ['node'], op: ['update'] });
    expect(rows(updates.changes)).toEqual(['update node Person Alice']);
    const edges = await graph.diffBetween({ to: 'feature', type: ['Knows'] });
    expect(rows(edges.changes)).toEqual(['insert edge Knows edge']);
    const none = await graph.diffBetween({ to: 'feature', type: ['Company'] });
    expect(none.changes).toEqual([]);
    await expectOmniError(
      graph.diffBetween({ to: 'feature', op: ['upsert' as 'insert'] }),
      'bad_request',
      "unknown change op 'upsert'",
    );
  });

  it('pages with tokens bound to the two commits and the filter', async () => {
    const first = await graph.diffBetween({ to: 'feature', limit: 3 });
    expect(rows(first.changes)).toEqual(PROPOSAL.slice(0, 3));
    expect(first.next_page_token).toMatch(/^[A-Za-z0-9_-]+$/);
    const token = first.next_page_token!;
    const second = await graph.diffBetween({ to: 'feature', limit: 3, page_token: token });
    expect(rows(second.changes)).toEqual(PROPOSAL.slice(3));
    expect(second.next_page_token).toBeNull();
    // The diff is a function of the two commits: the two-point form over them continues it.
    const same = await graph.diffBetween({
      from: first.from_commit_id,
      to: first.to_commit_id,
      limit: 3,
      page_token: token,
    });
    expect(same.changes).toEqual(second.changes);
    await expectOmniError(
      graph.diffBetween({ to: 'feature', page_token: token, kind: ['node'] }),
      'bad_request',
      'change cursor rejected: page token was issued for another filter',
    );
    await expectOmniError(
      graph.diffBetween({ from: 'main', to: 'feature', page_token: token }),
      'bad_request',
      'change cursor rejected',
    );
    // A commit's page token is not a diff's.
    const commitToken = (await graph.commitChanges(forkedAt, { limit: 1 })).next_page_token;
    await expectOmniError(
      graph.diffBetween({ to: 'feature', limit: 1, page_token: commitToken! }),
      'bad_request',
      'change cursor rejected',
    );
    await expectOmniError(
      graph.diffBetween({ to: 'feature', limit: 0 }),
      'bad_request',
      'limit must be a positive integer',
    );
  });

  it('refuses unknown refs and `from` with `into`', async () => {
    await expectOmniError(
      graph.diffBetween({ to: 'nope' }),
      'not_found',
      "branch or commit 'nope' not found",
    );
    await expectOmniError(
      graph.diffBetween({ from: '01ARZ3NDEKTSV4RRFFQ69G5FAV', to: 'main' }),
      'not_found',
    );
    await expectOmniError(
      graph.diffBetween({ from: 'main', to: 'feature', into: 'main' }),
      'bad_request',
      'either `from` or `into`',
    );
  });

  it('a diff across a schema boundary is a change_diff_refusal', async () => {
    const other = await freshGraph(backend, 'branch-diff-schema', {
      data: JSON.stringify(personLine('Ann', 3)),
    });
    const before = await headOf(other);
    await other.applySchema({
      schema_source: TEST_PG.replace('age: I32?', 'age: I32?\n    nickname: String?'),
    });
    const after = await headOf(other);
    const error = await expectOmniError(
      other.diffBetween({ from: before, to: 'main' }),
      'change_diff_refusal',
      `the diff from commit ${before} to commit ${after} crosses a schema boundary at type 'Person'`,
    );
    expect(error.details?.change_diff_refusal).toEqual({
      reason: 'schema_boundary',
      graph_commit_id: after,
      type_name: 'Person',
    });
  });
});
