import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Chunks } from '../../src/engine/lance/index.js';
import { ByteIds } from '../../src/engine/query/traversal/byte-ids.js';
import {
  endpointsChecksum,
  numberEndpoints,
} from '../../src/engine/query/traversal/edge-endpoints.js';

/** The numbering the string build makes: ids by first sight, edge by edge, source first. */
function numberedByStrings(src: readonly string[], dst: readonly string[]) {
  const numbers = new Map<string, number>();
  const number = (id: string): number => {
    if (!numbers.has(id)) numbers.set(id, numbers.size);
    return numbers.get(id) ?? -1;
  };
  const pairs = src.map((from, edge) => [number(from), number(dst[edge] ?? '')]);
  return {
    nodeIds: [...numbers.keys()],
    src: pairs.map(([from]) => from),
    dst: pairs.map(([, to]) => to),
  };
}

/** A scan-like Arrow table of `src` and `dst` UTF-8 columns, in batches of `batch` rows. */
function edgeTable(src: readonly string[], dst: readonly string[], batch: number): Table {
  const batches: Table[] = [];
  // One batch at least: an empty scan still has its columns.
  for (let start = 0; start === 0 || start < src.length; start += batch) {
    batches.push(
      new Table({
        src: vectorFromArray(src.slice(start, start + batch), new Utf8()),
        dst: vectorFromArray(dst.slice(start, start + batch), new Utf8()),
      }),
    );
  }
  return batches.reduce((all, next) => all.concat(next));
}

/** Expects edges `pairs`, read in batches of `batch`, to be numbered as the string build does. */
function expectNumberedAsStrings(pairs: readonly (readonly [string, string])[], batch: number) {
  const src = pairs.map(([from]) => from);
  const dst = pairs.map(([, to]) => to);
  const table = edgeTable(src, dst, batch);
  const numbered = numberEndpoints(utf8Chunks(table, 'src') ?? [], utf8Chunks(table, 'dst') ?? []);
  const expected = numberedByStrings(src, dst);
  expect(numbered?.nodeIds).toEqual(expected.nodeIds);
  expect([...(numbered?.src ?? [])]).toEqual(expected.src);
  expect([...(numbered?.dst ?? [])]).toEqual(expected.dst);
}

// Ids drawn from a small pool so that they repeat; any text, multi-byte and empty included.
const ids = fc.array(fc.string({ unit: 'binary', maxLength: 6 }), { minLength: 1, maxLength: 40 });
const edges = ids.chain((pool) =>
  fc.array(fc.tuple(fc.constantFrom(...pool), fc.constantFrom(...pool)), { maxLength: 300 }),
);

describe('numbering edge endpoints from their bytes', () => {
  it('numbers as the string build does, across batches', () => {
    fc.assert(
      fc.property(edges, fc.integer({ min: 1, max: 50 }), (pairs, batch) => {
        expectNumberedAsStrings(pairs, batch);
      }),
      { numRuns: 200 },
    );
  });

  it('numbers ids spelling integers as the string build does, mixed with others', () => {
    // Digits of any length (canonical, with leading zeros, past the values numbered by value),
    // and other ids.
    const pool = fc.array(
      fc.oneof(
        fc.stringMatching(/^[0-9]{1,9}$/),
        fc.integer({ min: 0, max: 2 ** 23 }).map(String),
        fc.string({ unit: 'binary', maxLength: 4 }),
      ),
      { minLength: 1, maxLength: 60 },
    );
    const pairs = pool.chain((values) =>
      fc.array(fc.tuple(fc.constantFrom(...values), fc.constantFrom(...values)), {
        maxLength: 300,
      }),
    );
    fc.assert(
      fc.property(pairs, (drawn) => {
        expectNumberedAsStrings(drawn, 64);
      }),
      { numRuns: 200 },
    );
  });

  it('tells apart integers from their spellings with zeros, signs or other bytes', () => {
    const byBytes = new ByteIds();
    const encoder = new TextEncoder();
    const alike = [
      '0',
      '00',
      '01',
      '1',
      '10',
      '-1',
      '+1',
      ' 1',
      '1.0',
      '1a',
      '4194303',
      '4194304',
      '9999999',
      '10000000',
      '123456789',
      '٣',
    ];
    const sights = [...alike, ...alike.slice().reverse()];
    const numbers = sights.map((id) => {
      const bytes = encoder.encode(id);
      return byBytes.number(bytes, 0, bytes.length);
    });
    expect(byBytes.count).toBe(alike.length);
    expect(byBytes.ids()).toEqual(alike);
    expect(numbers).toEqual([...alike.keys(), ...[...alike.keys()].reverse()]);
  });

  it('keeps ids apart through the table growing many times', () => {
    const byBytes = new ByteIds();
    const encoder = new TextEncoder();
    // Integers too: their array grows by value.
    const all = Array.from({ length: 50_000 }, (_, index) =>
      index % 3 === 0 ? String((index * 7919) % 3_000_017) : `node-${index % 20_011}-é`,
    );
    const numbers = all.map((id) => {
      const bytes = encoder.encode(id);
      return byBytes.number(bytes, 0, bytes.length);
    });
    expect(byBytes.count).toBe(new Set(all).size);
    const names = byBytes.ids();
    expect(numbers.map((number) => names[number])).toEqual(all);
  });

  it('tells apart ids alike in their first eight bytes, or in all but their length', () => {
    const byBytes = new ByteIds();
    const encoder = new TextEncoder();
    const alike = [
      'a',
      'a\u0000',
      'a\u0000\u0000\u0000\u0000',
      '12345678',
      '123456789',
      '12345678A',
      '12345678\u0000',
      '1234567é',
      '1234567éx',
      'node-0000000001',
      'node-0000000002',
      '',
      // Pairs of one FNV-1a hash (found by search): the same length and first eight bytes, and
      // an id and itself with a zero byte more (the hash of both is 0).
      'node-abc0043zx',
      'node-abc00bpad',
      'z316c7c22',
      'z316c7c22\u0000',
    ];
    // Each twice, in both orders: a second sight must find the first's number.
    const sights = [...alike, ...alike.slice().reverse()];
    const numbers = sights.map((id) => {
      // After a two-byte character: the id starts inside the bytes.
      const bytes = encoder.encode(`§${id}`);
      return byBytes.number(bytes, 2, bytes.length);
    });
    expect(byBytes.count).toBe(alike.length);
    expect(byBytes.ids()).toEqual(alike);
    expect(numbers).toEqual([...alike.keys(), ...[...alike.keys()].reverse()]);
  });

  it('tells apart two reads of edges in another order', () => {
    const src = ['a', 'b', 'c'];
    const dst = ['b', 'c', 'a'];
    const first = edgeTable(src, dst, 2);
    const again = edgeTable(src, dst, 1);
    const swapped = edgeTable(['b', 'a', 'c'], ['c', 'b', 'a'], 2);
    const sum = (table: Table) =>
      endpointsChecksum(utf8Chunks(table, 'src') ?? [], utf8Chunks(table, 'dst') ?? []);
    expect(sum(again)).toBe(sum(first));
    expect(sum(swapped)).not.toBe(sum(first));
  });

  it('leaves columns that are not plain UTF-8 to the string build', () => {
    const table = new Table({ src: vectorFromArray(['a', null], new Utf8()) });
    expect(utf8Chunks(table, 'src')).toBeUndefined();
    expect(utf8Chunks(table, 'missing')).toBeUndefined();
  });
});
