import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { StringSharer, stringBytes } from './shared-strings.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** A fresh string equal to `text` (a copy the engine did not make from another). */
const copyOf = (text: string) => Buffer.from(text).toString('utf8');

/** Heap bytes `make` leaves reachable through what it returns. */
function retainedBytes(make: () => unknown): number {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const kept = make();
  collectGarbage();
  const after = process.memoryUsage().heapUsed;
  expect(kept).toBeDefined();
  return after - before;
}

describe('StringSharer', () => {
  it('returns each value unchanged and counts the distinct ones once', () => {
    const sharer = new StringSharer();
    const values = Array.from({ length: 10_000 }, (_, index) => `city-${index % 3}`);
    expect(values.map((value) => sharer.share(copyOf(value)))).toEqual(values);
    expect(sharer.distinctBytes).toBe(
      ['city-0', 'city-1', 'city-2'].reduce((sum, city) => sum + stringBytes(city), 0),
    );
  });

  it('keeps one string per distinct value: copies of a few long texts take the heap of one each', () => {
    const texts = Array.from({ length: 4 }, (_, index) => `${'x'.repeat(2000)}${index}`);
    const decode = (sharer: StringSharer | undefined) => () =>
      Array.from({ length: 5000 }, (_, index) => {
        const copy = copyOf(texts[index % texts.length] ?? '');
        return sharer === undefined ? copy : sharer.share(copy);
      });
    const copies = retainedBytes(decode(undefined));
    const shared = retainedBytes(decode(new StringSharer()));
    // 5,000 copies of 2 KB texts against 4 texts and 5,000 array slots.
    expect(copies).toBeGreaterThan(9_000_000);
    expect(shared).toBeLessThan(500_000);
  });

  it('stops sharing a column whose values are mostly distinct, and says so', () => {
    const sharer = new StringSharer();
    const ids = Array.from({ length: 50_000 }, (_, index) => `id-${index}`);
    expect(ids.map((id) => sharer.share(id))).toEqual(ids);
    expect(sharer.distinctBytes).toBeUndefined();
  });

  it('shares a long column of a few thousand distinct values in no order to the end', () => {
    const sharer = new StringSharer();
    const names = new Set<string>();
    let state = 42;
    for (let index = 0; index < 200_000; index += 1) {
      // xorshift32: a fixed sequence of draws, with repeats from the first rows on.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const name = `name-${(state >>> 0) % 5000}`;
      names.add(name);
      sharer.share(name);
    }
    expect(names.size).toBe(5000);
    expect(sharer.distinctBytes).toBe([...names].reduce((sum, name) => sum + stringBytes(name), 0));
  });
});
