import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellsEqual, compareCells, compareFloats, compareStrings } from './cell-order.js';

describe('cell order', () => {
  it('orders strings by code point, as their UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const bytes = Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
        expect(Math.sign(compareStrings(a, b))).toBe(bytes);
      }),
    );
    // UTF-16 code units would put the astral character first.
    expect(compareStrings('\u{1F600}', '\uFFFF')).toBeGreaterThan(0);
  });

  it('orders floats in IEEE total order and numbers exactly across bigint', () => {
    expect([Number.NaN, 1, -0, 0, Number.NEGATIVE_INFINITY].sort(compareFloats)).toEqual([
      Number.NEGATIVE_INFINITY,
      -0,
      0,
      1,
      Number.NaN,
    ]);
    expect(compareCells(2n ** 60n, 2 ** 60)).toBe(0);
    expect(compareCells(2n ** 60n + 1n, 2 ** 60)).toBe(1);
    expect(compareCells(1.5, 1n)).toBe(1);
    expect(compareCells(false, true)).toBe(-1);
  });

  it('never equates NULL or values of different kinds', () => {
    expect(cellsEqual(null, null)).toBe(false);
    expect(cellsEqual('1', 1)).toBe(false);
    expect(cellsEqual(1n, 1)).toBe(true);
    expect(cellsEqual(['a', 1], ['a', 1])).toBe(true);
  });
});
