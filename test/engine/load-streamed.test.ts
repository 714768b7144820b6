import { afterAll, expect, it } from 'vitest';
import type { LoadMode, LoadProgress } from '../../src/api/index.js';
import { observeLoadStages, type LoadStageTimes } from '../../src/engine/load/load-stages.js';
import { loadBatch, type LoadRequest } from '../../src/engine/load/loader.js';
import { FAILPOINT_EXIT_CODE } from '../../src/engine/protocol/failpoints.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  describeOnBackends,
  expectOmniError,
  exportAll,
  freshGraph,
  graphState,
  keysUnder,
  ndjson,
  ndjsonFile,
  openGraph,
  runChild,
  storageState,
  type Backend,
} from './graph-helpers.js';
import { writeContextOf } from './write-context.js';
import { dataset, knows, LOAD_SCHEMA, person, TINY, worksAt } from './load-dataset.js';

// A load of types whose tables were never written (a graph's first, edges after their nodes)
// validates each line as it writes it, into a new table per type that its commit pins instead
// of the empty one: one pass over the input. Rejected however late, or interrupted, it leaves
// no trace.

/** The local path of a `file://` URI (storageState walks directories), else the URI. */
function localPath(uri: string): string {
  return uri.startsWith('file://') ? new URL(uri).pathname : uri;
}

/** The Lance tables under a graph root. */
async function tableDirs(uri: string): Promise<string[]> {
  const dirs = new Set((await keysUnder(uri, 'tables/')).map((key) => key.split('/')[1] ?? ''));
  return [...dirs].sort();
}

/** Dataset paths by type name. */
async function datasetPaths(graph: Omnigraph, branch = 'main'): Promise<Map<string, string>> {
  const { datasets } = await graph.snapshot({ branch });
  return new Map(datasets.map((d) => [d.type_name, d.dataset_path]));
}

/** A load of main through the engine, in {@link TINY} windows; its source comes apart. */
function request(mode: LoadMode): Omit<LoadRequest, 'source'> {
  return { mode, branch: 'main', actor: null, onProgress: undefined, tuning: TINY };
}

