import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  SnapshotLookups,
  type StoredRowsVisitor,
} from '../../src/engine/snapshot/snapshot-lookups.js';
import { freshGraph, LOCAL, ndjson } from './graph-helpers.js';

/**
 * More rows than an IN list holds (1,000), so that a merge reads the table's ids whole and takes
 * the stored rows by row id: those come as Arrow, compared in their buffers where every column
 * allows it, decoded otherwise.
 */
const ROWS = 1_200;

/** Every kind of column the buffers are compared for. */
const BUFFERED = `node Item {
  name: String @key
  big: I64?
  score: F32?
  ratio: F64?
  day: Date?
  at: DateTime?
  flag: Bool?
  note: String?
  vec: Vector(3)?
}
edge Link: Item -> Item { weight: F32? }
`;

/** A list column: rows of this table are decoded to be compared. */
const DECODED = BUFFERED.replace('  vec: Vector(3)?', '  vec: Vector(3)?\n  tags: [String]?');

function name(index: number): string {
  return `item-${String(index).padStart(5, '0')}`;
}

function itemLine(index: number, overrides: Record<string, unknown> = {}, tags = false): string {
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
    ...(tags ? { tags: ['a', `t${index}`] } : {}),
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
  { label: 'compared in their buffers', schema: BUFFERED, tags: false },
  { label: 'decoded (a list column)', schema: DECODED, tags: true },
])('a merge load of many stored rows, taken by row id and $label', ({ schema, tags }) => {
  const items = Array.from({ length: ROWS }, (_, index) => itemLine(index, {}, tags));
  const links = Array.from({ length: ROWS - 1 }, (_, index) => linkLine(index));

  it('publishes nothing when every row is stored, and writes exactly a row that differs', async () => {
    const graph = await freshGraph(LOCAL, 'merge-compare', { schema });
    await graph.load({ data: ndjson(...items, ...links), mode: 'overwrite' });
    const seen = watchStoredRows();
    const same = await graph.load({ data: ndjson(...items, ...links), mode: 'merge' });
    expect(same.commit).toBeNull();
    expect(seen).toMatchObject({ rows: 0 });
    expect(seen.arrow).toBeGreaterThan(0);

    // Each case changes one column of one row, late in the table; a value equal once stored
    // (a float32 that rounds to the stored one) changes nothing.
    const cases: readonly [string, Record<string, unknown> | undefined][] = [
      ['big', { big: `${9_007_199_254_740_993n + 1_101n}` }],
      ['score, rounding to the stored float32', undefined],
      ['score', { score: 0.1 + 1_100 + 1e-3 }],
      ['ratio', { ratio: 1 / 3 + 1_100 + 2 ** -42 }],
      ['day', { day: '2024-03-01' }],
      ['at', { at: '2024-02-29T12:34:56.790Z' }],
      ['flag', { flag: null }],
      ['note', { note: 'note 1100 e' }],
      ['note, null', { note: null }],
      ['vec', { vec: [0.1, -0.2, 1_100.5] }],
      ['big, null', { big: null }],
      ...(tags ? [['tags', { tags: ['t1100', 'a'] }] as [string, Record<string, unknown>]] : []),
    ];
    const target = 1_100;
    for (const [column, change] of cases) {
      const changed = change ?? { score: 0.1 + target + 1e-9 };
      const data = items.map((line, index) =>
        index === target ? itemLine(index, changed, tags) : line,
      );
      const rowsBefore = seen.rows;
      const result = await graph.load({ data: ndjson(...data, ...links), mode: 'merge' });
      expect(seen.rows, column).toBe(rowsBefore);
      if (change === undefined) {
        expect(result.commit, column).toBeNull();
        continue;
      }
      expect(await updates(graph, result.commit?.graph_commit_id), column).toEqual([
        `update node Item ${name(target)}`,
      ]);
      expect(
        (await graph.load({ data: ndjson(...data, ...links), mode: 'merge' })).commit,
        column,
      ).toBeNull();
      await graph.load({ data: ndjson(items[target] ?? ''), mode: 'merge' });
    }
    // An edge property, as well.
    const edge = await graph.load({
      data: ndjson(...items, ...links.map((line, i) => (i === 1_050 ? linkLine(i, 0.25) : line))),
      mode: 'merge',
    });
    expect(await updates(graph, edge.commit?.graph_commit_id)).toEqual([
      'update edge Link link-1050',
    ]);
    await graph.close();
  });
});
