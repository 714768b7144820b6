import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  SnapshotLookups,
  type StoredRowsVisitor,
} from '../../src/engine/snapshot/snapshot-lookups.js';
import { ALL_VALUES_SCHEMA, freshGraph, LOCAL, ndjson } from './graph-helpers.js';

/**
 * More rows than an IN list holds (1,000), so that a merge reads the table's ids whole and takes
 * the stored rows by row id: those come as Arrow, compared in their buffers where every column
 * allows it, decoded otherwise.
 */
const ROWS = 1_200;

/** Every kind of column the buffers are compared for: the list columns left out. */
const BUFFERED = ALL_VALUES_SCHEMA.replace(/^ {2}\w+: \[\w+\]\?\n/gm, '');

/** With list columns: rows of this table are decoded to be compared. */
const DECODED = ALL_VALUES_SCHEMA;

function name(index: number): string {
  return `item-${String(index).padStart(5, '0')}`;
}

function itemLine(index: number, overrides: Record<string, unknown> = {}, lists = false): string {
  const data = {
    name: name(index),
    big: `${9_007_199_254_740_993n + BigInt(index)}`,
    score: 0.1 + index,
    ratio: 1 / 3 + index,
    day: '2024-02-29',
    at: '2024-02-29T12:34:56.789Z',
    flag: index % 2 === 0,
    note: index % 3 === 0 ? null : `note ${index} é`,
    vec: [0.1, -0.2, index],
    ...(lists ? { tags: ['a', `t${index}`], days: ['2020-01-01'] } : {}),
    ...overrides,
  };
  // `big` as a raw JSON number, read exactly as I64.
  return JSON.stringify({ type: 'Item', data }).replace(/"big":"(\d+)"/, '"big":$1');
}

function linkLine(index: number, weight = 0.5): string {
  const data = { id: `link-${index}`, weight };
  return JSON.stringify({ edge: 'Link', from: name(index), to: name(index + 1), data });
}

/**
 * How the merges' stored rows of items came: decoded, or as the Arrow of a take. (The read cache
 * may come to hold the edges, which it then answers from memory.)
 */
function watchStoredRows(): { rows: number; arrow: number } {
  const seen = { rows: 0, arrow: 0 };
  // The method as defined, to call through with the visitor wrapped.
  const original = Object.getOwnPropertyDescriptor(SnapshotLookups.prototype, 'eachStoredWithIds')
    ?.value as (
    this: SnapshotLookups,
    ...args: Parameters<SnapshotLookups['eachStoredWithIds']>
  ) => Promise<void>;
  vi.spyOn(SnapshotLookups.prototype, 'eachStoredWithIds').mockImplementation(function (
    this: SnapshotLookups,
    tableKey: string,
    ids: readonly string[],
    planned: number,
    visit: StoredRowsVisitor,
  ) {
    return original.call(this, tableKey, ids, planned, {
      rows(rows) {
        if (tableKey === 'node:Item') seen.rows += 1;
        visit.rows(rows);
      },
      arrow(taken) {
        if (tableKey === 'node:Item') seen.arrow += 1;
        visit.arrow(taken);
      },
    });
  });
  return seen;
}

async function updates(graph: Omnigraph, commitId: string | undefined): Promise<string[]> {
  const { changes } = await graph.commitChanges(commitId ?? '');
  return changes.map((change) => `${change.op} ${change.kind} ${change.type.name} ${change.id}`);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each([
  { label: 'compared in their buffers', schema: BUFFERED, lists: false },
  { label: 'decoded (list columns)', schema: DECODED, lists: true },
])('a merge load of many stored rows, taken by row id and $label', ({ schema, lists }) => {
  const items = Array.from({ length: ROWS }, (_, index) => itemLine(index, {}, lists));
  const links = Array.from({ length: ROWS - 1 }, (_, index) => linkLine(index));

  it('publishes nothing when every row is stored, and writes exactly the rows that differ', async () => {
    const graph = await freshGraph(LOCAL, 'merge-compare', { schema });
    await graph.load({ data: ndjson(...items, ...links), mode: 'overwrite' });
    const seen = watchStoredRows();
    const same = await graph.load({ data: ndjson(...items, ...links), mode: 'merge' });
    expect(same.commit).toBeNull();
    expect(seen).toMatchObject({ rows: 0 });
    expect(seen.arrow).toBeGreaterThan(0);

    // Rows late in the table, each changed in one column: a value equal once stored (a float32
    // that rounds to the stored one) changes nothing.
    const unchanged = (i: number) => ({ score: 0.1 + i + 1e-9 });
    const changes: readonly ((i: number) => Record<string, unknown>)[] = [
      // First, at a row with a note (1,100 % 3 = 2): as many bytes, one of them different.
      (i) => ({ note: `note ${i} è` }),
      (i) => ({ big: `${9_007_199_254_740_993n + BigInt(i) + 1n}` }),
      () => ({ big: null }),
      (i) => ({ score: 0.1 + i + 1e-3 }),
      (i) => ({ ratio: 1 / 3 + i + 2 ** -42 }),
      () => ({ day: '2024-03-01' }),
      () => ({ at: '2024-02-29T12:34:56.790Z' }),
      () => ({ flag: null }),
      (i) => ({ flag: i % 2 !== 0 }),
      (i) => ({ vec: [0.1, -0.2, i + 0.5] }),
      ...(lists
        ? [(i: number) => ({ tags: [`t${i}`, 'a'] }), () => ({ days: ['2020-01-02'] })]
        : []),
    ];
    const first = 1_100;
    const changed = new Map<number, Record<string, unknown>>([[first - 1, unchanged(first - 1)]]);
    changes.forEach((change, k) => changed.set(first + k, change(first + k)));
    const data = items.map((line, i) => {
      const overrides = changed.get(i);
      return overrides ? itemLine(i, overrides, lists) : line;
    });
    const edges = links.map((line, i) => (i === 1_050 ? linkLine(i, 0.25) : line));
    const result = await graph.load({ data: ndjson(...data, ...edges), mode: 'merge' });
    expect(seen.rows).toBe(0);
    expect((await updates(graph, result.commit?.graph_commit_id)).sort()).toEqual(
      [
        'update edge Link link-1050',
        ...changes.map((_, k) => `update node Item ${name(first + k)}`),
      ].sort(),
    );
    // What the graph now holds: merging it again changes nothing.
    expect(
      (await graph.load({ data: ndjson(...data, ...edges), mode: 'merge' })).commit,
    ).toBeNull();
    await graph.close();
  });
});
