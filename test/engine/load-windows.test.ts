import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { LoadMode } from '../../src/api/index.js';
import { observeLoadStages, type LoadStageTimes } from '../../src/engine/load/load-stages.js';
import {
  DEFAULT_LOAD_TUNING,
  loadBatch,
  type LoadBatchResult,
  type LoadTuning,
} from '../../src/engine/load/loader.js';
import type { LoadSource } from '../../src/engine/load/ndjson-source.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import type { GraphContext } from '../../src/engine/protocol/graph-context.js';
import { UPDATED_AT_VERSION } from '../../src/engine/lance/index.js';
import { SnapshotLookups } from '../../src/engine/snapshot/snapshot-lookups.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import {
  describeOnBackends,
  expectOmniError,
  exportAll,
  freshGraph,
  graphState,
  ndjson,
  storageState,
  type Backend,
} from './graph-helpers.js';
import { writeContextOf } from './write-context.js';
import { dataset, knows, LOAD_SCHEMA, person, TINY, worksAt } from './load-dataset.js';

// A load writes bounded windows of rows per table, reading its input a second time when it is
// too large to keep: whatever the windows, the graph is the one a load in one window writes.
// Graphs here hold the person every dataset here starts with, so a load validates before it
// writes: a load into tables never written reads its input once, as it writes
// (test/engine/load-streamed.test.ts).

