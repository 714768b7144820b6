import { describe, expect, it } from 'vitest';
import { packedColumn } from './packed-column.js';

describe('packedColumn', () => {
  it('packs numbers of 32- and 64-bit kinds into typed arrays of their width', () => {
    const ints = packedColumn('int32', [1, -2, 2 ** 31 - 1]);
    expect(ints).toBeInstanceOf(Int32Array);
    expect(Array.from(ints)).toEqual([1, -2, 2 ** 31 - 1]);
    expect(packedColumn('uint32', [0, 2 ** 32 - 1])).toBeInstanceOf(Uint32Array);
    const floats = packedColumn('float32', [Math.fround(0.1), 1.5]);
    expect(floats).toBeInstanceOf(Float32Array);
    expect(floats[0]).toBe(Math.fround(0.1));
    const doubles = packedColumn('float64', [0.1, -0, Number.NaN, Number.POSITIVE_INFINITY]);
    expect(doubles).toBeInstanceOf(Float64Array);
    expect(Object.is(doubles[1], -0)).toBe(true);
    expect(doubles[2]).toBeNaN();
  });

  it('keeps the cells of a column with a NULL, of another kind, or that would change', () => {
    const withNull = [1, null, 3];
    expect(packedColumn('int32', withNull)).toBe(withNull);
    const text = ['a', 'b'];
    expect(packedColumn('utf8', text)).toBe(text);
    const big = [1n, 2n];
    expect(packedColumn('int64', big)).toBe(big);
    expect(packedColumn(undefined, [1, 2])).toEqual([1, 2]);
    // Each would be stored other than it is: truncated, wrapped, or rounded.
    for (const [kind, cells] of [
      ['int32', [1, 1.5]],
      ['int32', [2 ** 31]],
      ['uint32', [-1]],
      ['float32', [0.1]],
    ] as const) {
      expect(packedColumn(kind, cells), `${kind} ${cells.join()}`).toBe(cells);
    }
  });
});
