import { describe, expect, it, vi } from 'vitest';
import { decodeRows, UPDATED_AT_VERSION } from '../../src/engine/lance/index.js';
import type { Row } from '../../src/engine/lance/index.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import { DEFAULT_LOAD_TUNING, loadBatch } from '../../src/engine/load/loader.js';
import { SnapshotLookups } from '../../src/engine/snapshot/snapshot-lookups.js';
import { StoredIds } from '../../src/engine/snapshot/stored-ids.js';
import { writeContextOf } from './write-context.js';
import {
  describeOnBackends,
  edgeLine,
  edgesOf,
  nodesOf,
  expectOmniError,
  freshGraph,
  LOCAL,
  ndjson,
  openGraph,
  personLine,
} from './graph-helpers.js';

const PEOPLE = 1_500;
const name = (n: number) => `p${n}`;
/** People 0 .. PEOPLE - 1, person n aged n. */
const people = (count = PEOPLE) => Array.from({ length: count }, (_, n) => personLine(name(n), n));

/** Each row's id with its name and age: what a lookup found, in a comparable form. */
function agesById(rows: readonly Row[]): Record<string, unknown> {
  return Object.fromEntries(rows.map((row) => [String(row.id), [row.name, row.age]]));
}

/** The version that last wrote each Person row at the head. */
async function stamps(graph: Omnigraph): Promise<Map<string, unknown>> {
  const reader = await (await graph.resolve()).reader('node:Person');
  const rows = await reader.scan({ columns: ['id', UPDATED_AT_VERSION] });
  return new Map(rows.map((row) => [String(row.id), row[UPDATED_AT_VERSION]]));
}