describeOnBackends('loads into tables never written', (backend: Backend) => {
  const graphs: Omnigraph[] = [];
  afterAll(async () => {
    await Promise.all(graphs.map((graph) => graph.close()));
  });

  async function fresh(label: string): Promise<Omnigraph> {
    const graph = await freshGraph(backend, label, { schema: LOAD_SCHEMA });
    graphs.push(graph);
    return graph;
  }

  async function stagesOf(run: () => Promise<unknown>): Promise<LoadStageTimes | undefined> {
    let stages: LoadStageTimes | undefined;
    observeLoadStages((times) => (stages = times));
    try {
      await run();
    } finally {
      observeLoadStages(undefined);
    }
    return stages;
  }

  it('reads its input once, into new tables: the graph a checked load writes', async () => {
    const lines = dataset(30);
    const streamed = await fresh('streamed');
    const initPaths = await datasetPaths(streamed);
    const init = (await streamed.listCommits({})).commits[0]!;
    const file = await ndjsonFile('streamed', lines);
    const stages = await stagesOf(() => streamed.load({ data: { path: file }, mode: 'overwrite' }));
    expect(stages).toMatchObject({ passes: 1 });
    // A merge whose first line is of a type holding rows takes the checked path.
    const checked = await fresh('checked');
    await checked.load({ data: ndjson(person(0)), mode: 'merge' });
    const checkedStages = await stagesOf(() =>
      checked.load({ data: ndjson(...lines), mode: 'merge' }),
    );
    expect(checkedStages?.validatePassMs).toBeGreaterThan(0);
    expect(await exportAll(streamed)).toEqual(await exportAll(checked));
    expect((await graphState(streamed)).commits).toBe(2);

    const paths = await datasetPaths(streamed);
    for (const [type, initPath] of initPaths) {
      expect(paths.get(type)).not.toBe(initPath);
      expect(paths.get(type)).toContain(initPath.replace(/\.lance$/, '.'));
    }
    // The empty tables stay what the first commit pins.
    const atInit = await streamed.snapshot({ snapshot: init.graph_commit_id });
    expect(new Map(atInit.datasets.map((d) => [d.type_name, d.dataset_path]))).toEqual(initPaths);
    expect(atInit.datasets.every((d) => d.entity_count === 0)).toBe(true);

    // Later writes go to the new tables (this load is checked: the branch holds rows).
    await streamed.load({ data: ndjson(person(100), knows('k100', 100, 1)), mode: 'append' });
    await checked.load({ data: ndjson(person(100), knows('k100', 100, 1)), mode: 'append' });
    expect(await exportAll(streamed)).toEqual(await exportAll(checked));
    expect(await datasetPaths(streamed)).toEqual(paths);
  });

  it('validates first a load of a type whose table was written, such as an overwrite', async () => {
    const graph = await fresh('overwrite');
    await graph.load({ data: ndjson(...dataset(20)), mode: 'merge' });
    const before = await datasetPaths(graph);
    const image = [person(1), person(2), person(3), knows('kk', 1, 2), worksAt(3)];
    const stages = await stagesOf(() => graph.load({ data: ndjson(...image), mode: 'overwrite' }));
    expect(stages?.validatePassMs).toBeGreaterThan(0);
    // Its versions stay in the tables that hold them, where cleanup reclaims them.
    expect(await datasetPaths(graph)).toEqual(before);
    const expected = await fresh('overwrite-expected');
    const companies = dataset(20).filter((line) => 'type' in line && line.type === 'Company');
    await expected.load({ data: ndjson(...companies, ...image), mode: 'merge' });
    expect(await exportAll(graph)).toEqual(await exportAll(expected));
  });

  it('streams a load of types whose tables were never written: edges after their nodes', async () => {
    const lines = dataset(20);
    const isEdge = (line: object) => 'edge' in line;
    const graph = await fresh('edges-after');
    await graph.load({ data: ndjson(...lines.filter((l) => !isEdge(l))), mode: 'merge' });
    const nodePaths = await datasetPaths(graph);
    const edges = lines.filter(isEdge);
    const stages = await stagesOf(() => graph.load({ data: ndjson(...edges), mode: 'append' }));
    expect(stages).toMatchObject({ passes: 1, validatePassMs: 0 });
    const paths = await datasetPaths(graph);
    expect(paths.get('Person')).toBe(nodePaths.get('Person'));
    expect(paths.get('Knows')).not.toBe(nodePaths.get('Knows'));
    const whole = await fresh('edges-after-expected');
    await whole.load({ data: ndjson(...lines), mode: 'merge' });
    expect(await exportAll(graph)).toEqual(await exportAll(whole));
  });

  it('runs checked from a record of a type whose table was written, dropping what it streamed', async () => {
    const lines = dataset(20);
    const isEdge = (line: object) => 'edge' in line;
    const graph = await fresh('fallback');
    await graph.load({ data: ndjson(...lines.filter((l) => !isEdge(l))), mode: 'merge' });
    const tablesBefore = await tableDirs(graph.uri);
    // Edges (never written) in tiny windows, written before a person (written) ends the stream.
    const ctx = await writeContextOf(graph.uri);
    try {
      const path = await ndjsonFile('fallback', [...lines.filter(isEdge), person(4, 77)]);
      await loadBatch(ctx, { ...request('merge'), source: { kind: 'file', path } });
    } finally {
      await ctx.lease.close();
      ctx.root.tables.close();
    }
    expect(await tableDirs(graph.uri)).toEqual(tablesBefore);
    const whole = await fresh('fallback-expected');
    await whole.load({ data: ndjson(...lines), mode: 'merge' });
    await whole.load({ data: ndjson(person(4, 77)), mode: 'merge' });
    expect(await exportAll(graph)).toEqual(await exportAll(whole));
    expect((await graphState(graph)).commits).toBe(3);
  });

  it('reports the lines it has read and written, then every row', async () => {
    const graph = await fresh('progress');
    const lines = dataset(20_000);
    const seen: LoadProgress[] = [];
    await graph.load(
      { data: ndjson(...lines), mode: 'merge' },
      { onProgress: (p) => seen.push(p) },
    );
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((p) => p.phase === 'write')).toBe(true);
    const reading = seen.slice(0, -1);
    expect(reading.every((p) => p.total === undefined)).toBe(true);
    const done = reading.map((p) => p.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBeLessThanOrEqual(lines.length);
    expect(seen.at(-1)).toEqual({ phase: 'write', done: lines.length, total: lines.length });
  });

  it('leaves no trace when rejected, however late: no commit, no table, storage as before', async () => {
    const graph = await fresh('rejected');
    const before = await graphState(graph);
    const storage = await storageState(localPath(graph.uri));
    const lines = dataset(20);
    const last = lines.length + 1;
    const cases: [object | string, string][] = [
      ['{"type":"Person","data":{"name":"x",}}', `line ${last}: invalid JSON`],
      [person(3), `line ${last}: node type 'Person' id 'p3' also appears at line`],
      [knows('kx', 1, 999), `line ${last}: dst 'p999' not found in Person`],
      [{ type: 'Person', data: { name: 'q', email: 'p5@x' } }, "value 'p5@x' held by 'p5' and 'q'"],
      [
        { edge: 'WorksAt', from: 'p3', to: 'c1' },
        "@card violation on edge WorksAt: source 'p3' has 2 edges (max 1)",
      ],
    ];
    const modes: LoadMode[] = ['overwrite', 'append', 'merge'];
    // Windows of three rows: every type's new table is written before the last line is read.
    const ctx = await writeContextOf(graph.uri);
    try {
      for (const [bad, message] of cases) {
        for (const mode of modes) {
          const path = await ndjsonFile('rejected', [...lines, bad]);
          const load = loadBatch(ctx, { ...request(mode), source: { kind: 'file', path } });
          await expectOmniError(load, 'bad_request', message);
        }
      }
    } finally {
      await ctx.lease.close();
      ctx.root.tables.close();
    }
    expect(await graphState(graph)).toEqual(before);
    expect(await storageState(localPath(graph.uri))).toEqual(storage);
    // The next load is not held back by anything the rejected ones left.
    await graph.load({ data: ndjson(...lines), mode: 'merge' });
    expect(await exportAll(graph)).toHaveLength(lines.length);
  });

  it('runs again checked when a merge names one data.id twice: the later line wins', async () => {
    const lines = [...dataset(6), knows('k3', 3, 1, 1234)];
    const graph = await fresh('superseded');
    const stages = await stagesOf(() => graph.load({ data: ndjson(...lines), mode: 'merge' }));
    // Read once streamed, then again by the checked load's validation pass (which keeps it).
    expect(stages?.validatePassMs).toBeGreaterThan(0);
    const exported = await exportAll(graph);
    const k3 = exported.filter((line) => line.includes('"id":"k3"'));
    expect(k3).toHaveLength(1);
    expect(k3[0]).toContain('"since":1234');
    expect((await graphState(graph)).commits).toBe(2);
    // The checked load wrote the tables the graph was created with: the streamed ones are gone.
    const initPaths = await datasetPaths(graph);
    for (const path of initPaths.values()) expect(path).not.toMatch(/\.[0-9a-z]{26}\.lance$/);
  });

  it('on a branch of an empty graph: main keeps its tables; the branch merges back', async () => {
    const graph = await fresh('branch');
    const mainBefore = await graph.snapshot({});
    const lines = dataset(12);
    const result = await graph.load({
      data: ndjson(...lines),
      mode: 'merge',
      branch: 'feature',
      from: 'main',
    });
    expect(result.branch_created).toBe(true);
    expect(await graph.snapshot({})).toEqual(mainBefore);
    const { datasets } = await graph.snapshot({ branch: 'feature' });
    // New tables, on the branch's own Lance branch.
    for (const dataset of datasets) {
      expect(dataset.dataset_path).toMatch(/\.[0-9a-z]{26}\.lance$/);
      expect(dataset.native_dataset_branch).not.toBeNull();
    }
    const exported = await exportAll(graph, { branch: 'feature' });
    expect(exported).toHaveLength(lines.length);
    await graph.mergeBranch({ source: 'feature' });
    expect(await exportAll(graph)).toEqual(exported);
    await graph.deleteBranch('feature');
    expect(await exportAll(graph)).toEqual(exported);
  });
});

