import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowsByRank, sortRows } from './row-order.js';

describe('sortRows', () => {
  const values = [30, null, 25, 30];
  const ids = ['d', 'b', 'c', 'a'];

  it('puts NULLs first ascending and last descending, ties by the tie columns', () => {
    expect(sortRows(4, [{ values, direction: 'asc', ranking: false }], [ids])).toEqual(
      Int32Array.of(1, 2, 3, 0),
    );
    expect(sortRows(4, [{ values, direction: 'desc', ranking: false }], [ids])).toEqual(
      Int32Array.of(3, 0, 2, 1),
    );
  });

  it('puts rows without a ranking score last in either direction', () => {
    expect(sortRows(4, [{ values, direction: 'asc', ranking: true }], [ids])).toEqual(
      Int32Array.of(2, 3, 0, 1),
    );
    expect(sortRows(4, [{ values, direction: 'desc', ranking: true }], [ids])).toEqual(
      Int32Array.of(3, 0, 2, 1),
    );
  });

  it('uses later keys before ties, and the row number last', () => {
    const second = { values: [1, 1, 1, 2], direction: 'asc' as const, ranking: false };
    expect(sortRows(4, [{ values, direction: 'desc', ranking: false }, second], [])).toEqual(
      Int32Array.of(0, 3, 2, 1),
    );
  });

  it('with a limit, selects exactly the first rows of the full order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }), { maxLength: 200 }),
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
        (cells, limit, direction) => {
          const keys = [{ values: cells, direction, ranking: false }];
          const ties = [cells.map((_, row) => String((row * 7) % 11))];
          const full = sortRows(cells.length, keys, ties);
          expect(sortRows(cells.length, keys, ties, limit)).toEqual(full.slice(0, limit));
        },
      ),
    );
  });

  it('with a limit, selects the first rows of the full order over mixed numbers too', () => {
    const cell = fc.oneof(
      fc.constant(null),
      fc.integer({ min: -3, max: 3 }),
      fc.constantFrom(-0, 0, Number.NaN, Number.POSITIVE_INFINITY, -Infinity, 0.5),
      fc.bigInt({ min: -3n, max: 3n }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(cell, fc.integer({ min: 0, max: 2 })), { minLength: 40, maxLength: 200 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
        fc.boolean(),
        (rows, limit, direction, ranking) => {
          const keys = [
            { values: rows.map(([first]) => first), direction, ranking },
            { values: rows.map(([, second]) => second), direction: 'asc' as const, ranking: false },
          ];
          const ties = [rows.map((_, row) => String((row * 7) % 11))];
          const full = sortRows(rows.length, keys, ties);
          expect(sortRows(rows.length, keys, ties, limit)).toEqual(full.slice(0, limit));
        },
      ),
    );
  });
});

describe('rowsByRank', () => {
  it('orders rows by their slots’ ranks, then by row, with or without repeated slots', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.nat(), { maxLength: 80 }),
        fc.option(fc.nat({ max: 90 }), { nil: undefined }),
        (tableRows, picks, limit) => {
          // Ranks: a permutation of the table's rows.
          const ranks = Int32Array.from({ length: tableRows }, (_, row) => (row * 37) % tableRows);
          if (new Set(ranks).size !== tableRows) return;
          const slots = picks.map((pick) => pick % tableRows);
          const expected = slots
            .map((slot, row) => ({ rank: ranks[slot] ?? 0, row }))
            .sort((a, b) => a.rank - b.rank || a.row - b.row)
            .map(({ row }) => row)
            .slice(0, limit);
          expect(rowsByRank(slots, ranks, limit)).toEqual(expected);
        },
      ),
    );
  });
});
