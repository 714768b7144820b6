import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import { graphWith, ndjson } from './query-fixtures.js';

const SCHEMA = `node Item {
  name: String @key
  bin: String
  x: F64?
  n: I64?
  s: String?
}`;

/** Items in three bins, with NULLs, -0 beside 0 (either first), and an I64 beyond 2^53. */
const ITEMS = [
  { name: 'a', bin: 'A', x: 1.5, n: 9007199254740993n, s: 'pear' },
  { name: 'b', bin: 'A', x: -0, n: -4n, s: null },
  { name: 'c', bin: 'A', x: 0, n: null, s: 'apple' },
  { name: 'd', bin: 'B', x: null, n: 2n, s: 'fig' },
  { name: 'e', bin: 'B', x: -2.25, n: 2n, s: 'zucchini' },
  { name: 'f', bin: 'B', x: null, n: null, s: null },
  { name: 'g', bin: 'C', x: 0, n: 5n, s: 'kiwi' },
  { name: 'h', bin: 'C', x: -0, n: 5n, s: 'kiwi' },
];

const AGGREGATES =
  'count($i.x) as c, sum($i.x) as total, avg($i.x) as mean, min($i.x) as lo, max($i.x) as hi, ' +
  'min($i.n) as nlo, max($i.n) as nhi, min($i.s) as slo, max($i.s) as shi, count($i) as rows';

/** The aggregates of `items` as the reference defines them (docs/reference/query.md). */
function expected(items: readonly (typeof ITEMS)[number][]) {
  const xs = items.flatMap((item) => (item.x === null ? [] : [item.x]));
  const ns = items.flatMap((item) => (item.n === null ? [] : [item.n]));
  const ss = items.flatMap((item) => (item.s === null ? [] : [item.s])).sort();
  const total = xs.reduce((sum, x) => sum + x, 0);
  // -0 orders before 0 (IEEE 754 total order).
  const byTotalOrder = [...xs].sort((a, b) => a - b || (Object.is(a, -0) ? -1 : 1));
  return {
    c: BigInt(xs.length),
    total: xs.length === 0 ? null : total,
    mean: xs.length === 0 ? null : total / xs.length,
    lo: byTotalOrder[0] ?? null,
    hi: byTotalOrder.at(-1) ?? null,
    nlo: ns.length === 0 ? null : ns.reduce((a, b) => (b < a ? b : a)),
    nhi: ns.length === 0 ? null : ns.reduce((a, b) => (b > a ? b : a)),
    slo: ss[0] ?? null,
    shi: ss.at(-1) ?? null,
    rows: BigInt(items.length),
  };
}

describe('aggregates over a table', () => {
  let graph: Omnigraph;
  beforeAll(async () => {
    const records = ITEMS.map((data) => ({
      type: 'Item',
      data: { ...data, n: data.n === null ? null : Number(data.n) },
    }));
    // JSON numbers lose an I64 beyond 2^53, and JSON.stringify writes -0 as 0: those two are
    // written out.
    const text = ndjson(records)
      .replace('9007199254740992', '9007199254740993')
      .replace('"name":"b","bin":"A","x":0', '"name":"b","bin":"A","x":-0.0')
      .replace('"name":"h","bin":"C","x":0', '"name":"h","bin":"C","x":-0.0');
    graph = await graphWith(await freshTempDir('aggregates'), SCHEMA, text);
  });
  afterAll(async () => {
    await graph.close();
  });

  it('aggregate every row, NULLs skipped, -0 before 0, exact I64 bounds', async () => {
    for (let run = 0; run < 3; run += 1) {
      const { rows } = await graph.query({
        query: `query q() { match { $i: Item } return { ${AGGREGATES} } }`,
      });
      expect(rows).toEqual([expected(ITEMS)]);
    }
  });

  it('aggregate each group alike', async () => {
    const { rows } = await graph.query({
      query: `query q() { match { $i: Item } return { $i.bin, ${AGGREGATES} } order { $i.bin } }`,
    });
    expect(rows).toEqual(
      ['A', 'B', 'C'].map((bin) => ({
        'i.bin': bin,
        ...expected(ITEMS.filter((i) => i.bin === bin)),
      })),
    );
    expect(Object.is(rows[0]?.lo, -0)).toBe(true);
    expect(Object.is(rows[2]?.lo, -0)).toBe(true);
    expect(Object.is(rows[2]?.hi, 0)).toBe(true);
  });

  it('aggregate no rows to NULLs and zero counts', async () => {
    const { rows } = await graph.query({
      query: `query q() { match { $i: Item\n$i.bin = "D" } return { ${AGGREGATES} } }`,
    });
    expect(rows).toEqual([expected([])]);
  });
});
