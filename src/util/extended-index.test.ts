import { describe, expect, it } from 'vitest';
import { Rng } from '../../test/fuzz/rng.js';
import { extendedIndex, sharedIndex, shrunkIndex, type PositionIndex } from './extended-index.js';
import { positionKept, RemovedPositions } from './removed-positions.js';

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

describe('shrunkIndex', () => {
  it('gives every key left its position through removals and extensions, sharing the map', () => {
    const rng = Rng.of('shrunk index');
    let keys = Array.from({ length: 300 }, (_, key) => `k${key}`);
    const root = positions(keys);
    let index: PositionIndex = root;
    for (let round = 0; round < 12; round += 1) {
      if (round % 3 === 2) {
        const more = [`a${round}`, `b${round}`];
        const added = new Map(more.map((key, at) => [key, keys.length + at]));
        keys = [...keys, ...more];
        index = extendedIndex(index, added, keys);
      } else {
        const gone = [
          ...new Set(Array.from({ length: rng.int(1, 9) }, () => rng.int(0, keys.length - 1))),
        ];
        const removed = new RemovedPositions(Int32Array.from(gone).sort(), keys.length);
        const left = removed.kept(keys);
        expect(left).toEqual(keys.filter((_, position) => !gone.includes(position)));
        const before = keys;
        index = shrunkIndex(index, removed, left);
        for (const position of gone) expect(index.get(before[position] ?? '')).toBeUndefined();
        keys = left;
      }
      expect(index.size).toBe(keys.length);
      for (const [position, key] of keys.entries()) expect(index.get(key)).toBe(position);
    }
    // Four removals stack over the map at most: past them, the keys are copied once.
    expect(sharedIndex(index)).not.toBe(root);
  });

  it('copies numbers without skipped entries, each lowered past the removed positions', () => {
    const removed = new RemovedPositions(Int32Array.from([3, 1024, 1025, 5000]), 6000);
    const numbers = Int32Array.from([5, 1023, 1030, 7, 5001]);
    expect([...removed.keptLowered(numbers, Int32Array.from([1]))]).toEqual([4, 1027, 6, 4997]);
    expect([...removed.keptLowered(numbers, new Int32Array(0))]).toEqual([4, 1022, 1027, 6, 4997]);
  });

  it('keeps the elements between removed positions, spliced out or copied past, and their type', () => {
    const list = Array.from({ length: 3000 }, (_, position) => `k${position}`);
    for (const gone of [[0], [2999], [5, 6, 1024, 2999], [0, 1, 2, 1500, 2998, 2999]]) {
      const removed = new RemovedPositions(Int32Array.from(gone), list.length);
      const expected = (position: number) => !gone.includes(position);
      expect(removed.kept(list)).toEqual(list.filter((_, position) => expected(position)));
      const floats = Float64Array.from(list, (_, position) => position + 0.5);
      const keptFloats = removed.keptNumbers(floats);
      expect(keptFloats).toBeInstanceOf(Float64Array);
      expect([...keptFloats]).toEqual([...floats].filter((_, position) => expected(position)));
      expect(removed.keptNumbers(Uint32Array.from([...floats], Math.floor))).toBeInstanceOf(
        Uint32Array,
      );
    }
    expect(list).toHaveLength(3000);
  });

  it('finds where each kept position was before the removal', () => {
    const rng = Rng.of('position kept');
    for (let round = 0; round < 50; round += 1) {
      const length = rng.int(1, 60);
      const gone = [
        ...new Set(Array.from({ length: rng.int(0, length) }, () => rng.int(0, length - 1))),
      ].sort((a, b) => a - b);
      const before = Array.from({ length }, (_, position) => position);
      const kept = before.filter((position) => !gone.includes(position));
      const sorted = Int32Array.from(gone);
      expect(kept.map((_, at) => positionKept(sorted, at))).toEqual(kept);
    }
  });

  it('counts the positions removed below each position, in blocks and within them', () => {
    const sorted = Int32Array.from([3, 1023, 1024, 1025, 5000]);
    const removed = new RemovedPositions(sorted, 6000);
    expect([0, 3, 4, 1023, 1024, 1026, 2000, 5000, 5999].map((at) => removed.below(at))).toEqual([
      0, -1, 1, -1, -1, 4, 4, -1, 5,
    ]);
  });
});