describeOnBackends('an interrupted load into tables never written', (backend: Backend) => {
  const load = [
    { type: 'Person', data: { name: 'Eve' } },
    { type: 'Company', data: { name: 'Initech' } },
    { edge: 'Knows', from: 'Eve', to: 'Eve' },
  ];
  const cases = [
    { point: 'load.after_table_effect', published: false },
    { point: 'load.before_publish', published: false },
    { point: 'load.after_publish', published: true },
  ];
  for (const { point, published } of cases) {
    it(`${point}: recovery leaves the graph exactly ${published ? 'after' : 'before'} it`, async () => {
      const graph = await freshGraph(backend, 'interrupted');
      const uri = graph.uri;
      const before = await graphState(graph);
      await graph.close();
      const stored = await storageState(localPath(uri));

      const file = await ndjsonFile('interrupted', load);
      const crash = await runChild(['load', uri, 'merge', file, 'main'], {
        OMNIGRAPH_FAILPOINTS: point,
      });
      expect(crash.code, crash.stderr + crash.stdout).toBe(FAILPOINT_EXIT_CODE);

      const recovered = await openGraph(uri);
      expect(recovered.recovered).toEqual([
        expect.objectContaining({
          writer_kind: 'load',
          action: published ? 'rolled_forward' : 'rolled_back',
          // New tables are dropped, not restored: nothing to re-pin.
          recovery_commit_id: null,
        }),
      ]);
      expect(await keysUnder(uri, '_og/recovery/')).toEqual([]);
      if (published) {
        expect(await exportAll(recovered)).toHaveLength(3);
        expect((await graphState(recovered)).commits).toBe(before.commits + 1);
      } else {
        expect(await graphState(recovered)).toEqual(before);
        await recovered.close();
        expect(await storageState(localPath(uri))).toEqual(stored);
        const again = await openGraph(uri);
        await again.load({ data: ndjson(...load), mode: 'merge' });
        expect(await exportAll(again)).toHaveLength(3);
        await again.close();
        return;
      }
      await recovered.close();
    });
  }
});
