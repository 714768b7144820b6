import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedEditDistance, withinEdits } from './edit-distance.js';

/** Levenshtein distance over code points by the full table: slow and obviously right. */
function levenshtein(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i += 1) {
    const next = [i];
    for (let j = 1; j <= y.length; j += 1) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      next.push(Math.min(row[j - 1]! + cost, row[j]! + 1, next[j - 1]! + 1));
    }
    row = next;
  }
  return row[y.length]!;
}

describe('boundedEditDistance', () => {
  it('agrees with the full Levenshtein table whenever the distance is within the bound', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '☃'), maxLength: 12 });
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 6 }), (a, b, max) => {
        const exact = levenshtein(a, b);
        expect(boundedEditDistance(a, b, max)).toBe(exact <= max ? exact : undefined);
        expect(withinEdits(a, b, max)).toBe(exact <= max);
      }),
      { numRuns: 3000 },
    );
  });

  it('is linear in the length for a fixed bound', () => {
    const long = 'ab'.repeat(100_000);
    expect(boundedEditDistance(long, `${long}x`, 3)).toBe(1);
    expect(boundedEditDistance(long, `x${long.slice(1)}`, 3)).toBe(1);
    expect(boundedEditDistance(long, 'ba'.repeat(100_000), 3)).toBe(2);
    expect(boundedEditDistance(long, 'c'.repeat(200_000), 3)).toBeUndefined();
  });
});
