import { beforeAll, expect, it } from 'vitest';
import { FAILPOINT_EXIT_CODE } from '../../src/engine/protocol/failpoints.js';
import { RECOVERY_ACTOR } from '../../src/engine/protocol/recovery.js';
import {
  describeOnBackends,
  edgeLine,
  expectOmniError,
  exportAll,
  freshGraph,
  keysUnder,
  ndjson,
  ndjsonFile,
  openGraph,
  personLine,
  runChild,
  storageState,
  TEST_JSONL,
} from './graph-helpers.js';

/** The load a crash interrupts: three tables (Person, Company, Knows); `tag` keeps cases apart. */
function crashingLoad(tag: string): object[] {
  return [
    personLine(`Eve${tag}`, 22),
    { type: 'Company', data: { name: `Initech${tag}` } },
    edgeLine('Knows', `Eve${tag}`, 'Alice'),
  ];
}

/** The local path of a `file://` URI (storageState walks directories), else the URI. */
function localPath(uri: string): string {
  return uri.startsWith('file://') ? new URL(uri).pathname : uri;
}

interface CrashCase {
  readonly point: string;
  readonly branch: 'main' | 'side' | 'fresh';
  /** Whether the interrupted load is visible afterwards. */
  readonly published: boolean;
}

const CASES: readonly CrashCase[] = [
  // An intent and no effect: the recovery deletes the intent and restores nothing.
  { point: 'load.after_intent', branch: 'main', published: false },
  { point: 'load.after_table_effect', branch: 'main', published: false },
  { point: 'load.before_publish', branch: 'main', published: false },
  { point: 'load.after_publish', branch: 'main', published: true },
  // A branch that has not forked Company and Knows yet: the crash leaves lazy forks behind.
  { point: 'load.before_publish', branch: 'side', published: false },
  // A branch created for the load, with no table forked at all (local disk only: on S3 the
  // lazy-fork undo is the `side` case's).
  { point: 'load.after_table_effect', branch: 'fresh', published: false },
];

