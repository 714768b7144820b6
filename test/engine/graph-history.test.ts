import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CommitOutput } from '../../src/api/index.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  countsOf,
  describeOnBackends,
  expectOmniError,
  exportAll,
  freshGraph,
  nodesOf,
  openGraph,
  personLine,
  TEST_JSONL,
} from './graph-helpers.js';

const FIXTURE_PERSONS = TEST_JSONL.split('\n').filter((l) => l.includes('"Person"'));

describeOnBackends('graph history and time travel', (backend) => {
  let graph: Omnigraph;
  /** Commits by step: genesis, fixture, +Eve 22, Eve 50, Eve removed, then one on `feature`. */
  const steps: CommitOutput[] = [];

  beforeAll(async () => {
    graph = await freshGraph(backend, 'history');
    steps.push((await graph.listCommits()).commits[0]!);
    const load = async (text: string, mode: 'append' | 'merge' | 'overwrite', branch = 'main') => {
      const result = await graph.load(
        { data: text, mode, branch },
        { actor: `act-${steps.length}` },
      );
      steps.push(result.commit!);
    };
    await load(TEST_JSONL, 'overwrite');
    await load(JSON.stringify(personLine('Eve', 22)), 'append');
    await load(JSON.stringify(personLine('Eve', 50)), 'merge');
    await load(FIXTURE_PERSONS.join('\n'), 'overwrite');
    await graph.createBranch({ name: 'feature' });
    await load(JSON.stringify(personLine('Fay', 33)), 'append', 'feature');
    await load(JSON.stringify(personLine('Gus', 44)), 'append');
  });
  afterAll(async () => {
    await graph.close();
  });

  it('lists commits newest first, each the parent of the one before it', async () => {
    const main = (await graph.listCommits()).commits;
    const expected = [steps[6], steps[4], steps[3], steps[2], steps[1], steps[0]];
    expect(main).toEqual(expected);
    main.slice(0, -1).forEach((commit, i) => {
      expect(commit.parent_commit_id).toBe(main[i + 1]!.graph_commit_id);
      expect(commit.graph_manifest_version).toBe(main[i + 1]!.graph_manifest_version + 1);
      expect(commit.created_at).toBeGreaterThanOrEqual(main[i + 1]!.created_at);
      expect(commit.graph_branch).toBeNull();
      expect(commit.merged_parent_commit_id).toBeNull();
    });
    expect(main.map((c) => c.actor_id)).toEqual([
      'act-6',
      'act-4',
      'act-3',
      'act-2',
      'act-1',
      null,
    ]);
    expect(main.at(-1)!.parent_commit_id).toBeNull();
  });

  it("lists a branch's own commits and the main history it inherited up to its fork", async () => {
    const feature = (await graph.listCommits({ branch: 'feature' })).commits;
    expect(feature).toEqual([steps[5], steps[4], steps[3], steps[2], steps[1], steps[0]]);
    expect(feature[0]).toMatchObject({
      graph_branch: 'feature',
      parent_commit_id: steps[4]!.graph_commit_id,
    });
    expect(feature.map((c) => c.graph_commit_id)).not.toContain(steps[6]!.graph_commit_id);
  });

  it('shows one commit and refuses unknown ids with not_found', async () => {
    for (const step of steps) expect(await graph.showCommit(step.graph_commit_id)).toEqual(step);
    await expectOmniError(
      graph.showCommit('01ARZ3NDEKTSV4RRFFQ69G5FAV'),
      'not_found',
      "commit '01ARZ3NDEKTSV4RRFFQ69G5FAV' not found",
    );
    await expectOmniError(graph.showCommit('not-a-commit'), 'not_found');
    await expectOmniError(graph.showCommit('../heads/main'), 'not_found');
    await expectOmniError(graph.showCommit(steps[1]!.graph_commit_id.toLowerCase()), 'not_found');
  });

  it('reads the graph as of any commit, after loads', async () => {
    const eveAt = async (step: number) =>
      (await nodesOf(graph, 'Person', { snapshot: steps[step]!.graph_commit_id })).Eve;
    expect(await eveAt(1)).toBeUndefined();
    expect(await eveAt(2)).toEqual({ id: 'Eve', name: 'Eve', age: 22 });
    expect(await eveAt(3)).toEqual({ id: 'Eve', name: 'Eve', age: 50 });
    expect(await eveAt(4)).toBeUndefined();
    const at1 = await graph.snapshot({ snapshot: steps[1]!.graph_commit_id });
    expect(at1).toMatchObject({
      graph_commit_id: steps[1]!.graph_commit_id,
      graph_manifest_version: 2,
      graph_branch: 'main',
    });
    expect(countsOf(at1)).toEqual({ Knows: 3, WorksAt: 2, Company: 2, Person: 4 });
    expect(countsOf(await graph.snapshot({ snapshot: steps[2]!.graph_commit_id })).Person).toBe(5);
    expect(countsOf(await graph.snapshot()).Person).toBe(5);
    expect(Object.keys(await nodesOf(graph, 'Person'))).toEqual([
      'Alice',
      'Bob',
      'Charlie',
      'Diana',
      'Gus',
    ]);
    expect(await exportAll(graph, { snapshot: steps[0]!.graph_commit_id })).toEqual([]);
    // A branch commit reads as of that commit, and reports its branch.
    const onFeature = await graph.snapshot({ snapshot: steps[5]!.graph_commit_id });
    expect(onFeature.graph_branch).toBe('feature');
    expect(
      Object.keys(await nodesOf(graph, 'Person', { snapshot: steps[5]!.graph_commit_id })),
    ).toEqual(['Alice', 'Bob', 'Charlie', 'Diana', 'Fay']);
    await expectOmniError(graph.snapshot({ snapshot: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }), 'not_found');
    await expectOmniError(
      graph.snapshot({ branch: 'nope' }),
      'not_found',
      "branch 'nope' not found",
    );
  });

  it('keeps old snapshots readable from a fresh handle', async () => {
    const reader = await openGraph(graph.uri, 'read-only');
    expect((await nodesOf(reader, 'Person', { snapshot: steps[3]!.graph_commit_id })).Eve).toEqual({
      id: 'Eve',
      name: 'Eve',
      age: 50,
    });
    expect((await reader.listCommits()).commits).toEqual((await graph.listCommits()).commits);
    await reader.close();
  });
});
