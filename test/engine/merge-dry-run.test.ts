import { beforeAll, expect, it } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  describeOnBackends,
  expectOmniError,
  freshGraph,
  graphState,
  openGraph,
  storageState,
} from './graph-helpers.js';
import { addKnows, deletePerson, MERGE_FIXTURE, putPerson, setAge } from './merge-helpers.js';

type Side = (graph: Omnigraph, branch: string) => Promise<void>;

const noop: Side = () => Promise.resolve();

describeOnBackends('branch merge --dry-run', (backend) => {
  let graph: Omnigraph;
  let cases = 0;
  beforeAll(async () => {
    graph = await freshGraph(backend, 'merge-dry-run', { data: MERGE_FIXTURE });
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

  /** Everything a merge could change: both branches' commits and pins, and every stored object. */
  async function everything(b: { source: string; target: string }): Promise<unknown> {
    return {
      target: await graphState(graph, b.target),
      source: await graphState(graph, b.source),
      branches: await graph.listBranches(),
      storage: await storageState(graph.uri),
    };
  }

  const OUTCOMES: readonly [string, Side, Side][] = [
    ['already_up_to_date', noop, (g, b) => putPerson(g, b, 'Eve', 22)],
    ['fast_forward', (g, b) => putPerson(g, b, 'Eve', 22), noop],
    ['merged', (g, b) => putPerson(g, b, 'Eve', 22), (g, b) => setAge(g, b, 'Alice', 31)],
  ];

  for (const [outcome, source, target] of OUTCOMES) {
    it(`reports ${outcome} and writes nothing; the real merge then ends the same way`, async () => {
      const b = await diverge(source, target);
      const before = await everything(b);
      const planned = await graph.mergeBranch({ ...b, dry_run: true });
      expect(planned).toEqual({ ...b, outcome, commit: null, dry_run: true });
      expect(await everything(b)).toEqual(before);
      const merged = await graph.mergeBranch(b);
      expect(merged.outcome).toBe(outcome);
    });
  }

  const CONFLICTS: readonly [string, Side, Side][] = [
    ['divergent_update', (g, b) => setAge(g, b, 'Alice', 31), (g, b) => setAge(g, b, 'Alice', 32)],
    [
      'delete_vs_update',
      (g, b) => deletePerson(g, b, 'Alice'),
      (g, b) => setAge(g, b, 'Alice', 31),
    ],
    [
      'orphan_edge',
      (g, b) => addKnows(g, b, 'Alice', 'Carol'),
      (g, b) => deletePerson(g, b, 'Alice'),
    ],
  ];

  for (const [kind, source, target] of CONFLICTS) {
    it(`reports ${kind} exactly as the merge does, writing nothing`, async () => {
      const b = await diverge(source, target);
      const before = await everything(b);
      const planned = await expectOmniError(
        graph.mergeBranch({ ...b, dry_run: true }),
        'merge_conflict',
        `(${kind})`,
      );
      expect(await everything(b)).toEqual(before);
      const real = await expectOmniError(graph.mergeBranch(b), 'merge_conflict');
      expect(planned.message).toBe(real.message);
      expect(planned.details).toEqual(real.details);
    });
  }

  it('refuses what the merge refuses, and --delete-branch with a dry run', async () => {
    await expectOmniError(
      graph.mergeBranch({ source: 'main', target: 'main', dry_run: true }),
      'bad_request',
      'into itself',
    );
    await expectOmniError(graph.mergeBranch({ source: 'nope', dry_run: true }), 'not_found');
    const b = await diverge((g, br) => putPerson(g, br, 'Zed', 1), noop);
    const before = await everything(b);
    await expectOmniError(
      graph.mergeBranch({ ...b, dry_run: true, delete_branch: true }),
      'bad_request',
      'cannot delete the branch',
    );
    expect(await everything(b)).toEqual(before);
  });

  it('runs on a graph opened read-only', async () => {
    const b = await diverge((g, br) => putPerson(g, br, 'Ro', 1), noop);
    const readOnly = await openGraph(graph.uri, 'read-only');
    try {
      const planned = await readOnly.mergeBranch({ ...b, dry_run: true });
      expect(planned.outcome).toBe('fast_forward');
      await expectOmniError(readOnly.mergeBranch(b), 'bad_request', 'read-only');
    } finally {
      await readOnly.close();
    }
  });
});