describeOnBackends('graph failpoints', (backend) => {
  // One graph for every case (each starts from wherever the previous left it): the fixture on
  // main and a branch `side` that has written Person.
  let uri: string;
  beforeAll(async () => {
    const graph = await freshGraph(backend, 'failpoints', { data: TEST_JSONL });
    await graph.createBranch({ name: 'side' });
    await graph.load({ data: ndjson(personLine('Sid', 40)), mode: 'append', branch: 'side' });
    uri = graph.uri;
    await graph.close();
  });

  CASES.forEach(({ point, branch, published }, index) => {
    const load = crashingLoad(String(index));
    if (backend.s3 && branch === 'fresh') return;
    it(`${point} on ${branch}: the graph is exactly ${published ? 'after' : 'before'} the load and recovers`, async () => {
      const graph = await openGraph(uri);
      if (branch === 'fresh') await graph.createBranch({ name: 'fresh' });
      const other = branch === 'main' ? 'side' : 'main';
      const before = await exportAll(graph, { branch });
      const commitsBefore = (await graph.listCommits({ branch })).commits;
      // Pins of immutable table versions: equal snapshots hold equal data.
      const otherBefore = await graph.snapshot({ branch: other });
      const otherCommits = (await graph.listCommits({ branch: other })).commits;
      await graph.close();

      const file = await ndjsonFile('fp', load);
      const crash = await runChild(['load', uri, 'merge', file, branch], {
        OMNIGRAPH_FAILPOINTS: point,
      });
      expect(crash.code, crash.stderr + crash.stdout).toBe(FAILPOINT_EXIT_CODE);
      expect(crash.stderr).toContain(`failpoint ${point} reached`);
      expect(crash.stdout).toBe('');
      expect(await keysUnder(uri, '_og/recovery/')).toHaveLength(1);

      // A read-only open sees the published state, recovers nothing and writes nothing.
      const stored = await storageState(localPath(uri));
      const reader = await openGraph(uri, 'read-only');
      expect(reader.recovered).toEqual([]);
      const commitsSeen = (await reader.listCommits({ branch })).commits;
      const seen = await exportAll(reader, { branch });
      // The dead writer's commit record (written before publishing) is a commit only if it
      // was published.
      const listed = new Set<string>();
      for (const b of (await reader.listBranches()).branches)
        for (const c of (await reader.listCommits({ branch: b })).commits)
          listed.add(c.graph_commit_id);
      const records = (await keysUnder(uri, '_og/commits/')).map((k) => k.slice(12, -5));
      const orphans = records.filter((id) => !listed.has(id));
      if (published) {
        expect(orphans).toEqual([]);
        const head = commitsSeen[0]!;
        expect(await reader.showCommit(head.graph_commit_id)).toEqual(head);
        expect((await reader.snapshot({ snapshot: head.graph_commit_id })).graph_commit_id).toBe(
          head.graph_commit_id,
        );
      } else {
        expect(orphans).toHaveLength(point === 'load.before_publish' ? 1 : 0);
        for (const orphan of orphans) {
          await expectOmniError(reader.showCommit(orphan), 'not_found');
          await expectOmniError(reader.snapshot({ snapshot: orphan }), 'not_found');
        }
      }
      await reader.close();
      expect(await storageState(localPath(uri))).toEqual(stored);
      if (published) {
        expect(commitsSeen.slice(1)).toEqual(commitsBefore);
        expect(commitsSeen[0]!.parent_commit_id).toBe(commitsBefore[0]!.graph_commit_id);
        expect(seen).toHaveLength(before.length + 3);
        expect(seen.filter((l) => before.includes(l))).toEqual(before);
      } else {
        expect(commitsSeen).toEqual(commitsBefore);
        expect(seen).toEqual(before);
      }

      // The next read-write open recovers and leaves no intent (and no lease) behind.
      const recovered = await openGraph(uri);
      expect(recovered.recovered).toEqual([
        expect.objectContaining({
          writer_kind: 'load',
          action: published ? 'rolled_forward' : 'rolled_back',
        }),
      ]);
      expect(await keysUnder(uri, '_og/recovery/')).toEqual([]);
      expect(await keysUnder(uri, '_og/lease')).toEqual([]);
      expect(await exportAll(recovered, { branch })).toEqual(seen);
      const commitsAfter = (await recovered.listCommits({ branch })).commits;
      // Only a rollback may add a commit: the recovery commit re-pinning restored tables, with
      // the entities exactly as before.
      const added = commitsAfter.slice(0, commitsAfter.length - commitsSeen.length);
      expect(commitsAfter.slice(added.length)).toEqual(commitsSeen);
      expect(added.length).toBeLessThanOrEqual(published ? 0 : 1);
      for (const commit of added) {
        expect(commit).toMatchObject({
          actor_id: RECOVERY_ACTOR,
          parent_commit_id: commitsSeen[0]!.graph_commit_id,
          graph_branch: branch === 'main' ? null : branch,
        });
        expect(recovered.recovered[0]!.recovery_commit_id).toBe(commit.graph_commit_id);
      }
      // The dead writer's unpublished commit record is gone: every record is reachable.
      const reachable = new Set<string>();
      for (const b of (await recovered.listBranches()).branches)
        for (const c of (await recovered.listCommits({ branch: b })).commits)
          reachable.add(c.graph_commit_id);
      expect(await keysUnder(uri, '_og/commits/')).toHaveLength(reachable.size);

      // The next load succeeds, and nothing else was lost.
      const result = await recovered.load({ data: ndjson(...load), mode: 'merge', branch });
      expect(result.total_entities).toBe(3);
      const final = await exportAll(recovered, { branch });
      // Merging Eve and Initech again replaces them; the Knows edge gets a fresh id (parallel).
      expect(final.filter((l) => seen.includes(l))).toEqual(seen);
      expect(final).toHaveLength(seen.length + (published ? 1 : 3));
      expect(final.filter((l) => l.includes(`"Initech${index}"`))).toHaveLength(1);
      expect(final.filter((l) => l.includes(`"from":"Eve${index}","to":"Alice"`))).toHaveLength(
        published ? 2 : 1,
      );
      expect(await recovered.snapshot({ branch: other })).toEqual(otherBefore);
      expect((await recovered.listCommits({ branch: other })).commits).toEqual(otherCommits);
      await recovered.close();
    });
  });
});
