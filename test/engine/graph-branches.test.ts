import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  countsOf,
  describeOnBackends,
  expectOmniError,
  exportAll,
  freshGraph,
  graphState,
  ndjson,
  nodesOf,
  personLine,
  storageState,
  TEST_JSONL,
} from './graph-helpers.js';

/** Objects of Lance's trunk (`main`) versions of every table: a branch write must not add any. */
async function trunkVersionFiles(graph: Omnigraph): Promise<Map<string, string>> {
  const uri = graph.uri.startsWith('file://') ? new URL(graph.uri).pathname : graph.uri;
  const all = await storageState(uri);
  return new Map([...all].filter(([key]) => /^tables\/[^/]+\.lance\/_versions\//.test(key)));
}

describeOnBackends('graph branches', (backend) => {
  let graph: Omnigraph;

  beforeAll(async () => {
    graph = await freshGraph(backend, 'branches', { data: TEST_JSONL });
  });
  afterAll(async () => {
    await graph.close();
  });

  it('validates names: trimmed, non-empty, segments of [A-Za-z0-9._-], not main', async () => {
    await expectOmniError(
      graph.createBranch({ name: '   ' }),
      'bad_request',
      'branch name cannot be empty',
    );
    await expectOmniError(
      graph.createBranch({ name: '' }),
      'bad_request',
      'branch name cannot be empty',
    );
    for (const bad of [
      'a b',
      'x:y',
      'a//b',
      '/a',
      'a/',
      '..',
      'a/../b',
      '.hidden',
      'tab\tname',
      'é',
    ]) {
      await expectOmniError(
        graph.createBranch({ name: bad }),
        'bad_request',
        'invalid branch name',
      );
    }
    await expectOmniError(
      graph.createBranch({ name: 'main' }),
      'conflict',
      "branch 'main' already exists",
    );
    await expectOmniError(graph.createBranch({ name: ' main ' }), 'conflict');
    expect((await graph.listBranches()).branches).toEqual(['main']);
    const created = await graph.createBranch({ name: '  trimmed-1.x_y  ' }, { actor: 'act-b' });
    expect(created).toEqual({
      uri: graph.uri,
      from: 'main',
      name: 'trimmed-1.x_y',
      actor_id: 'act-b',
    });
    await expectOmniError(
      graph.createBranch({ name: 'trimmed-1.x_y' }),
      'conflict',
      'already exists',
    );
    await graph.deleteBranch(' trimmed-1.x_y ');
    expect((await graph.listBranches()).branches).toEqual(['main']);
  });

  it('keeps live names path-prefix-disjoint', async () => {
    await graph.createBranch({ name: 'review/2026-07' });
    await expectOmniError(
      graph.createBranch({ name: 'review' }),
      'conflict',
      "overlaps live branch 'review/2026-07'",
    );
    await expectOmniError(
      graph.createBranch({ name: 'review/2026-07/late' }),
      'conflict',
      'overlaps',
    );
    await graph.createBranch({ name: 'review-2' });
    await graph.createBranch({ name: 'reviewer' });
    await graph.deleteBranch('review/2026-07');
    await graph.createBranch({ name: 'review' });
    await expectOmniError(
      graph.createBranch({ name: 'review/x' }),
      'conflict',
      "overlaps live branch 'review'",
    );
    for (const name of ['review', 'review-2', 'reviewer']) await graph.deleteBranch(name);
  });

  it('creates overlapping names concurrently at most once', async () => {
    const results = await Promise.allSettled([
      graph.createBranch({ name: 'race' }),
      graph.createBranch({ name: 'race/inner' }),
      graph.createBranch({ name: 'race' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const live = (await graph.listBranches()).branches.filter((b) => b.startsWith('race'));
    expect(live).toHaveLength(1);
    await graph.deleteBranch(live[0]!);
  });

  it('lists branches sorted and refuses bad deletes', async () => {
    for (const name of ['zeta', 'alpha', 'mid/one']) await graph.createBranch({ name });
    expect((await graph.listBranches()).branches).toEqual(['alpha', 'main', 'mid/one', 'zeta']);
    await expectOmniError(graph.deleteBranch('main'), 'bad_request', "'main' cannot be deleted");
    await expectOmniError(graph.deleteBranch('nope'), 'not_found', "branch 'nope' not found");
    await expectOmniError(graph.deleteBranch(''), 'bad_request', 'branch name cannot be empty');
    for (const name of ['zeta', 'alpha', 'mid/one']) await graph.deleteBranch(name);
    expect((await graph.listBranches()).branches).toEqual(['main']);
  });

  it('forks lazily: a branch write leaves main untouched and forks only what it writes', async () => {
    const mainBefore = await graphState(graph);
    const trunk = await trunkVersionFiles(graph);
    const mainExport = await exportAll(graph);
    await graph.createBranch({ name: 'lazy' });
    const fresh = await graph.snapshot({ branch: 'lazy' });
    expect(fresh.datasets).toEqual(mainBefore.snapshot.datasets);
    expect(fresh.graph_commit_id).toBe(mainBefore.snapshot.graph_commit_id);
    expect(fresh.graph_branch).toBe('lazy');

    const loaded = await graph.load({
      data: ndjson(personLine('Eve', 22)),
      mode: 'append',
      branch: 'lazy',
    });
    expect(loaded.commit).toMatchObject({
      graph_branch: 'lazy',
      parent_commit_id: mainBefore.snapshot.graph_commit_id,
    });
    expect(await graphState(graph)).toEqual(mainBefore);
    expect(await exportAll(graph)).toEqual(mainExport);
    expect(await trunkVersionFiles(graph)).toEqual(trunk);

    const branch = await graph.snapshot({ branch: 'lazy' });
    for (const dataset of branch.datasets) {
      const onMain = mainBefore.snapshot.datasets.find((d) => d.type_name === dataset.type_name)!;
      if (dataset.type_name === 'Person') {
        expect(dataset.native_dataset_branch).toEqual(expect.any(String));
        expect(dataset.native_dataset_branch).not.toBe('main');
        expect(dataset.entity_count).toBe(5);
        expect(dataset.dataset_path).toBe(onMain.dataset_path);
      } else {
        expect(dataset).toEqual(onMain);
      }
    }
    // A second write on the branch reuses its fork; main is still untouched.
    await graph.load({ data: ndjson(personLine('Fay', 23)), mode: 'append', branch: 'lazy' });
    const again = await graph.snapshot({ branch: 'lazy' });
    const person = (s: typeof again) => s.datasets.find((d) => d.type_name === 'Person')!;
    expect(person(again).native_dataset_branch).toBe(person(branch).native_dataset_branch);
    expect(person(again).published_dataset_version).toBeGreaterThan(
      person(branch).published_dataset_version,
    );
    expect(await graphState(graph)).toEqual(mainBefore);
    expect(await trunkVersionFiles(graph)).toEqual(trunk);
    // And main moves on independently of the branch.
    await graph.load({ data: ndjson(personLine('Gus', 40)), mode: 'append' });
    expect(Object.keys(await nodesOf(graph, 'Person', { branch: 'lazy' }))).toEqual([
      'Alice',
      'Bob',
      'Charlie',
      'Diana',
      'Eve',
      'Fay',
    ]);
    expect(Object.keys(await nodesOf(graph, 'Person'))).toEqual([
      'Alice',
      'Bob',
      'Charlie',
      'Diana',
      'Gus',
    ]);
    await graph.deleteBranch('lazy');
  });

  it('creates from another branch or a commit, and refuses unknown sources', async () => {
    const g = await freshGraph(backend, 'branch-from', { data: TEST_JSONL });
    const fixtureCommit = (await g.listCommits()).commits[0]!.graph_commit_id;
    await g.createBranch({ name: 'b1' });
    await g.load({ data: ndjson(personLine('Eve', 22)), mode: 'append', branch: 'b1' });
    const b2 = await g.createBranch({ name: 'b2', from: 'b1' });
    expect(b2.from).toBe('b1');
    expect(countsOf(await g.snapshot({ branch: 'b2' })).Person).toBe(5);
    // b2 writes Person: its own fork, forked from b1's; b1 is untouched.
    const b1Before = await graphState(g, 'b1');
    await g.load({ data: ndjson(personLine('Hal', 50)), mode: 'append', branch: 'b2' });
    expect(await graphState(g, 'b1')).toEqual(b1Before);
    const personOf = async (b: string) =>
      (await g.snapshot({ branch: b })).datasets.find((d) => d.type_name === 'Person')!;
    expect((await personOf('b2')).native_dataset_branch).not.toBe(
      (await personOf('b1')).native_dataset_branch,
    );
    expect(Object.keys(await nodesOf(g, 'Person', { branch: 'b2' }))).toEqual([
      'Alice',
      'Bob',
      'Charlie',
      'Diana',
      'Eve',
      'Hal',
    ]);
    // b2 history includes b1's commit and main's.
    expect((await g.listCommits({ branch: 'b2' })).commits.map((c) => c.graph_branch)).toEqual([
      'b2',
      'b1',
      null,
      null,
    ]);

    await g.load({ data: ndjson(personLine('Ivy', 31)), mode: 'append' });
    const atCommit = await g.createBranch({ name: 'old', from: fixtureCommit });
    expect(atCommit.from).toBe(fixtureCommit);
    expect(Object.keys(await nodesOf(g, 'Person', { branch: 'old' }))).toEqual([
      'Alice',
      'Bob',
      'Charlie',
      'Diana',
    ]);
    expect((await g.snapshot({ branch: 'old' })).graph_commit_id).toBe(fixtureCommit);
    await expectOmniError(
      g.createBranch({ name: 'x', from: 'nope' }),
      'not_found',
      "branch or commit 'nope' not found",
    );
    await expectOmniError(
      g.createBranch({ name: 'x', from: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }),
      'not_found',
      "'01ARZ3NDEKTSV4RRFFQ69G5FAV' not found",
    );
    expect((await g.listBranches()).branches).toEqual(['b1', 'b2', 'main', 'old']);

    // b1 has a dependent (b2 reads tables forked on b1): refused until b2 goes.
    await expectOmniError(g.deleteBranch('b1'), 'conflict', 'b2');
    expect((await g.listBranches()).branches).toEqual(['b1', 'b2', 'main', 'old']);
    await g.deleteBranch('b2');
    await g.deleteBranch('b1');
    await g.deleteBranch('old');
    // A branch created again under a deleted name starts from main, not from the old fork.
    await g.createBranch({ name: 'b1' });
    expect(Object.keys(await nodesOf(g, 'Person', { branch: 'b1' }))).toEqual([
      'Alice',
      'Bob',
      'Charlie',
      'Diana',
      'Ivy',
    ]);
    await g.load({ data: ndjson(personLine('Jo', 1)), mode: 'append', branch: 'b1' });
    expect(countsOf(await g.snapshot({ branch: 'b1' })).Person).toBe(6);
    await g.close();
  });

  it('branch create and delete are not commits', async () => {
    const before = (await graph.listCommits()).commits;
    await graph.createBranch({ name: 'nc' });
    expect((await graph.listCommits()).commits).toEqual(before);
    expect((await graph.listCommits({ branch: 'nc' })).commits).toEqual(before);
    await graph.deleteBranch('nc');
    expect((await graph.listCommits()).commits).toEqual(before);
    await expectOmniError(graph.listCommits({ branch: 'nc' }), 'not_found');
    await expectOmniError(
      graph.load({ data: ndjson(personLine('Late')), mode: 'append', branch: 'nc' }),
      'not_found',
    );
  });
});
