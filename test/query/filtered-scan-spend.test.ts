import { describe, expect, it } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import { graphWith, ndjson } from './query-fixtures.js';

const SCHEMA = 'node Item {\n  code: I64 @key\n  size: I32\n  shelf: String @index\n}';

// 12,000 items (three times what a Lance call counts as: see lance-call-rows.ts), a tenth of
// them of size 9, a hundredth of them on shelf "s0".
const ITEMS = Array.from({ length: 12_000 }, (_, index) => ({
  type: 'Item',
  data: { code: index + 1, size: index % 10, shelf: `s${index % 100}` },
}));

const QUERIES = `
query by_size($size: I32) {
  match { $i: Item
    $i.size = $size }
  return { $i.code }
}
query by_shelf($shelf: String) {
  match { $i: Item { shelf: $shelf } }
  return { $i.code }
}
`;

/** A fresh graph of the items, indexed, open read-write. */
async function itemsGraph(): Promise<Omnigraph> {
  const graph = await graphWith(await freshTempDir('filtered-spend'), SCHEMA, ndjson(ITEMS));
  await graph.ensureIndices();
  return graph;
}

/** Entries the column cache holds after `graph` ran `name` with `params` (its rows checked). */
async function entriesAfter(
  graph: Omnigraph,
  name: string,
  params: Record<string, unknown>,
  rows: number,
): Promise<number> {
  const { profile, row_count } = await graph.query(
    { query: QUERIES, name, params },
    { profile: true },
  );
  expect(row_count).toBe(rows);
  return profile?.caches.caches.columns?.entries ?? 0;
}

describe('what a filtered scan counts towards the cached image of its table', () => {
  it('an index answers the filter: the rows it passed, the image made once they add up', async () => {
    const graph = await itemsGraph();
    try {
      // 4,000 + 120 rows a call: the third call has spent 12,360 of the 12,000 a read costs.
      for (const shelf of ['s0', 's1', 's2'])
        expect(await entriesAfter(graph, 'by_shelf', { shelf }, 120)).toBe(0);
      expect(await entriesAfter(graph, 'by_shelf', { shelf: 's3' }, 120)).toBeGreaterThan(0);
    } finally {
      await graph.close();
    }
  });

  it('no index answers it: a read of every row, the image made by the next call', async () => {
    const graph = await itemsGraph();
    try {
      expect(await entriesAfter(graph, 'by_size', { size: 9 }, 1200)).toBe(0);
      expect(await entriesAfter(graph, 'by_size', { size: 8 }, 1200)).toBeGreaterThan(0);
    } finally {
      await graph.close();
    }
  });
});
