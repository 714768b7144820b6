import { beforeAll, describe, expect, it } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  describeOnBackends,
  edgesOf,
  expectOmniError,
  freshGraph,
  graphState,
  nodesOf,
} from './graph-helpers.js';
import {
  addKnows,
  deletePerson,
  MERGE_FIXTURE,
  overwriteWithout,
  putPerson,
  setAge,
} from './merge-helpers.js';

type Side = (graph: Omnigraph, branch: string) => Promise<void>;

const noop: Side = () => Promise.resolve();
const insertEve =
  (age: number): Side =>
  (g, b) =>
    putPerson(g, b, 'Eve', age);
const setAliceAge =
  (age: number): Side =>
  (g, b) =>
    setAge(g, b, 'Alice', age);
const deleteAlice: Side = (g, b) => deletePerson(g, b, 'Alice');
const deleteDanByOverwrite: Side = (g, b) => overwriteWithout(g, b, 'Dan');
const aliceKnowsCarol: Side = (g, b) => addKnows(g, b, 'Alice', 'Carol');

interface ConflictCase {
  readonly name: string;
  readonly source: Side;
  readonly target: Side;
  readonly conflict: { kind: string; entity_kind: string; type_name: string; entity_id?: string };
}

const CONFLICTS: readonly ConflictCase[] = [
  {
    name: 'both insert Eve with different ages',
    source: insertEve(20),
    target: insertEve(21),
    conflict: {
      kind: 'divergent_insert',
      entity_kind: 'node',
      type_name: 'Person',
      entity_id: 'Eve',
    },
  },
  {
    name: 'both set Alice.age differently',
    source: setAliceAge(31),
    target: setAliceAge(32),
    conflict: {
      kind: 'divergent_update',
      entity_kind: 'node',
      type_name: 'Person',
      entity_id: 'Alice',
    },
  },
  {
    name: 'delete Alice vs set Alice.age',
    source: deleteAlice,
    target: setAliceAge(31),
    conflict: {
      kind: 'delete_vs_update',
      entity_kind: 'node',
      type_name: 'Person',
      entity_id: 'Alice',
    },
  },
  {
    name: 'set Alice.age vs delete Alice',
    source: setAliceAge(31),
    target: deleteAlice,
    conflict: {
      kind: 'delete_vs_update',
      entity_kind: 'node',
      type_name: 'Person',
      entity_id: 'Alice',
    },
  },
  {
    name: 'insert edge Alice→Carol vs delete Alice',
    source: aliceKnowsCarol,
    target: deleteAlice,
    conflict: { kind: 'orphan_edge', entity_kind: 'edge', type_name: 'Knows' },
  },
  {
    name: 'delete Alice vs insert edge Alice→Carol',
    source: deleteAlice,
    target: aliceKnowsCarol,
    conflict: { kind: 'orphan_edge', entity_kind: 'edge', type_name: 'Knows' },
  },
];

