import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareStrings } from '../../values/index.js';
import { RowsById } from './id-order.js';
import { slotsById } from './slots-by-id.js';

/** Ids with surrogate pairs and characters above them, where code units and code points differ. */
const ids = fc.array(fc.constantFrom('a', 'b', 'ab', '\u{1F600}', '\uFFFD', 'z\u{10000}', ''), {
  maxLength: 40,
});

describe('id order', () => {
  it('takes rows in the order of their ids, then row numbers, batch by batch', () => {
    fc.assert(
      fc.property(
        fc.array(ids, { minLength: 1, maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 7 })),
        (columns, batches) => {
          const size = Math.min(...columns.map((column) => column.length));
          const expected = Array.from({ length: size }, (_, row) => row).sort((a, b) => {
            for (const column of columns) {
              const order = compareStrings(column[a] ?? '', column[b] ?? '');
              if (order !== 0) return order;
            }
            return a - b;
          });
          const rows = new RowsById(columns, size);
          const taken: number[] = [];
          for (const batch of [...batches, size]) taken.push(...rows.take(batch));
          expect(taken).toEqual(expected);
          expect(rows.remaining).toBe(0);
        },
      ),
    );
  });

  it('orders slots by the ids of their entities', () => {
    fc.assert(
      fc.property(ids, (names) => {
        const slots = names.map((_, slot) => slot).reverse();
        const ordered = slotsById(slots, { id: (slot) => names[slot] ?? '' });
        const inOrder = ordered.map((slot) => names[slot] ?? '');
        expect(inOrder).toEqual([...names].sort(compareStrings));
        expect([...ordered].sort((a, b) => a - b)).toEqual(names.map((_, slot) => slot));
      }),
    );
  });
});
