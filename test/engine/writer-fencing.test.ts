import path from 'node:path';
import { expect, it, vi } from 'vitest';
import { runWrite } from '../../src/engine/protocol/graph-writer.js';
import { RECOVERY_ACTOR } from '../../src/engine/protocol/recovery.js';
import type { GraphContext } from '../../src/engine/protocol/graph-context.js';
import type { CommitOutput } from '../../src/api/index.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import type { WriteSession } from '../../src/engine/protocol/write-session.js';
import type { TableWriter } from '../../src/engine/lance/table-writer.js';
import {
  describeOnBackends,
  edgeLine,
  exportAll,
  freshGraph,
  ndjson,
  ndjsonFile,
  nodesOf,
  openGraph,
  personLine,
  runChild,
  startPausing,
  storageState,
  TEST_JSONL,
} from './graph-helpers.js';
import { writeContextOf } from './write-context.js';

const CHILD = path.join(import.meta.dirname, 'graph-child.ts');

/** The local path of a `file://` URI (storageState walks directories), else the URI. */
function localPath(uri: string): string {
  return uri.startsWith('file://') ? new URL(uri).pathname : uri;
}

interface Stage {
  /** The failpoint the stale writer pauses at (after the fence check before it, if any). */
  readonly point: string;
  /** Whether the stale writer may have changed storage before it notices (then not "nothing"). */
  readonly leavesVersions: boolean;
}

const STAGES: readonly Stage[] = [
  { point: 'load.after_lease', leavesVersions: false },
  { point: 'load.after_intent', leavesVersions: false },
  { point: 'load.before_table_write', leavesVersions: true },
  { point: 'load.before_publish', leavesVersions: true },
];

/** A short lease, so the pause outlives it; no lingering, so each writer releases at exit. */
const STALE_ENV = { OMNIGRAPH_LEASE_TTL_MS: '1000', OMNIGRAPH_LEASE_LINGER_MS: '0' };
// The other writers keep a long lease: only the paused one may lose it, even on a slow machine
// (waiting out the stale lease depends on the stale writer's lifetime, not on theirs).
const LIVE_ENV = { OMNIGRAPH_LEASE_TTL_MS: '30000', OMNIGRAPH_LEASE_LINGER_MS: '0' };

/** Commits of main that are not recovery commits, newest first. */
function ownCommits(commits: readonly CommitOutput[]): CommitOutput[] {
  return commits.filter((c) => c.actor_id !== RECOVERY_ACTOR);
}

describeOnBackends('writer fencing', (backend) => {
  STAGES.forEach(({ point, leavesVersions }) => {
    it(`a writer paused at ${point} past its lease stops with a typed conflict and breaks nothing`, async () => {
      const graph = await freshGraph(backend, 'fence', { data: TEST_JSONL });
      const { uri } = graph;
      const base = (await graph.listCommits()).commits;
      const baseLines = await exportAll(graph);
      await graph.close();

      const staleFile = await ndjsonFile('fence-stale', [
        personLine('Stale', 1),
        edgeLine('Knows', 'Stale', 'Alice'),
      ]);
      const stale = startPausing(CHILD, ['load', uri, 'merge', staleFile], {
        ...STALE_ENV,
        OMNIGRAPH_FAILPOINTS: `${point}:pause`,
      });
      try {
        await stale.paused;
        // Another process waits the lease out, takes it over and writes the same tables.
        const takerFile = await ndjsonFile('fence-taker', [
          personLine('Taker', 2),
          edgeLine('Knows', 'Taker', 'Bob'),
        ]);
        const taker = await runChild(['load', uri, 'merge', takerFile], LIVE_ENV);
        expect(taker.code, taker.stderr + taker.stdout).toBe(0);
        const taken = JSON.parse(taker.stdout) as { result: { commit: CommitOutput } };
        const stored = await storageState(localPath(uri));

        stale.resume();
        const resumed = await stale.exited;
        expect(resumed.code, resumed.stderr).toBe(3);
        const { error } = JSON.parse(resumed.stdout) as {
          error: { code: string; message: string };
        };
        expect(error.code).toBe('conflict');
        expect(error.message).toContain(`lost the writer lease of ${uri} to `);
        expect(error.message).toContain(
          leavesVersions ? 'the write was not published' : 'nothing was changed',
        );
        if (!leavesVersions) expect(await storageState(localPath(uri))).toEqual(stored);

        // The graph holds exactly the taker's commit on the base (and maybe a recovery commit
        // that re-pinned tables after the stale writer, changing no entity).
        const reader = await openGraph(uri, 'read-only');
        const commits = (await reader.listCommits()).commits;
        expect(ownCommits(commits)).toEqual([taken.result.commit, ...base]);
        const lines = await exportAll(reader);
        expect(lines.filter((l) => !baseLines.includes(l))).toEqual([
          expect.stringContaining('"from":"Taker","to":"Bob"'),
          expect.stringContaining('"name":"Taker"'),
        ]);
        expect(lines.filter((l) => baseLines.includes(l))).toEqual(baseLines);
        await reader.close();

        // The next writes, by another process and by this one, succeed.
        const nextFile = await ndjsonFile('fence-next', [personLine('Next', 3)]);
        const next = await runChild(['load', uri, 'merge', nextFile], LIVE_ENV);
        expect(next.code, next.stderr + next.stdout).toBe(0);
        const writer = await openGraph(uri);
        await writer.load({ data: ndjson(personLine('Later', 4)), mode: 'merge' });
        await writer.mutate({
          query: 'query grow($n: String) { update Person set { age: 5 } where name = $n }',
          params: { n: 'Taker' },
        });
        const optimized = await writer.optimize();
        expect(optimized.datasets.map((d) => d.skipped)).toEqual(
          optimized.datasets.map(() => null),
        );
        const final = await exportAll(writer);
        expect(final.filter((l) => l.includes('Stale'))).toEqual([]);
        for (const name of ['Taker', 'Next', 'Later'])
          expect(final.some((l) => l.includes(`"name":"${name}"`))).toBe(true);
        const after = ownCommits((await writer.listCommits()).commits);
        expect(after.slice(-ownCommits(commits).length)).toEqual(ownCommits(commits));
        await writer.close();
      } finally {
        stale.kill();
      }
      // Four writer processes one after another: slow on a busy machine, slower on S3.
    }, 240_000);
  });
});

