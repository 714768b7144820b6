import { hostname } from 'node:os';
import { expect, it } from 'vitest';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { GraphKeys } from '../../src/engine/root/graph-layout.js';
import { testSettings } from '../helpers/s3-env.js';
import {
  countsOf,
  describeOnBackends,
  edgeLine,
  exportAll,
  freshGraph,
  graphState,
  keysUnder,
  ndjson,
  ndjsonFile,
  nodesOf,
  openGraph,
  personLine,
  runChild,
  startChild,
  TEST_JSONL,
} from './graph-helpers.js';

/** `n` new persons and a Knows chain through them, as NDJSON lines. */
function people(prefix: string, n: number): object[] {
  const lines: object[] = [];
  for (let i = 0; i < n; i += 1) lines.push(personLine(`${prefix}${i}`, i % 90));
  for (let i = 0; i < n; i += 1)
    lines.push(edgeLine('Knows', `${prefix}${i}`, `${prefix}${(i + 1) % n}`));
  return lines;
}

describeOnBackends('graph concurrency', (backend) => {
  it('readers during a write see the graph before or after it, never half of it', async () => {
    const writer = await freshGraph(backend, 'conc-readers', { data: TEST_JSONL });
    const reader = await openGraph(writer.uri, 'read-only');
    const n = backend.s3 ? 400 : 2000;
    const before = { persons: 4, knows: 3 };
    const after = { persons: 4 + n, knows: 3 + n };
    let done = false;
    const observed: { persons: number; knows: number }[] = [];
    const read = async (): Promise<void> => {
      while (!done) {
        const lines = await exportAll(reader);
        const seen = {
          persons: lines.filter((l) => l.startsWith('{"type":"Person"')).length,
          knows: lines.filter((l) => l.startsWith('{"edge":"Knows"')).length,
        };
        observed.push(seen);
        const snapshot = countsOf(await reader.snapshot());
        expect([before.persons, after.persons]).toContain(snapshot.Person);
        expect((snapshot.Knows ?? 0) - 3).toBe((snapshot.Person ?? 0) - 4);
      }
    };
    const readers = [read(), read()];
    await writer.load({ data: ndjson(...people('w', n)), mode: 'merge' });
    done = true;
    await Promise.all(readers);
    for (const seen of observed) expect([before, after]).toContainEqual(seen);
    expect(observed.length).toBeGreaterThan(1);
    // A read started after the write sees it.
    expect(countsOf(await reader.snapshot())).toMatchObject({
      Person: after.persons,
      Knows: after.knows,
    });
    await Promise.all([reader.close(), writer.close()]);
  });

  it('serializes concurrent loads of one process, on one branch and across branches', async () => {
    const graph = await freshGraph(backend, 'conc-inproc', { data: TEST_JSONL });
    await graph.createBranch({ name: 'side' });
    const before = (await graph.listCommits()).commits.length;
    const results = await Promise.all([
      ...['A', 'B', 'C', 'D'].map((p) =>
        graph.load({ data: ndjson(personLine(`${p}1`, 1)), mode: 'append' }),
      ),
      ...['E', 'F'].map((p) =>
        graph.load({ data: ndjson(personLine(`${p}1`, 1)), mode: 'append', branch: 'side' }),
      ),
    ]);
    expect(results.every((r) => r.commit !== null)).toBe(true);
    const main = (await graph.listCommits()).commits;
    expect(main).toHaveLength(before + 4);
    expect(Object.keys(await nodesOf(graph, 'Person'))).toEqual([
      'A1',
      'Alice',
      'B1',
      'Bob',
      'C1',
      'Charlie',
      'D1',
      'Diana',
    ]);
    expect(Object.keys(await nodesOf(graph, 'Person', { branch: 'side' }))).toEqual([
      'Alice',
      'Bob',
      'Charlie',
      'Diana',
      'E1',
      'F1',
    ]);
    await graph.close();
  });

  it('two writer processes loading at once both succeed, one after the other', async () => {
    const graph = await freshGraph(backend, 'conc-procs', { data: TEST_JSONL });
    const head = (await graph.listCommits()).commits[0]!.graph_commit_id;
    await graph.close();
    const n = backend.s3 ? 200 : 1000;
    const [fileA, fileB] = await Promise.all([
      ndjsonFile('conc-a', people('a', n)),
      ndjsonFile('conc-b', people('b', n)),
    ]);
    const [a, b] = await Promise.all([
      runChild(['load', graph.uri, 'merge', fileA]),
      runChild(['load', graph.uri, 'merge', fileB]),
    ]);
    expect(a.code, a.stderr + a.stdout).toBe(0);
    expect(b.code, b.stderr + b.stdout).toBe(0);
    type Out = { result: { commit: { graph_commit_id: string; parent_commit_id: string } } };
    const commits = [a, b].map((r) => (JSON.parse(r.stdout) as Out).result.commit);
    // One built on the other: the lease made them take turns.
    const first = commits.find((c) => c.parent_commit_id === head)!;
    const second = commits.find((c) => c !== first)!;
    expect(first).toBeDefined();
    expect(second.parent_commit_id).toBe(first.graph_commit_id);
    const reopened = await openGraph(graph.uri);
    expect(reopened.recovered).toEqual([]);
    expect(countsOf(await reopened.snapshot())).toMatchObject({
      Person: 4 + 2 * n,
      Knows: 3 + 2 * n,
    });
    expect((await reopened.listCommits()).commits[0]!.graph_commit_id).toBe(second.graph_commit_id);
    await reopened.close();
  });

  it('writer processes that each take the lease from idle for every write lose no write', async () => {
    const graph = await freshGraph(backend, 'conc-idle', { data: TEST_JSONL });
    const head = (await graph.listCommits()).commits[0]!.graph_commit_id;
    await graph.close();
    // Each write takes the lease beside its intent, racing the other processes' takes.
    const writes = backend.s3 ? 6 : 12;
    const prefixes = ['x', 'y', 'z'];
    const runs = await Promise.all(
      prefixes.map((prefix) => runChild(['idle-loads', graph.uri, prefix, String(writes)])),
    );
    type Out = { recovered: unknown[]; commits: { id: string; parent: string | null }[] };
    const outs = runs.map((run) => {
      expect(run.code, run.stderr + run.stdout).toBe(0);
      return JSON.parse(run.stdout) as Out;
    });
    for (const out of outs) {
      expect(out.recovered).toEqual([]);
      expect(out.commits).toHaveLength(writes);
    }
    // Every commit has its own parent: one linear chain from the head before them.
    const commits = outs.flatMap((out) => out.commits);
    const byParent = new Map(commits.map((commit) => [commit.parent, commit.id]));
    expect(byParent.size).toBe(commits.length);
    let tip = head;
    let chained = 0;
    for (let next = byParent.get(tip); next !== undefined; next = byParent.get(tip)) {
      tip = next;
      chained += 1;
    }
    expect(chained).toBe(commits.length);
    const reopened = await openGraph(graph.uri);
    expect(reopened.recovered).toEqual([]);
    expect((await reopened.listCommits()).commits[0]!.graph_commit_id).toBe(tip);
    expect(countsOf(await reopened.snapshot()).Person).toBe(4 + prefixes.length * writes);
    expect(await keysUnder(graph.uri, GraphKeys.intentsPrefix)).toEqual([]);
    await reopened.close();
  });

  it('a second writer process gives up with a clear conflict while another holds the lease', async () => {
    const graph = await freshGraph(backend, 'conc-lease', { data: TEST_JSONL });
    const before = await graphState(graph);
    const exported = await exportAll(graph);
    const holder = startChild(['hold-lease', graph.uri, '60000']);
    try {
      await holder.printed('held');
      const file = await ndjsonFile('conc-lease', [personLine('Eve', 22)]);
      const started = Date.now();
      const blocked = await runChild(['load', graph.uri, 'append', file], {
        OMNIGRAPH_WRITER_WAIT_MS: '300',
      });
      expect(blocked.code).toBe(3);
      const { error } = JSON.parse(blocked.stdout) as { error: { code: string; message: string } };
      expect(error.code).toBe('conflict');
      expect(error.message).toContain(`is being written by process ${holder.pid} on ${hostname()}`);
      expect(error.message).toContain('gave up after waiting 300 ms');
      expect(Date.now() - started).toBeLessThan(30_000);
      // Opening and reading do not wait for the holder.
      const inProcess = await Omnigraph.open(graph.uri, { settings: testSettings() });
      expect(countsOf(await inProcess.snapshot()).Person).toBe(4);
      await inProcess.close();
      expect(await graphState(graph)).toEqual(before);
      expect(await exportAll(graph)).toEqual(exported);
    } finally {
      holder.kill();
      await holder.exited;
    }
    // The holder died holding the lease: the next writer on this host takes it over at once.
    const started = Date.now();
    const result = await graph.load({ data: ndjson(personLine('Eve', 22)), mode: 'append' });
    expect(result.commit).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(countsOf(await graph.snapshot()).Person).toBe(5);
    await graph.close();
  });
});
