import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { LoadMode, LoadProgress } from '../../src/api/index.js';
import { observeLoadStages, type LoadStageTimes } from '../../src/engine/load/load-stages.js';
import {
  DEFAULT_LOAD_TUNING,
  loadBatch,
  type LoadBatchResult,
  type LoadRequest,
  type LoadTuning,
} from '../../src/engine/load/loader.js';
import type { GraphContext } from '../../src/engine/protocol/graph-context.js';
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
  openGraph,
  runChild,
  storageState,
  type Backend,
} from './graph-helpers.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import { writeContextOf } from './write-context.js';
import { dataset, knows, LOAD_SCHEMA, person, TINY, worksAt } from './load-dataset.js';

// A load too large to keep its records, of types whose tables were never written (a graph's
// first, edges after their nodes), validates each line as it writes it, into a new table per
// type that its commit pins instead of the empty one: one pass over the input. Rejected however
// late, or interrupted, it leaves no trace. Loads here keep nothing, whatever their size, but
// the crash cases', which are larger than the default (8 MiB) and run in a child process.

/** The local path of a `file://` URI (storageState walks directories), else the URI. */
function localPath(uri: string): string {
  return uri.startsWith('file://') ? new URL(uri).pathname : uri;
}

/** The Lance tables under a graph root. */
async function tableDirs(uri: string): Promise<string[]> {
  const dirs = new Set((await keysUnder(uri, 'tables/')).map((key) => key.split('/')[1] ?? ''));
  return [...dirs].sort();
}

function isEdge(line: object): boolean {
  return 'edge' in line;
}

/** Dataset paths by type name. */
async function datasetPaths(graph: Omnigraph, branch = 'main'): Promise<Map<string, string>> {
  const { datasets } = await graph.snapshot({ branch });
  return new Map(datasets.map((d) => [d.type_name, d.dataset_path]));
}

/** The default tuning but keeping no input: every load is too large to keep. */
const KEEPS_NOTHING: LoadTuning = { ...DEFAULT_LOAD_TUNING, keepChars: 0 };

/** How a test loads through the engine. */
interface LoadOptions {
  readonly branch?: string;
  readonly tuning?: LoadTuning;
  readonly onProgress?: (progress: LoadProgress) => void;
}

function request(mode: LoadMode, options: LoadOptions): Omit<LoadRequest, 'source'> {
  return {
    mode,
    branch: options.branch ?? 'main',
    actor: null,
    onProgress: options.onProgress,
    tuning: options.tuning ?? KEEPS_NOTHING,
  };
}