describeOnBackends('branch merge', (backend) => {
  let graph: Omnigraph;
  let cases = 0;
  beforeAll(async () => {
    graph = await freshGraph(backend, 'merge', { data: MERGE_FIXTURE });
  });

  /** Fresh `source`/`target` branches forked from main, each changed by its side. */
  async function diverge(source: Side, target: Side): Promise<{ source: string; target: string }> {
    cases += 1;
    const names = { source: `left${cases}`, target: `right${cases}` };
    await graph.createBranch({ name: names.source });
    await graph.createBranch({ name: names.target });
    await source(graph, names.source);
    await target(graph, names.target);
    return names;
  }

  describe('merge matrix', () => {
    it('(noop, anything) is already_up_to_date and publishes nothing', async () => {
      const b = await diverge(noop, insertEve(22));
      const before = await graphState(graph, b.target);
      const result = await graph.mergeBranch({ source: b.source, target: b.target });
      expect(result).toMatchObject({ outcome: 'already_up_to_date', commit: null });
      expect(await graphState(graph, b.target)).toEqual(before);
    });

    it("(insert Eve, noop) is a fast_forward onto the target's own tables", async () => {
      const b = await diverge(insertEve(22), noop);
      const result = await graph.mergeBranch({ source: b.source, target: b.target });
      expect(result.outcome).toBe('fast_forward');
      expect((await nodesOf(graph, 'Person', { branch: b.target })).Eve).toEqual({
        id: 'Eve',
        name: 'Eve',
        age: 22,
      });
      const personOf = async (branch: string) =>
        (await graph.snapshot({ branch })).datasets.find((d) => d.type_name === 'Person');
      const [ours, theirs] = [await personOf(b.target), await personOf(b.source)];
      // Never pointer adoption: the target's Person table is its own Lance branch.
      expect(ours?.native_dataset_branch).toEqual(expect.any(String));
      expect(ours?.native_dataset_branch).not.toBe(theirs?.native_dataset_branch);
    });

    for (const c of CONFLICTS) {
      it(`${c.name} → ${c.conflict.kind}, nothing published`, async () => {
        const b = await diverge(c.source, c.target);
        const target = await graphState(graph, b.target);
        const source = await graphState(graph, b.source);
        const error = await expectOmniError(
          graph.mergeBranch({ source: b.source, target: b.target }),
          'merge_conflict',
          'merge conflicts: ',
          `(${c.conflict.kind})`,
        );
        expect(error.details?.merge_conflicts).toEqual([expect.objectContaining(c.conflict)]);
        expect(error.message).toContain(`${c.conflict.entity_kind} type '${c.conflict.type_name}'`);
        expect(await graphState(graph, b.target)).toEqual(target);
        expect(await graphState(graph, b.source)).toEqual(source);
      });
    }

    it('both delete Alice → merged', async () => {
      const b = await diverge(deleteAlice, deleteAlice);
      const result = await graph.mergeBranch({ source: b.source, target: b.target });
      expect(result.outcome).toBe('merged');
      expect(Object.keys(await nodesOf(graph, 'Person', { branch: b.target }))).toEqual([
        'Bob',
        'Carol',
        'Dan',
      ]);
    });

    it('both insert Eve identically → merged, one Eve', async () => {
      const b = await diverge(insertEve(22), insertEve(22));
      expect((await graph.mergeBranch({ source: b.source, target: b.target })).outcome).toBe(
        'merged',
      );
      const people = await nodesOf(graph, 'Person', { branch: b.target });
      expect(people.Eve).toEqual({ id: 'Eve', name: 'Eve', age: 22 });
    });

    it('both insert Alice→Carol → merged with 3 Knows edges of distinct ids', async () => {
      const b = await diverge(aliceKnowsCarol, aliceKnowsCarol);
      expect((await graph.mergeBranch({ source: b.source, target: b.target })).outcome).toBe(
        'merged',
      );
      expect(await edgesOf(graph, 'Knows', { branch: b.target })).toEqual([
        'Alice->Carol',
        'Alice->Carol',
        'Bob->Carol',
      ]);
    });

    it('disjoint changes (insert + delete, update + insert) → merged with both effects', async () => {
      const b = await diverge(
        async (g, br) => {
          await insertEve(22)(g, br);
          await setAliceAge(31)(g, br);
        },
        async (g, br) => {
          await deleteDanByOverwrite(g, br);
          await putPerson(g, br, 'Fay', 33);
        },
      );
      const result = await graph.mergeBranch({ source: b.source, target: b.target });
      expect(result.outcome).toBe('merged');
      const people = await nodesOf(graph, 'Person', { branch: b.target });
      expect(people).toEqual({
        Alice: { id: 'Alice', name: 'Alice', age: 31 },
        Bob: { id: 'Bob', name: 'Bob', age: 25 },
        Carol: { id: 'Carol', name: 'Carol', age: 40 },
        Eve: { id: 'Eve', name: 'Eve', age: 22 },
        Fay: { id: 'Fay', name: 'Fay', age: 33 },
      });
    });
  });

  describe('commits of a merge', () => {
    it('fast-forward appends exactly one merge commit with both parents', async () => {
      await graph.createBranch({ name: 'feature57' });
      await putPerson(graph, 'feature57', 'Eve', 22);
      const [mainHead] = (await graph.listCommits({ branch: 'main' })).commits;
      const [featureHead] = (await graph.listCommits({ branch: 'feature57' })).commits;
      const result = await graph.mergeBranch({ source: 'feature57' }, { actor: 'act-merger' });
      expect(result.outcome).toBe('fast_forward');
      const commits = (await graph.listCommits({ branch: 'main' })).commits;
      expect(commits[0]).toEqual(result.commit);
      expect(commits.slice(1, 1 + (commits.length - 1))[0]).toEqual(mainHead);
      expect(result.commit).toMatchObject({
        graph_branch: null,
        parent_commit_id: mainHead!.graph_commit_id,
        merged_parent_commit_id: featureHead!.graph_commit_id,
        actor_id: 'act-merger',
      });
      const versions = commits.map((c) => c.graph_manifest_version);
      expect(result.commit!.graph_manifest_version).toBe(Math.max(...versions));
      // Merging again: nothing left to merge, no commit.
      const again = await graph.mergeBranch({ source: 'feature57' });
      expect(again).toMatchObject({ outcome: 'already_up_to_date', commit: null });
      expect((await graph.listCommits({ branch: 'main' })).commits).toEqual(commits);
    });

    it('a diverged merge publishes one commit with two parents and the actor', async () => {
      // Main holds Eve at 22 since the fast-forward above: a load of that same row would change
      // nothing (and publish no commit) on the source.
      const b = await diverge(insertEve(23), setAliceAge(33));
      const [targetHead] = (await graph.listCommits({ branch: b.target })).commits;
      const [sourceHead] = (await graph.listCommits({ branch: b.source })).commits;
      const sourceState = await graphState(graph, b.source);
      const result = await graph.mergeBranch(
        { source: b.source, target: b.target },
        { actor: 'act-x' },
      );
      expect(result.outcome).toBe('merged');
      expect(result.commit).toMatchObject({
        parent_commit_id: targetHead!.graph_commit_id,
        merged_parent_commit_id: sourceHead!.graph_commit_id,
        actor_id: 'act-x',
        graph_branch: b.target,
      });
      // The source branch is never touched.
      expect(await graphState(graph, b.source)).toEqual(sourceState);
      // Merging back: the target holds everything the source has.
      expect((await graph.mergeBranch({ source: b.source, target: b.target })).outcome).toBe(
        'already_up_to_date',
      );
      // And the source can take the target's side as a fast-forward.
      expect((await graph.mergeBranch({ source: b.target, target: b.source })).outcome).toBe(
        'fast_forward',
      );
      expect(await nodesOf(graph, 'Person', { branch: b.source })).toEqual(
        await nodesOf(graph, 'Person', { branch: b.target }),
      );
    });
  });

  describe('refusals', () => {
    it('merging a branch into itself is refused', async () => {
      await expectOmniError(graph.mergeBranch({ source: 'main' }), 'bad_request', 'into itself');
    });

    it('merging an unknown branch is not_found', async () => {
      await expectOmniError(
        graph.mergeBranch({ source: 'nope' }),
        'not_found',
        "branch 'nope' not found",
      );
    });

    it('--delete-branch deletes the source after the merge, even when already up to date', async () => {
      await graph.createBranch({ name: 'gone' });
      const result = await graph.mergeBranch({ source: 'gone', delete_branch: true });
      expect(result).toMatchObject({ outcome: 'already_up_to_date', branch_deleted: true });
      expect((await graph.listBranches()).branches).not.toContain('gone');
    });
  });
});