/** A Person row as the table stores it. */
function person(name: string): { id: string; name: string; age: number } {
  return { id: name, name, age: 1 };
}

/**
 * A load of Person rows through the write protocol whose `apply` runs `between` among its own
 * table effects: there a writer that lost the lease (a Lance handle opened at the pin, as that
 * writer's was) commits.
 */
function loadAround(
  ctx: GraphContext,
  between: (session: WriteSession) => Promise<void>,
): ReturnType<typeof runWrite> {
  return runWrite(ctx, {
    kind: 'load',
    branch: 'main',
    actor: null,
    prepare: () => Promise.resolve({ tables: ['node:Person'] }),
    apply: async (_plan, session) => {
      await between(session);
    },
  });
}

describeOnBackends('writer fencing inside a write', (backend) => {
  async function setUp(label: string): Promise<{
    graph: Omnigraph;
    ctx: GraphContext;
    stale: () => Promise<TableWriter>;
  }> {
    const graph = await freshGraph(backend, label, { data: TEST_JSONL });
    const ctx = await writeContextOf(graph.uri);
    const pin = (await graph.resolve()).entry('node:Person');
    return { graph, ctx, stale: () => ctx.root.tables.writer(pin.table, 'main') };
  }

  it('a foreign version between its effects is not published: the effect is redone', async () => {
    const { graph, ctx, stale } = await setUp('fence-rebase');
    const intruder = await stale();
    const outcome = await loadAround(ctx, async (session) => {
      const people = await session.table('node:Person');
      await people.append([person('Own1')]);
      // Lance would rebase the next append onto this commit and publish it with ours.
      await intruder.append([person('Intruder')]);
      await people.append([person('Own2')]);
    });
    expect(outcome.commit).not.toBeNull();
    const names = Object.keys(await nodesOf(graph, 'Person'));
    expect(names).toEqual(expect.arrayContaining(['Own1', 'Own2']));
    expect(names).not.toContain('Intruder');
    // The restore that put the table back makes Lance refuse the intruder from now on.
    await expect(intruder.append([person('Intruder2')])).rejects.toThrow(/Incompatible/);
    ctx.root.tables.close();
    await graph.close();
  });

  it('an effect Lance refuses behind a foreign restore is redone on its own version', async () => {
    const { graph, ctx, stale } = await setUp('fence-refused');
    const restorer = await stale();
    const pinned = restorer.version;
    await loadAround(ctx, async (session) => {
      const people = await session.table('node:Person');
      await people.append([person('Own1')]);
      await restorer.restore(pinned);
      await people.append([person('Own2')]);
    });
    const names = Object.keys(await nodesOf(graph, 'Person'));
    expect(names).toEqual(expect.arrayContaining(['Own1', 'Own2']));
    ctx.root.tables.close();
    await graph.close();
  });

  it('the writer a published write kept meets a foreign version as one: it is not published', async () => {
    const { graph, ctx, stale } = await setUp('fence-kept');
    const intruder = await stale();
    const kept = vi.spyOn(ctx.root.tables, 'keepWriter');
    await loadAround(ctx, async (session) => {
      await (await session.table('node:Person')).append([person('Own1')]);
    });
    const [[writer]] = kept.mock.calls as [[TableWriter]];
    // A writer that lost the lease commits on top of the published version, and stops there.
    await intruder.append([person('Intruder')]);
    const opened = vi.spyOn(ctx.root.tables, 'writer');
    await loadAround(ctx, async (session) => {
      await (await session.table('node:Person')).append([person('Own2')]);
    });
    // The next write took the kept writer (no open), and still published nothing foreign.
    expect(await opened.mock.results[0]?.value).toBe(writer);
    const names = Object.keys(await nodesOf(graph, 'Person'));
    expect(names).toEqual(expect.arrayContaining(['Own1', 'Own2']));
    expect(names).not.toContain('Intruder');
    ctx.root.tables.close();
    await graph.close();
  });

  it('a foreign version after its last effect is reset by the next write, unpublished', async () => {
    const { graph, ctx, stale } = await setUp('fence-drift');
    const intruder = await stale();
    await loadAround(ctx, async (session) => {
      await (await session.table('node:Person')).append([person('Own1')]);
      await intruder.append([person('Intruder')]);
    });
    expect(Object.keys(await nodesOf(graph, 'Person'))).not.toContain('Intruder');
    await graph.load({ data: ndjson(personLine('Next', 2)), mode: 'merge' });
    const names = Object.keys(await nodesOf(graph, 'Person'));
    expect(names).toEqual(expect.arrayContaining(['Own1', 'Next']));
    expect(names).not.toContain('Intruder');
    ctx.root.tables.close();
    await graph.close();
  });
});
