import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { FAILPOINT_EXIT_CODE } from '../../src/engine/protocol/failpoints.js';
import { RECOVERY_ACTOR } from '../../src/engine/protocol/recovery.js';
import {
  type ChildResult,
  describeOnBackends,
  exportAll,
  freshGraph,
  keysUnder,
  openGraph,
  runScript,
  storageState,
} from './graph-helpers.js';
import { MERGE_FIXTURE, putPerson, setAge } from './merge-helpers.js';

const CHILD = path.join(import.meta.dirname, 'merge-child.ts');

/** Runs one merge in a child process with a failpoint armed. */
function crashingMerge(
  uri: string,
  source: string,
  target: string,
  point: string,
): Promise<ChildResult> {
  return runScript(CHILD, ['merge', uri, source, target], { OMNIGRAPH_FAILPOINTS: point });
}

interface CrashCase {
  readonly point: string;
  readonly outcome: 'fast_forward' | 'merged';
  /** Whether the interrupted merge is visible afterwards. */
  readonly published: boolean;
}

const CASES: readonly CrashCase[] = [
  { point: 'merge.after_table_effect', outcome: 'merged', published: false },
  { point: 'merge.before_publish', outcome: 'merged', published: false },
  { point: 'merge.after_publish', outcome: 'merged', published: true },
  { point: 'merge.after_table_effect', outcome: 'fast_forward', published: false },
  { point: 'merge.before_publish', outcome: 'fast_forward', published: false },
];

describeOnBackends('branch merge failpoints', (backend) => {
  let uri: string;
  beforeAll(async () => {
    const graph = await freshGraph(backend, 'merge-failpoints', { data: MERGE_FIXTURE });
    uri = graph.uri;
    await graph.close();
  });

  CASES.forEach(({ point, outcome, published }, index) => {
    it(`${point} (${outcome}): the target is exactly ${published ? 'after' : 'before'} the merge and recovers`, async () => {
      const [source, target] = [`src${index}`, `tgt${index}`];
      const graph = await openGraph(uri);
      await graph.createBranch({ name: source });
      await graph.createBranch({ name: target });
      await putPerson(graph, source, `Eve${index}`, 22);
      await setAge(graph, source, 'Alice', 40 + index);
      if (outcome === 'merged') await putPerson(graph, target, `Tim${index}`, 33);
      const before = await exportAll(graph, { branch: target });
      const sourceLines = await exportAll(graph, { branch: source });
      const commitsBefore = (await graph.listCommits({ branch: target })).commits;
      const sourceSnapshot = await graph.snapshot({ branch: source });
      await graph.close();

      const crash = await crashingMerge(uri, source, target, point);
      expect(crash.code, crash.stderr + crash.stdout).toBe(FAILPOINT_EXIT_CODE);
      expect(crash.stderr).toContain(`failpoint ${point} reached`);
      expect(await keysUnder(uri, '_og/recovery/')).toHaveLength(1);

      // A read-only open sees the published state and writes nothing.
      const stored = await storageState(uri);
      const reader = await openGraph(uri, 'read-only');
      const seen = await exportAll(reader, { branch: target });
      const commitsSeen = (await reader.listCommits({ branch: target })).commits;
      await reader.close();
      expect(await storageState(uri)).toEqual(stored);
      if (published) {
        expect(commitsSeen.slice(1)).toEqual(commitsBefore);
        expect(commitsSeen[0]).toMatchObject({
          parent_commit_id: commitsBefore[0]!.graph_commit_id,
        });
        expect(commitsSeen[0]?.merged_parent_commit_id).toBe(sourceSnapshot.graph_commit_id);
        expect(seen.some((l) => l.includes(`"Eve${index}"`))).toBe(true);
      } else {
        expect(commitsSeen).toEqual(commitsBefore);
        expect(seen).toEqual(before);
      }

      // The next read-write open recovers; the source was never touched.
      const recovered = await openGraph(uri);
      expect(recovered.recovered).toEqual([
        expect.objectContaining({
          writer_kind: 'merge',
          action: published ? 'rolled_forward' : 'rolled_back',
        }),
      ]);
      expect(await keysUnder(uri, '_og/recovery/')).toEqual([]);
      expect(await exportAll(recovered, { branch: target })).toEqual(seen);
      const added =
        (await recovered.listCommits({ branch: target })).commits.length - commitsSeen.length;
      expect(added).toBeLessThanOrEqual(published ? 0 : 1);
      if (added === 1)
        expect((await recovered.listCommits({ branch: target })).commits[0]!.actor_id).toBe(
          RECOVERY_ACTOR,
        );
      expect(await recovered.snapshot({ branch: source })).toEqual(sourceSnapshot);
      expect(await exportAll(recovered, { branch: source })).toEqual(sourceLines);

      // Merging again completes the merge (or finds it done).
      const again = await recovered.mergeBranch({ source, target });
      expect(again.outcome).toBe(published ? 'already_up_to_date' : outcome);
      const final = await exportAll(recovered, { branch: target });
      expect(final.some((l) => l.includes(`"Eve${index}"`))).toBe(true);
      expect(final.some((l) => l.includes(`"age":${40 + index}`))).toBe(true);
      if (outcome === 'merged') expect(final.some((l) => l.includes(`"Tim${index}"`))).toBe(true);
      await recovered.close();
    });
  });
});
