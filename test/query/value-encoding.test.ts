import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import { readResultJson } from '../../src/api/index.js';
import { resultValue } from '../../src/engine/query/execution/result-value.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import { graphWith, ndjson } from './query-fixtures.js';

const SCHEMA = `
node Item {
  slug: String @key
  big: I64?
  count: U64?
  ratio: F64?
  small: F32?
  day: Date?
  at: DateTime?
  tags: [String]?
  flag: Bool?
  vec: Vector(2)?
}
`;

describe('result values and typed filters', () => {
  let graph: Omnigraph;
  beforeAll(async () => {
    graph = await graphWith(
      await freshTempDir('values'),
      SCHEMA,
      [
        '{"type":"Item","data":{"slug":"a","big":9007199254740993,"count":18446744073709551,"ratio":0.5,"small":0.1,"day":"2024-02-29","at":"2024-01-02T03:04:05.678Z","tags":["x","y"],"flag":true,"vec":[0.1,0.2]}}',
        ndjson([
          {
            type: 'Item',
            data: { slug: 'b', big: -5, ratio: 2, day: '1969-12-31', tags: [], flag: false },
          },
          { type: 'Item', data: { slug: 'c' } },
        ]),
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await graph.close();
  });

  const read = (filter: string, params = '') =>
    graph.query({
      query: `query q(${params}) { match { $i: Item\n${filter} } return { $i.slug, $i.big, $i.small, $i.day, $i.at, $i.tags, $i.flag, $i.vec } order { $i.slug } }`,
    });

  it('encodes Int64 at full width, F32 shortest, Date and DateTime as ISO text', async () => {
    const result = await read('$i.slug = "a"');
    expect(result.rows).toEqual([
      {
        'i.slug': 'a',
        'i.big': 9007199254740993n,
        'i.small': 0.1,
        'i.day': '2024-02-29',
        'i.at': '2024-01-02T03:04:05.678Z',
        'i.tags': ['x', 'y'],
        'i.flag': true,
        'i.vec': [0.1, 0.2],
      },
    ]);
    expect(readResultJson(result)).toContain(
      '{"i.slug":"a","i.big":9007199254740993,"i.small":0.1,"i.day":"2024-02-29","i.at":"2024-01-02T03:04:05.678Z","i.tags":["x","y"],"i.flag":true,"i.vec":[0.1,0.2]}',
    );
    const empty = await read('$i.slug = "c"');
    expect(Object.values(empty.rows[0] ?? {}).slice(1)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('pushes typed comparisons: Int64 beyond 2^53, dates, datetimes and booleans', async () => {
    const slugs = async (
      filter: string,
      params = '',
      values?: Record<string, unknown>,
    ): Promise<unknown[]> =>
      (
        await graph.query({
          query: `query q(${params}) { match { $i: Item\n${filter} } return { $i.slug } order { $i.slug } }`,
          params: values,
        })
      ).rows.map((row) => row['i.slug']);
    expect(await slugs('$i.big = $b', '$b: I64', { b: '9007199254740993' })).toEqual(['a']);
    expect(await slugs('$i.big = $b', '$b: I64', { b: '9007199254740992' })).toEqual([]);
    expect(await slugs('$i.big > 0')).toEqual(['a']);
    expect(await slugs('$i.day < date("2000-01-01")')).toEqual(['b']);
    expect(await slugs('$i.day >= $d', '$d: Date', { d: '2024-02-29' })).toEqual(['a']);
    expect(await slugs('$i.at < now()')).toEqual(['a']);
    expect(await slugs('$i.at > datetime("2024-01-02T03:04:05.678Z")')).toEqual([]);
    expect(await slugs('$i.flag = false')).toEqual(['b']);
    expect(await slugs('$i.tags contains "y"')).toEqual(['a']);
    expect(await slugs('$i.tags contains $t', '$t: String', { t: "x' OR '1'='1" })).toEqual([]);
  });

  it('writes NaN and infinities as strings', () => {
    const f64 = { kind: 'scalar', scalar: 'F64' } as const;
    expect(resultValue(f64, Number.NaN)).toBe('NaN');
    expect(resultValue(f64, Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(resultValue({ kind: 'scalar', scalar: 'F32' }, Number.NEGATIVE_INFINITY)).toBe(
      '-Infinity',
    );
    expect(resultValue({ kind: 'list', element: 'F64' }, [1, Number.NaN])).toEqual([1, 'NaN']);
  });
});