describeOnBackends('loads in windows', (backend: Backend) => {
  let graphs: Omnigraph[] = [];
  let contexts: GraphContext[] = [];

  /** A graph holding the person every dataset here starts with. */
  async function fresh(label: string): Promise<{ graph: Omnigraph; ctx: GraphContext }> {
    const graph = await freshGraph(backend, label, { schema: LOAD_SCHEMA });
    await graph.load({ data: ndjson(person(0)), mode: 'merge' });
    const ctx = await writeContextOf(graph.uri);
    graphs.push(graph);
    contexts.push(ctx);
    return { graph, ctx };
  }

  async function fileOf(lines: readonly (string | object)[]): Promise<LoadSource> {
    const file = path.join(await freshTempDir('load-windows'), 'data.jsonl');
    await writeFile(file, ndjson(...lines));
    return { kind: 'file', path: file };
  }

  function load(
    ctx: GraphContext,
    source: LoadSource,
    mode: LoadMode,
    tuning: LoadTuning = DEFAULT_LOAD_TUNING,
  ): Promise<LoadBatchResult> {
    return loadBatch(ctx, {
      source,
      mode,
      branch: 'main',
      actor: null,
      onProgress: undefined,
      tuning,
    });
  }

  beforeAll(() => {
    graphs = [];
    contexts = [];
  });

  afterAll(async () => {
    for (const ctx of contexts) {
      await ctx.lease.close();
      ctx.root.tables.close();
    }
    await Promise.all(graphs.map((graph) => graph.close()));
  });

  it('writes in many windows, from a file read twice, the graph one window writes', async () => {
    const lines = dataset(40);
    const one = await fresh('windows-one');
    const many = await fresh('windows-many');
    await load(one.ctx, { kind: 'text', text: ndjson(...lines) }, 'merge');
    let stages: LoadStageTimes | undefined;
    observeLoadStages((times) => (stages = times));
    try {
      await load(many.ctx, await fileOf(lines), 'merge', TINY);
    } finally {
      observeLoadStages(undefined);
    }
    expect(stages).toMatchObject({ passes: 2 });
    expect(stages?.windows).toBeGreaterThan(20);
    expect(await exportAll(many.graph)).toEqual(await exportAll(one.graph));
    // One load, one commit, however many Lance writes it made.
    expect((await graphState(many.graph)).commits).toBe((await graphState(one.graph)).commits);
  });

  it('reads text and bytes twice too, with the same result', async () => {
    const lines = dataset(12);
    const reference = await fresh('windows-ref');
    await load(reference.ctx, { kind: 'text', text: ndjson(...lines) }, 'overwrite');
    const text = await fresh('windows-text');
    await load(text.ctx, { kind: 'text', text: ndjson(...lines) }, 'overwrite', TINY);
    const bytes = await fresh('windows-bytes');
    const encoded = Buffer.from(ndjson(...lines));
    await load(bytes.ctx, { kind: 'bytes', bytes: encoded }, 'overwrite', TINY);
    const expected = await exportAll(reference.graph);
    expect(await exportAll(text.graph)).toEqual(expected);
    expect(await exportAll(bytes.graph)).toEqual(expected);
  });

  it('changes nothing when the last line of a large input is bad', async () => {
    const { graph, ctx } = await fresh('windows-bad-end');
    await load(ctx, await fileOf(dataset(10)), 'overwrite', TINY);
    const before = await graphState(graph);
    const storage = await storageState(graph.uri);
    const lines = dataset(40);
    const last = lines.length + 1;
    const cases: [string | object, string][] = [
      ['{"type":"Person","data":{"name":"x",}}', `line ${last}: invalid JSON`],
      [person(3), `line ${last}: node type 'Person' id 'p3' also appears at line`],
      [knows('kx', 1, 999), `line ${last}: dst 'p999' not found in Person`],
      [{ type: 'Person', data: { name: 'q', email: 'p5@x' } }, "value 'p5@x' held by 'p5' and 'q'"],
      [
        { edge: 'WorksAt', from: 'p3', to: 'c1', data: { id: 'wx' } },
        "@card violation on edge WorksAt: source 'p3' has 2 edges (max 1)",
      ],
    ];
    for (const [bad, message] of cases) {
      for (const mode of ['overwrite', 'merge'] as const) {
        const source = await fileOf([...lines, bad]);
        await expectOmniError(load(ctx, source, mode, TINY), 'bad_request', message);
      }
    }
    expect(await graphState(graph)).toEqual(before);
    expect(await storageState(graph.uri)).toEqual(storage);
  });

  it('merges across windows: the later line wins, unchanged rows are not written', async () => {
    const { graph, ctx } = await fresh('windows-merge');
    await load(ctx, await fileOf(dataset(20)), 'overwrite', TINY);
    const changed = (line: object): object => {
      const data = (line as { data: { name?: string; id?: string } }).data;
      if (data.name === 'p4') return person(4, 50);
      if (data.id === 'k7') return knows('k7', 7, 6, 1000);
      return line;
    };
    const changes = [
      ...dataset(20).map(changed),
      person(30),
      knows('k30', 30, 4),
      knows('k31', 30, 5),
      knows('k31', 30, 6, 7),
    ];
    const merged = await load(ctx, await fileOf(changes), 'merge', TINY);
    expect(merged.commit).not.toBeNull();
    const expected = await fresh('windows-merge-expected');
    const final = changes.filter((line, index) => index !== changes.length - 2);
    await load(expected.ctx, { kind: 'text', text: ndjson(...final) }, 'overwrite');
    expect(sorted(await exportAll(graph))).toEqual(sorted(await exportAll(expected.graph)));
    const state = await graphState(graph);
    const again = await load(ctx, await fileOf(changes), 'merge', TINY);
    expect(again.commit).toBeNull();
    expect(await graphState(graph)).toEqual(state);
  });

  it('merges edges without ids across windows without looking their ids up', async () => {
    const { graph, ctx } = await fresh('windows-minted');
    await load(ctx, await fileOf(dataset(6)), 'overwrite', TINY);
    const before = await exportAll(graph);
    const idless = Array.from({ length: 7 }, (_, n) => ({
      edge: 'Knows',
      from: `p${n % 6}`,
      to: `p${(n + 1) % 6}`,
      data: { since: n },
    }));
    const looked = vi.spyOn(SnapshotLookups.prototype, 'matchingRows');
    let stages: LoadStageTimes | undefined;
    observeLoadStages((times) => (stages = times));
    let tables: string[];
    try {
      await load(ctx, await fileOf([...idless, person(2, 50)]), 'merge', TINY);
    } finally {
      observeLoadStages(undefined);
      tables = looked.mock.calls.map(([tableKey]) => tableKey);
      looked.mockRestore();
    }
    expect(stages).toMatchObject({ passes: 2 });
    expect(tables).toContain('node:Person');
    expect(tables).not.toContain('edge:Knows');
    const after = await exportAll(graph);
    const edges = (lines: readonly string[]) =>
      lines
        .map((line) => JSON.parse(line) as { edge?: string; from: string; to: string })
        .filter((record) => record.edge === 'Knows')
        .map((record) => `${record.from}->${record.to}`)
        .sort();
    const added = idless.map((edge) => `${edge.from}->${edge.to}`);
    expect(edges(after)).toEqual([...edges(before), ...added].sort());
  });

  it('merges edges with and without ids in one window of several batches', async () => {
    const { graph, ctx } = await fresh('windows-mixed');
    await load(ctx, await fileOf(dataset(6)), 'overwrite', TINY);
    const knowsRows = async () => {
      const reader = await (await graph.resolve()).reader('edge:Knows');
      return reader.scan({ columns: ['id', 'since', UPDATED_AT_VERSION] });
    };
    const before = new Map((await knowsRows()).map((row) => [String(row.id), row]));
    const idless = (n: number) => ({ edge: 'Knows', from: `p${n}`, to: `p${n + 1}` });
    // A line a batch, seven a window: stored, changed and new rows between generated ids.
    const lines = [idless(0), knows('k1', 1, 0), idless(1), knows('k2', 2, 1, 40)];
    lines.push(idless(2), knows('k3', 3, 2), knows('k9', 5, 0), idless(3), knows('k4', 4, 3));
    const tuning = { ...TINY, window: { rows: 7, chars: 10_000 } };
    expect((await load(ctx, await fileOf(lines), 'merge', tuning)).commit).not.toBeNull();
    const after = await knowsRows();
    // Lance's own count: a stored edge taken for a generated one would be there twice.
    expect(after).toHaveLength(before.size + 1 + 4);
    const rewritten = after.filter((row) => {
      const old = before.get(String(row.id));
      return old !== undefined && old[UPDATED_AT_VERSION] !== row[UPDATED_AT_VERSION];
    });
    expect(rewritten.map((row) => [row.id, row.since])).toEqual([['k2', 40]]);
    expect(after.find((row) => row.id === 'k9')?.since).toBe(5);
  });

  it('overwrites across windows: the image of each type the input names', async () => {
    const { graph, ctx } = await fresh('windows-overwrite');
    await load(ctx, await fileOf(dataset(20)), 'overwrite', TINY);
    const image = [
      person(1),
      person(2),
      person(3),
      knows('kk', 1, 2),
      knows('kl', 2, 3),
      worksAt(3),
    ];
    await load(ctx, await fileOf(image), 'overwrite', TINY);
    const expected = await fresh('windows-overwrite-expected');
    const companies = dataset(20).filter((line) => 'type' in line && line.type === 'Company');
    await load(expected.ctx, { kind: 'text', text: ndjson(...companies, ...image) }, 'overwrite');
    expect(sorted(await exportAll(graph))).toEqual(sorted(await exportAll(expected.graph)));
  });
});

function sorted(lines: readonly string[]): string[] {
  return [...lines].sort();
}
