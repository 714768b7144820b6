import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bigintColumnsHeader,
  bigintColumnsOf,
  parseBigintColumnsHeader,
  typedResultRows,
} from './bigint-columns.js';

describe('the columns of 64-bit integers', () => {
  it('are the columns with a bigint value or list item in some row', () => {
    const rows = [
      { a: null, b: 1, c: [], d: 'x', e: [1.5] },
      { a: 5n, b: 2, c: [null, 7n], d: 'y', e: [] },
    ];
    expect(bigintColumnsOf(rows)).toEqual(['a', 'c']);
    expect(bigintColumnsOf([])).toEqual([]);
  });

  it('travel in a header value, whatever their names', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: 'grapheme' })), (names) => {
        const header = bigintColumnsHeader(names);
        expect(header).toMatch(/^[\x21-\x7e]*$/);
        expect(parseBigintColumnsHeader(header)).toEqual(new Set(names.filter((n) => n !== '')));
      }),
    );
    expect(bigintColumnsHeader(['p.id', 'a,b'])).toBe('p.id,a%2Cb');
    expect(parseBigintColumnsHeader(' p.id , %E0%A4%A, ')).toEqual(new Set(['p.id']));
  });
});

describe('typedResultRows', () => {
  it('makes every integer of a named column a bigint, and every other number a number', () => {
    const parsed = [
      { id: 42, ids: [1, 9007199254740993n, null], f: 123456789012345680000n, n: 3, s: '7' },
      { id: 9223372036854775807n, ids: null, f: 0.5, n: null, s: null },
    ];
    expect(typedResultRows(parsed, new Set(['id', 'ids']))).toEqual([
      { id: 42n, ids: [1n, 9007199254740993n, null], f: 123456789012345680000, n: 3, s: '7' },
      { id: 9223372036854775807n, ids: null, f: 0.5, n: null, s: null },
    ]);
  });

  it('keeps member names that are special to objects as plain data', () => {
    const row = JSON.parse('{"__proto__":5,"constructor":1}') as Record<string, unknown>;
    const [typed] = typedResultRows([row], new Set(['__proto__']));
    expect(Object.getPrototypeOf(typed)).toBe(Object.prototype);
    expect(Object.entries(typed ?? {})).toEqual([
      ['__proto__', 5n],
      ['constructor', 1],
    ]);
  });
});