describeOnBackends('looking up many ids of a table', (backend) => {
  it('finds exactly the ids a table holds, read in chunks or read whole', async () => {
    const graph = await freshGraph(backend, 'lookups', {
      data: ndjson(...Array.from({ length: PEOPLE }, (_, n) => personLine(name(n)))),
    });
    const lookups = (await graph.resolve()).lookups();
    // 1,500 ids of a 1,500-row table: the table's ids are read once.
    const many = Array.from({ length: PEOPLE }, (_, n) => name(n * 2));
    const held = new Set(many.filter((_, n) => n * 2 < PEOPLE));
    expect(await lookups.existingIds('node:Person', many)).toEqual(held);
    // 900 ids: one IN-list scan (in lookups that have not read the ids whole).
    const few = many.slice(0, 900);
    expect(await (await graph.resolve()).lookups().existingIds('node:Person', few)).toEqual(
      new Set(few.filter((id) => held.has(id))),
    );
    await graph.close();
  });

  it('reads stored rows by id: by IN lists, or from the ids it read once', async () => {
    // Without a read cache, which would serve the lookups once they had read as much as it.
    const graph = await freshGraph(backend, 'rows-by-id', {
      data: ndjson(...people()),
      settings: { cache: { bytes: 0 } },
    });
    const lookups = (await graph.resolve()).lookups();
    const expected = (ids: readonly string[]) =>
      Object.fromEntries(
        ids
          .map((id) => Number(id.slice(1)))
          .filter((n) => n < PEOPLE)
          .map((n) => [name(n), [name(n), n]]),
      );
    const reads = vi.spyOn(StoredIds, 'read');
    const inLists = vi.spyOn(SnapshotLookups.prototype, 'matchingRows');
    try {
      // 900 ids: one IN list.
      const even = Array.from({ length: PEOPLE }, (_, n) => name(n * 2));
      const few = even.slice(0, 900);
      expect(agesById(await lookups.rowsWithIds('node:Person', few))).toEqual(expected(few));
      expect(reads).not.toHaveBeenCalled();
      expect(inLists).toHaveBeenCalledTimes(1);
      // 1,500 ids (half of them held) of a 1,500-row table: its ids are read whole.
      expect(agesById(await lookups.rowsWithIds('node:Person', even))).toEqual(expected(even));
      expect(reads).toHaveBeenCalledTimes(1);
      // Later lookups of the same table, large or small, probe the ids read already.
      const odd = Array.from({ length: 1_200 }, (_, n) => name(n * 2 + 1));
      expect(agesById(await lookups.rowsWithIds('node:Person', odd))).toEqual(expected(odd));
      expect(agesById(await lookups.rowsWithIds('node:Person', few))).toEqual(expected(few));
      // An id named twice is one stored row.
      const twice = await lookups.rowsWithIds('node:Person', [...few, ...few.slice(0, 10)]);
      expect(twice).toHaveLength(Object.keys(expected(few)).length);
      // Handed as the Arrow of Lance's take, not decoded: 1,200 rows found, in one take.
      const held = Array.from({ length: 1_200 }, (_, n) => name(n));
      const takes: number[] = [];
      const visited: Row[] = [];
      await lookups.eachStoredWithIds('node:Person', held, held.length, {
        rows: () => {
          throw new Error('stored rows read by id come as Arrow');
        },
        arrow: (taken) => {
          takes.push(taken.numRows);
          visited.push(...decodeRows(taken));
        },
      });
      expect(takes).toEqual([1_200]);
      expect(agesById(visited)).toEqual(expected(held));
      expect(reads).toHaveBeenCalledTimes(1);
      expect(inLists).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
      inLists.mockRestore();
    }
    await graph.close();
  });

  it('merges more rows than an IN list holds, writing only the new and the changed', async () => {
    const graph = await freshGraph(backend, 'merge-many', { data: ndjson(...people()) });
    const before = await stamps(graph);
    // 1,200 stored people, the first 300 a year older, and 300 new ones.
    const lines = [
      ...people(1_200).map((_, n) => personLine(name(n), n < 300 ? n + 1 : n)),
      ...Array.from({ length: 300 }, (_, n) => personLine(name(PEOPLE + n), 7)),
    ];
    const merged = await graph.load({ data: ndjson(...lines), mode: 'merge' });
    expect(merged.commit).not.toBeNull();
    const after = await stamps(graph);
    // Lance's own count: a stored row taken for a new one would be there twice.
    expect(await (await (await graph.resolve()).reader('node:Person')).count()).toBe(PEOPLE + 300);
    expect(after.size).toBe(PEOPLE + 300);
    const rewritten = [...before]
      .filter(([id, stamp]) => after.get(id) !== stamp)
      .map(([id]) => id);
    expect(rewritten.sort()).toEqual(Array.from({ length: 300 }, (_, n) => name(n)).sort());
    const stored = await nodesOf(graph, 'Person');
    expect(stored[name(0)]?.age).toBe(1);
    expect(stored[name(1_000)]?.age).toBe(1_000);
    expect(stored[name(PEOPLE + 299)]?.age).toBe(7);
    // The same lines again change nothing: no commit.
    const again = await graph.load({ data: ndjson(...lines), mode: 'merge' });
    expect(again.commit).toBeNull();
    await graph.close();
  });

  it('checks the endpoints of a large edge load against the graph', async () => {
    const graph = await freshGraph(backend, 'lookups-load', {
      data: ndjson(...Array.from({ length: PEOPLE }, (_, n) => personLine(name(n)))),
    });
    const edges = Array.from({ length: 1_200 }, (_, n) =>
      edgeLine('Knows', name(n), name(PEOPLE - 1 - n)),
    );
    const missing = [
      ...edges.slice(0, 700),
      edgeLine('Knows', name(3), 'nobody'),
      ...edges.slice(700),
    ];
    await expectOmniError(
      graph.load({ data: ndjson(...missing), mode: 'append' }),
      'bad_request',
      "line 701: dst 'nobody' not found in Person",
    );
    expect(await edgesOf(graph, 'Knows')).toEqual([]);
    const loaded = await graph.load({ data: ndjson(...edges), mode: 'append' });
    expect(loaded.total_entities).toBe(1_200);
    expect((await edgesOf(graph, 'Knows')).length).toBe(1_200);
    await graph.close();
  });
});

