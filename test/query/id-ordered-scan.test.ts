import { afterAll, describe, expect, it } from 'vitest';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { compareStrings } from '../../src/engine/values/index.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import { testSettings } from '../helpers/s3-env.js';
import { graphWith, ndjson } from './query-fixtures.js';

const SCHEMA = 'node Item {\n  code: I64 @key\n  size: I32?\n  label: String\n}';

// Codes 1 … 12,000 in that row order: ids spell them, so id order ("1", "10", "100", …) is
// not row order. Sizes at random (a fixed generator), some NULL.
const ITEMS = Array.from({ length: 12_000 }, (_, index) => {
  const code = index + 1;
  const size = (code * 7919) % 100;
  return { code, size: size === 13 ? null : size, label: `item ${code}` };
});

const QUERY = `
query big($min: I32) {
  match { $i: Item
    $i.size >= $min }
  return { $i.code, $i.label }
}
query big_few($min: I32) {
  match { $i: Item
    $i.size >= $min
    $i.label != "item 7" }
  return { $i.label }
  limit 25
}
`;

/** The rows a filtered read must give: the passing items, in id order. */
function expected(min: number): { 'i.code': bigint; 'i.label': string }[] {
  return ITEMS.filter((item) => item.size !== null && item.size >= min)
    .sort((a, b) => compareStrings(String(a.code), String(b.code)))
    .map((item) => ({ 'i.code': BigInt(item.code), 'i.label': item.label }));
}

describe('a filtered scan read in id order', () => {
  const opened: Omnigraph[] = [];
  afterAll(async () => {
    for (const graph of opened) await graph.close();
  });

  it('gives the passing rows in id order, walked by rank, cached or not', async () => {
    const root = await freshTempDir('id-ordered-scan');
    const data = ndjson(ITEMS.map((item) => ({ type: 'Item', data: item })));
    const cached = await graphWith(root, SCHEMA, data);
    const uncached = await Omnigraph.open(root, {
      settings: testSettings({ cache: { bytes: 0 } }),
    });
    opened.push(cached, uncached);
    // 5,000 (walked by rank) and 600 (sorted by id) rows pass; the first reads fill the cache.
    for (const min of [50, 94, 50, 94, 50]) {
      for (const graph of [cached, uncached]) {
        const result = await graph.query({ query: QUERY, name: 'big', params: { min } });
        expect(result.rows, `size >= ${min}`).toEqual(expected(min));
      }
    }
    const profiled = await cached.query(
      { query: QUERY, name: 'big', params: { min: 50 } },
      { profile: true },
    );
    expect(profiled.profile?.plan.children[0]?.detail).toMatch(/in id order$/);
    const limited = await cached.query({ query: QUERY, name: 'big_few', params: { min: 50 } });
    expect(limited.rows).toEqual(
      expected(50)
        .filter((row) => row['i.label'] !== 'item 7')
        .slice(0, 25)
        .map((row) => ({ 'i.label': row['i.label'] })),
    );
  });
});