describeOnBackends('loads into tables never written', (backend: Backend) => {
  const graphs: Omnigraph[] = [];
  const contexts = new Map<Omnigraph, GraphContext>();
  afterAll(async () => {
    for (const ctx of contexts.values()) {
      await ctx.lease.close();
      ctx.root.tables.close();
    }
    await Promise.all(graphs.map((graph) => graph.close()));
  });

  async function fresh(label: string): Promise<Omnigraph> {
    const graph = await freshGraph(backend, label, { schema: LOAD_SCHEMA });
    graphs.push(graph);
    contexts.set(graph, await writeContextOf(graph.uri));
    return graph;
  }

  /** Loads `lines` into `graph` through the engine, keeping nothing (see KEEPS_NOTHING). */
  function load(
    graph: Omnigraph,
    lines: readonly (object | string)[],
    mode: LoadMode,
    options: LoadOptions = {},
  ): Promise<LoadBatchResult> {
    const ctx = contexts.get(graph);
    if (ctx === undefined) throw new Error('not a graph of this suite');
    // As bytes, the way files and requests come: streamed loads read them as bytes.
    const source = { kind: 'bytes', bytes: Buffer.from(ndjson(...lines)) } as const;
    return loadBatch(ctx, { ...request(mode, options), source });
  }

  /** A fresh graph holding the nodes of `lines`; its edge tables were never written. */
  async function withNodesOf(label: string, lines: readonly object[]): Promise<Omnigraph> {
    const graph = await fresh(label);
    await load(
      graph,
      lines.filter((line) => !isEdge(line)),
      'merge',
    );
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
    const stages = await stagesOf(() => load(streamed, lines, 'overwrite'));
    expect(stages).toMatchObject({ passes: 1, validatePassMs: 0 });
    // A merge whose first line is of a type holding rows takes the checked path.
    const checked = await fresh('checked');
    await checked.load({ data: ndjson(person(0)), mode: 'merge' });
    const checkedStages = await stagesOf(() => load(checked, lines, 'merge'));
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

  it('keeps a small load in the tables it has: parsed once either way', async () => {
    const graph = await fresh('small');
    const before = await datasetPaths(graph);
    await graph.load({ data: ndjson(...dataset(10)), mode: 'merge' });
    expect(await datasetPaths(graph)).toEqual(before);
    expect(await exportAll(graph)).toHaveLength(dataset(10).length);
  });

  it('streams an overwrite of tables that hold rows into new ones, which cleanup later drops', async () => {
    const graph = await fresh('overwrite');
    await load(graph, dataset(20), 'merge');
    const before = await datasetPaths(graph);
    const loaded = (await graph.listCommits()).commits[0]!.graph_commit_id;
    const image = [person(1), person(2), person(3), knows('kk', 1, 2), worksAt(3)];
    const stages = await stagesOf(() => load(graph, image, 'overwrite'));
    expect(stages).toMatchObject({ passes: 1, validatePassMs: 0 });
    // Each type the file names is in a new table; Company, which it does not name, keeps its own.
    const after = await datasetPaths(graph);
    for (const type of ['Person', 'Knows', 'WorksAt'])
      expect(after.get(type), type).not.toBe(before.get(type));
    expect(after.get('Company')).toBe(before.get('Company'));
    const expected = await fresh('overwrite-expected');
    const companies = dataset(20).filter((line) => 'type' in line && line.type === 'Company');
    await expected.load({ data: ndjson(...companies, ...image), mode: 'merge' });
    expect(await exportAll(graph)).toEqual(await exportAll(expected));
    // The commit before reads the tables it pinned, until cleanup no longer retains it.
    expect(await exportAll(graph, { snapshot: loaded })).toHaveLength(dataset(20).length);
    // The intents of the suite's loads (made beside the graph's own handle) go first.
    await contexts.get(graph)?.ownIntents.settled();
    const cleaned = await graph.cleanup({ keep_versions: 1, confirm: true });
    expect(cleaned.dropped_datasets.map((d) => d.dataset_path)).toEqual(
      expect.arrayContaining(['Person', 'Knows', 'WorksAt'].map((type) => before.get(type))),
    );
    expect(await exportAll(graph)).toEqual(await exportAll(expected));
    // A merge into tables that hold rows keeps them: it validates first.
    const merged = await stagesOf(() => load(graph, [person(4)], 'merge'));
    expect(merged?.validatePassMs).toBeGreaterThan(0);
    expect(await datasetPaths(graph)).toEqual(after);
  });

  it('streams a load of types whose tables were never written: edges after their nodes', async () => {
    const lines = dataset(20);
    const graph = await withNodesOf('edges-after', lines);
    const nodePaths = await datasetPaths(graph);
    const stages = await stagesOf(() => load(graph, lines.filter(isEdge), 'append'));
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
    const graph = await withNodesOf('fallback', lines);
    const tablesBefore = await tableDirs(graph.uri);
    // Edges (never written) in tiny windows, written before a person (written) ends the stream.
    await load(graph, [...lines.filter(isEdge), person(4, 77)], 'merge', { tuning: TINY });
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
    await load(graph, lines, 'merge', { onProgress: (p) => seen.push(p) });
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
    for (const [bad, message] of cases) {
      for (const mode of modes) {
        const rejected = load(graph, [...lines, bad], mode, { tuning: TINY });
        await expectOmniError(rejected, 'bad_request', message);
      }
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
    const stages = await stagesOf(() => load(graph, lines, 'merge'));
    // Read once streamed, then again by the checked load's validation pass.
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
    await graph.createBranch({ name: 'feature' });
    await load(graph, lines, 'merge', { branch: 'feature' });
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

  it('serves every later operation from its new tables: merge, schema, indexes, cleanup', async () => {
    const graph = await fresh('later');
    const [init] = (await graph.listCommits()).commits;
    const initCommit = init?.graph_commit_id ?? '';
    const emptyTables = [...(await graph.snapshot({ snapshot: initCommit })).datasets].map(
      (d) => d.dataset_path,
    );
    await graph.createBranch({ name: 'side' });
    const lines = dataset(12);
    await load(graph, lines, 'merge');
    // The side's load streams into new tables of its own: the three-way merge takes both sides.
    const sideLines = [person(100), person(101), knows('k100', 100, 101)];
    await load(graph, sideLines, 'merge', { branch: 'side' });
    expect((await graph.mergeBranch({ source: 'side' })).outcome).toBe('merged');
    const merged = await exportAll(graph);
    expect(merged).toHaveLength(lines.length + sideLines.length);
    await graph.deleteBranch('side');

    await graph.applySchema({
      schema_source: LOAD_SCHEMA.replace('age: I32?', 'age: I32?\n  nick: String?'),
    });
    await graph.ensureIndices();
    await graph.optimize();
    // The commit before the load reads the empty tables it pinned, until cleanup drops them.
    expect(await exportAll(graph, { snapshot: initCommit })).toEqual([]);
    const live = [...(await datasetPaths(graph)).values()];
    const cleaned = await graph.cleanup({ keep_versions: 1, confirm: true });
    const dropped = cleaned.dropped_datasets.map((d) => d.dataset_path);
    expect(dropped).toEqual(expect.arrayContaining(emptyTables));
    expect(dropped.filter((path) => live.includes(path))).toEqual([]);
    expect(await tableDirs(graph.uri)).toEqual(
      live.map((path) => path.slice('tables/'.length)).sort(),
    );
    await expectOmniError(exportAll(graph, { snapshot: initCommit }), 'not_found');

    const query =
      'query named($name: String) { match { $p: Person { name: $name } } return { $p.name, $p.age, $p.nick } }';
    expect((await graph.query({ query, params: { name: 'p101' } })).rows).toEqual([
      { 'p.name': 'p101', 'p.age': 11, 'p.nick': null },
    ]);
    await load(graph, [{ type: 'Person', data: { name: 'p7', nick: 'seven' } }], 'merge');
    const people = await exportAll(graph, { type_names: ['Person'] });
    expect(people).toHaveLength(14);
    expect(people.find((line) => line.includes('"p7"'))).toContain('"nick":"seven"');
  });
});

describeOnBackends('an interrupted load into tables never written', (backend: Backend) => {
  // Larger than the default tuning keeps (8 MiB): the child's load streams, as a user's would.
  const people = 200_000;
  const load = [
    ...Array.from({ length: people }, (_, n) => ({ type: 'Person', data: { name: `Eve${n}` } })),
    { type: 'Company', data: { name: 'Initech' } },
    { edge: 'Knows', from: 'Eve0', to: 'Eve1' },
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

      const file = path.join(await freshTempDir('interrupted'), 'data.jsonl');
      await writeFile(file, load.map((line) => JSON.stringify(line)).join('\n'));
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
        expect(await exportAll(recovered)).toHaveLength(load.length);
        expect((await graphState(recovered)).commits).toBe(before.commits + 1);
        const { datasets } = await recovered.snapshot();
        const person = datasets.find((d) => d.type_name === 'Person');
        expect(person?.dataset_path).toMatch(/\.[0-9a-z]{26}\.lance$/);
      } else {
        expect(await graphState(recovered)).toEqual(before);
        await recovered.close();
        expect(await storageState(localPath(uri))).toEqual(stored);
        const again = await openGraph(uri);
        await again.load({ data: { path: file }, mode: 'merge' });
        expect(await exportAll(again)).toHaveLength(load.length);
        await again.close();
        return;
      }
      await recovered.close();
    });
  }
});