// Which lookups a write asks is the same on every storage: one backend is enough.
describe('looking up edge endpoints (local disk)', () => {
  it("asks a self-edge's two ends in one lookup of the node table, in a load and a mutation", async () => {
    const graph = await freshGraph(LOCAL, 'endpoints-once', { data: ndjson(...people(10)) });
    const asked = vi.spyOn(SnapshotLookups.prototype, 'existingIds');
    const personLookups = () => asked.mock.calls.filter(([table]) => table === 'node:Person');
    try {
      const edges = [edgeLine('Knows', name(1), name(2)), edgeLine('Knows', name(3), name(1))];
      await graph.load({ data: ndjson(...edges), mode: 'append' });
      expect(personLookups()).toEqual([['node:Person', [name(1), name(3), name(2)]]]);
      asked.mockClear();
      await graph.mutate({
        query: 'query knows($a: String, $b: String) { insert Knows { from: $a, to: $b } }',
        params: { a: name(4), b: name(5) },
      });
      expect(personLookups()).toEqual([['node:Person', [name(4), name(5)]]]);
      // A missing end is still named, the load's by its line.
      await expectOmniError(
        graph.load({ data: ndjson(edgeLine('Knows', name(6), 'ghost')), mode: 'append' }),
        'bad_request',
        "line 1: dst 'ghost' not found in Person",
      );
    } finally {
      asked.mockRestore();
    }
    expect(await edgesOf(graph, 'Knows')).toHaveLength(3);
    await graph.close();
  });
});

// The choice is the same on every storage: one backend is enough for a table this large.
describe('choosing between IN lists and one read of the ids (local disk)', () => {
  it("reads a large table's ids whole for many lists, fewer with an index on id", async () => {
    // 80k rows: 9,000 ids are fewer than one per eight rows.
    const graph = await freshGraph(LOCAL, 'whole-or-lists', {
      data: ndjson(...people(80_000)),
      settings: { cache: { bytes: 0 } },
    });
    const ids = (count: number) => Array.from({ length: count }, (_, n) => name(n * 7));
    const reads = vi.spyOn(StoredIds, 'read');
    try {
      // Without an index on id, nine IN-list scans of the table cost more than one read.
      const plain = (await graph.resolve()).lookups();
      expect((await plain.existingIds('node:Person', ids(9_000))).size).toBe(9_000);
      expect(reads).toHaveBeenCalledTimes(1);
      // Two lists cost less.
      const fewer = (await graph.resolve()).lookups();
      expect((await fewer.existingIds('node:Person', ids(2_000))).size).toBe(2_000);
      expect(reads).toHaveBeenCalledTimes(1);
      await graph.ensureIndices({});
      // With an index on id, nine lists cost less than the read.
      const indexed = (await graph.resolve()).lookups();
      expect((await indexed.existingIds('node:Person', ids(9_000))).size).toBe(9_000);
      expect(reads).toHaveBeenCalledTimes(1);
      // Lookups that will be asked 30,000 ids in all (a merge load's windows) read them whole from
      // the first 2,000, and the next ones probe them.
      const merging = (await graph.resolve()).lookups();
      expect(await merging.rowsWithIds('node:Person', ids(2_000), 30_000)).toHaveLength(2_000);
      expect(reads).toHaveBeenCalledTimes(2);
      expect(await merging.rowsWithIds('node:Person', ids(500), 30_000)).toHaveLength(500);
      expect(reads).toHaveBeenCalledTimes(2);
    } finally {
      reads.mockRestore();
    }
    await graph.close();
  });

  it('a merge load of many rows reads the ids at its first window, however small', async () => {
    const graph = await freshGraph(LOCAL, 'merge-planned', {
      data: ndjson(...people(80_000)),
      settings: { cache: { bytes: 0 } },
    });
    await graph.ensureIndices({});
    const uri = graph.uri;
    await graph.close();
    const ctx = await writeContextOf(uri);
    const reads = vi.spyOn(StoredIds, 'read');
    // 30,000 people in windows of 2,000, the first 100 a year older: two lists a window, 30 in all.
    const lines = people(30_000).map((_, n) => personLine(name(n), n < 100 ? n + 1 : n));
    try {
      const loaded = await loadBatch(ctx, {
        source: { kind: 'text', text: ndjson(...lines) },
        mode: 'merge',
        branch: 'main',
        actor: null,
        onProgress: undefined,
        tuning: { ...DEFAULT_LOAD_TUNING, window: { rows: 2_000, chars: 1 << 30 }, keepChars: 0 },
      });
      expect(loaded.commit).not.toBeNull();
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
      await ctx.lease.close();
      ctx.root.tables.close();
    }
    const reopened = await openGraph(uri);
    const stored = await nodesOf(reopened, 'Person');
    expect([stored[name(0)]?.age, stored[name(99)]?.age, stored[name(100)]?.age]).toEqual([
      1, 100, 100,
    ]);
    expect(Object.keys(stored)).toHaveLength(80_000);
    await reopened.close();
  });
});
