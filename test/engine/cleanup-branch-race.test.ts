import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { CUTOFF_MARGIN_MS } from '../../src/engine/maintenance/cleanup-plan.js';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { testSettings } from '../helpers/s3-env.js';
import {
  describeOnBackends,
  expectOmniError,
  exportAll,
  freshGraph,
  ndjson,
  personLine,
  startPausing,
  TEST_JSONL,
  type Backend,
} from './graph-helpers.js';

const MAINTENANCE_CHILD = path.join(import.meta.dirname, 'maintenance-child.ts');

// A branch created from a commit that a cleanup in another process is reclaiming must not start
// on data that is about to go: the create waits for the cleanup's writer lease, then finds the
// commit gone. In one process the branch names' gate orders them the same way.

/**
 * A graph whose commit `old` (a load of one person) a `cleanup --keep 1` reclaims: two commits
 * follow it, written past the margin cleanup keeps before the oldest retained version.
 */
async function graphWithOldCommit(
  backend: Backend,
  label: string,
): Promise<{ graph: Omnigraph; old: string }> {
  const graph = await freshGraph(backend, label, { data: TEST_JSONL });
  await graph.load({ data: ndjson(personLine('Old', 30)), mode: 'merge' });
  const [old] = (await graph.listCommits()).commits;
  if (!old) throw new Error('no commit');
  await sleep(CUTOFF_MARGIN_MS + 500);
  await graph.load({ data: ndjson(personLine('New1', 40)), mode: 'merge' });
  await graph.load({ data: ndjson(personLine('New2', 41)), mode: 'merge' });
  return { graph, old: old.graph_commit_id };
}

describeOnBackends('branch create beside a cleanup', (backend) => {
  it('does not start a branch on a commit a cleanup in another process is reclaiming', async () => {
    const { graph, old } = await graphWithOldCommit(backend, 'cleanup-race');
    await graph.close();

    const cleanup = startPausing(MAINTENANCE_CHILD, ['cleanup', graph.uri, '1'], {
      OMNIGRAPH_FAILPOINTS: 'cleanup.before_table:pause',
    });
    const other = await Omnigraph.open(graph.uri, {
      settings: testSettings({ writer: { waitMs: 300 } }),
    });
    try {
      await cleanup.paused;
      // The cleanup has planned and holds the lease: the create waits for it, then gives up.
      await expectOmniError(
        other.createBranch({ name: 'from-old', from: old }),
        'conflict',
        'is being written by',
      );
      expect((await other.listBranches()).branches).toEqual(['main']);
      // A branch from a head needs no lease: the cleanup keeps every head's data.
      await other.createBranch({ name: 'from-main' });
      cleanup.resume();
      expect((await cleanup.exited).code).toBe(0);
      await expectOmniError(
        other.createBranch({ name: 'from-old', from: old }),
        'not_found',
        'can no longer be read',
      );
      expect((await other.listBranches()).branches).toEqual(['from-main', 'main']);
      expect(await exportAll(other, { branch: 'from-main' })).toEqual(await exportAll(other));
    } finally {
      cleanup.kill();
      await other.close();
    }
  });

  it('in one process, a create from a commit a cleanup reclaims waits for it', async () => {
    const { graph, old } = await graphWithOldCommit(backend, 'cleanup-race-local');
    const cleaned = graph.cleanup({ keep_versions: 1, confirm: true });
    const created = graph.createBranch({ name: 'from-old', from: old });
    // Whichever goes first, no branch is left on data that is gone.
    const [cleanup, branch] = await Promise.allSettled([cleaned, created]);
    expect(cleanup.status).toBe('fulfilled');
    if (branch.status === 'fulfilled') {
      expect(await exportAll(graph, { branch: 'from-old' })).toEqual(
        await exportAll(graph, { snapshot: old }),
      );
    } else {
      expect(branch.reason).toMatchObject({ code: 'not_found' });
      expect((await graph.listBranches()).branches).toEqual(['main']);
    }
    await graph.close();
  });
});
