import { describe, expect, it } from 'vitest';
import { extendedIndex, type PositionIndex } from './extended-index.js';

/** The positions of `keys` as a map. */
function positions(keys: readonly string[]): Map<string, number> {
  return new Map(keys.map((key, position) => [key, position]));
}

describe('extendedIndex', () => {
  it('gives every key its position, through many extensions, and leaves each base as it was', () => {
    let keys = ['a', 'b'];
    let index: PositionIndex = positions(keys);
    const bases: [PositionIndex, string[]][] = [];
    for (let round = 0; round < 20; round += 1) {
      const more = [`k${round}`, `j${round}`];
      const added = new Map(more.map((key, at) => [key, keys.length + at]));
      bases.push([index, keys]);
      keys = [...keys, ...more];
      index = extendedIndex(index, added, keys);
      expect(index.size).toBe(keys.length);
      for (const [position, key] of keys.entries()) expect(index.get(key)).toBe(position);
      expect(index.get('missing')).toBeUndefined();
    }
    for (const [base, baseKeys] of bases) {
      expect(base.size).toBe(baseKeys.length);
      expect(base.get(keys.at(-1) ?? '')).toBeUndefined();
    }
  });

  it('copies every key into one map once the added keys outgrow what it keeps beside the base', () => {
    let keys = ['a'];
    let index: PositionIndex = positions(keys);
    for (let round = 0; round < 3; round += 1) {
      const more = Array.from({ length: 600 }, (_, at) => `r${round}-${at}`);
      const added = new Map(more.map((key, at) => [key, keys.length + at]));
      keys = [...keys, ...more];
      index = extendedIndex(index, added, keys);
      expect(index instanceof Map).toBe(round === 1);
      for (const [position, key] of keys.entries()) expect(index.get(key)).toBe(position);
    }
  });

  it('is the base itself when nothing is added', () => {
    const base = positions(['a']);
    expect(extendedIndex(base, new Map(), ['a'])).toBe(base);
  });
});
