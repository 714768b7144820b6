import { describe, expect, it } from 'vitest';
import { sortRows } from '../../src/engine/query/execution/row-order.js';
import type { Cell } from '../../src/engine/lance/index.js';

/** Rows ordered by one tie column alone, as groups are by their key (as a plain list). */
const byTie = (values: readonly Cell[], include?: (row: number) => boolean) =>
  Array.from(sortRows(values.length, [], [values], undefined, include));

describe('rows ordered by one tie column', () => {
  it('keeps rows whose integers already ascend in place, equal ones by row', () => {
    expect(byTie([1n, 2n, 2n, 7n])).toEqual([0, 1, 2, 3]);
    expect(byTie([-3, 0, 0, 5])).toEqual([0, 1, 2, 3]);
    expect(byTie([9n, 1n, 5n, 2n], (row) => row !== 0)).toEqual([1, 3, 2]);
  });

  it('sorts what does not ascend, or is not plain integers', () => {
    expect(byTie([3n, 1n, 2n])).toEqual([1, 2, 0]);
    expect(byTie([2, null, 1])).toEqual([1, 2, 0]);
    // IEEE total order puts -0 before 0; strings order by code point.
    expect(byTie([0, -0])).toEqual([1, 0]);
    expect(byTie([1.5, 1.25])).toEqual([1, 0]);
    expect(byTie(['b', 'a', '\u{1F600}', '\uFFFF'])).toEqual([1, 0, 3, 2]);
  });

  it('answers again for a column it has seen, whole or in part', () => {
    const ascending = [1n, 4n, 6n, 9n];
    expect(byTie(ascending)).toEqual([0, 1, 2, 3]);
    expect(byTie(ascending, (row) => row !== 1)).toEqual([0, 2, 3]);
    const mixed = [5n, 1n, 3n, 8n];
    expect(byTie(mixed, (row) => row !== 0)).toEqual([1, 2, 3]);
    expect(byTie(mixed)).toEqual([1, 2, 0, 3]);
    expect(byTie(mixed, (row) => row !== 3)).toEqual([1, 2, 0]);
    expect(byTie(mixed, (row) => row >= 2)).toEqual([2, 3]);
  });
});
