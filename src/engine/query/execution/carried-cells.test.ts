import { describe, expect, it } from 'vitest';
import type { Row } from '../../lance/index.js';
import { carriedCells } from './carried-cells.js';

describe('carriedCells', () => {
  it('gives cells as a scan decodes them', () => {
    // A row without the column holds NULL there.
    const rows: Row[] = [{ v: 0.1 }, { v: null }, {}];
    expect(carriedCells('float32', rows, 'v')).toEqual([Math.fround(0.1), null, null]);
    expect(carriedCells('float64', rows, 'v')).toEqual([0.1, null, null]);
    expect(carriedCells('int64', [{ v: 5 }, { v: 6n }], 'v')).toEqual([5n, 6n]);
    expect(carriedCells('utf8', [{ v: 'é' }], 'v')).toEqual(['é']);
    expect(carriedCells('bool', [{ v: false }], 'v')).toEqual([false]);
    expect(carriedCells('int32', [{ v: -3 }], 'v')).toEqual([-3]);
  });

  it('declines what may decode differently, or is not of the column type', () => {
    // A lone surrogate is written as U+FFFD.
    expect(carriedCells('utf8', [{ v: 'a\ud800' }], 'v')).toBeUndefined();
    expect(carriedCells('int64', [{ v: 2 ** 60 }], 'v')).toBeUndefined();
    expect(carriedCells('int32', [{ v: 'x' }], 'v')).toBeUndefined();
    expect(carriedCells('date32', [{ v: 1 }], 'v')).toBeUndefined();
    expect(carriedCells(undefined, [{ v: 1 }], 'v')).toBeUndefined();
  });
});
