import { describe, expect, it } from 'vitest';
import { CacheBudget } from '../../src/util/cache-budget.js';
import { ColumnCache } from '../../src/engine/query/execution/column-cache.js';
import { imageRows } from '../../src/engine/query/execution/image-filter.js';
import { where } from '../../src/engine/lance/filter.js';
import type { TableReader } from '../../src/engine/lance/table-reader.js';
import { fakeReader } from './fake-table-reader.js';

describe('ColumnCache', () => {
  it('reads each column of a version once and indexes its ids', async () => {
    const cache = new ColumnCache(new CacheBudget(1 << 20));
    const reader = fakeReader(10);
    const image = await cache.image(reader, ['n'], 10);
    expect(image?.column('n')?.[4]).toBe(4n);
    expect(image?.rowOf('k7')).toBe(7);
    expect(image?.rowOf('nope')).toBeUndefined();
    await cache.image(reader, ['n'], 10);
    expect(reader.scans).toBe(1);
    expect(cache.has(reader, ['n', 'name'])).toBe(false);
    await cache.image(reader, ['name'], 10);
    expect(reader.scans).toBe(2);
    expect(cache.has(reader, ['n', 'name'])).toBe(true);
  });

  it('keeps within its byte budget, dropping the least recently used version', async () => {
    const budget = new CacheBudget(20_000);
    const cache = new ColumnCache(budget);
    const first = fakeReader(50);
    const second = fakeReader(50);
    await cache.image(first, ['name'], 50);
    await cache.image(second, ['name'], 50);
    await cache.image(second, ['n'], 50);
    expect(budget.bytes).toBeLessThanOrEqual(20_000);
    expect(budget.usage().caches.columns?.bytes).toBe(budget.bytes);
    expect(cache.has(second, ['n'])).toBe(true);
    expect(cache.has(first, ['name'])).toBe(false);
  });

  it('declines vectors, tables over half the budget, and a zero budget', async () => {
    expect(
      await new ColumnCache(new CacheBudget(1 << 20)).image(fakeReader(4), ['v'], 4),
    ).toBeUndefined();
    expect(
      await new ColumnCache(new CacheBudget(1000)).image(fakeReader(100), ['n'], 100),
    ).toBeUndefined();
    expect(await new ColumnCache(new CacheBudget(0)).image(fakeReader(4), [], 4)).toBeUndefined();
  });
});

/** A later version of `fakeReader`'s table, whose rows only a carried-over image can give. */
function unreadReader(): TableReader {
  const reader = fakeReader(0);
  return { ...reader, scanColumns: () => Promise.reject(new Error('the table was read')) };
}

describe('ColumnCache carried over removals', () => {
  it('makes the image of versions made by removals and an append without reading them', async () => {
    const cache = new ColumnCache(new CacheBudget(1 << 20));
    const base = fakeReader(10);
    const first = await cache.image(base, ['n', 'name'], 10);
    first?.idRanks();
    // Two removals with no read between, then an append: each version from the one before.
    const [removedOnce, removedTwice, appended] = [unreadReader(), unreadReader(), unreadReader()];
    cache.carryRemoval(base, removedOnce, ['k3']);
    cache.carryRemoval(removedOnce, removedTwice, ['k7', 'k0']);
    cache.carry(removedTwice, appended, [
      { row: { id: 'a', n: 100n, name: 'new' }, merged: false },
    ]);
    const image = await cache.image(appended, ['n', 'name'], 8);
    const ids = ['k1', 'k2', 'k4', 'k5', 'k6', 'k8', 'k9', 'a'];
    expect(image?.ids).toEqual(ids);
    expect(ids.map((id) => image?.rowOf(id))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(['k0', 'k3', 'k7'].map((id) => image?.rowOf(id))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(image?.column('n')).toEqual([1n, 2n, 4n, 5n, null, 8n, null, 100n]);
    expect(image?.column('name')).toEqual([
      'name 1',
      'name 2',
      'name 4',
      'name 5',
      'name 6',
      'name 8',
      'name 9',
      'new',
    ]);
    // Ranks in code point order: 'a' < 'k1' < … < 'k9'.
    expect(Array.from(image?.idRanks() ?? [])).toEqual([1, 2, 3, 4, 5, 6, 7, 0]);
    expect(base.scans).toBe(1);
  });

  it('keeps a column of numbers packed through removals, appends and rewrites', async () => {
    const cache = new ColumnCache(new CacheBudget(1 << 20));
    const base = fakeReader(6);
    const first = await cache.image(base, ['m', 'n'], 6);
    expect(first?.column('m')).toBeInstanceOf(Int32Array);
    expect(Array.from(first?.column('m') ?? [])).toEqual([0, 2, 4, 6, 8, 10]);
    // A column with a NULL stays an array of cells.
    expect(Array.isArray(first?.column('n'))).toBe(true);
    const [removed, appended, withNull] = [unreadReader(), unreadReader(), unreadReader()];
    cache.carryRemoval(base, removed, ['k2']);
    cache.carry(removed, appended, [
      { row: { id: 'a', m: 7, n: 1n }, merged: false },
      { row: { id: 'k4', m: -1, n: 4n }, merged: true },
    ]);
    const packed = await cache.image(appended, ['m'], 6);
    expect(packed?.column('m')).toBeInstanceOf(Int32Array);
    expect(Array.from(packed?.column('m') ?? [])).toEqual([0, 2, 6, -1, 10, 7]);
    cache.carry(appended, withNull, [{ row: { id: 'b', m: null, n: null }, merged: false }]);
    const unpacked = await cache.image(withNull, ['m'], 7);
    expect(unpacked?.column('m')).toEqual([0, 2, 6, -1, 10, 7, null]);
    expect(base.scans).toBe(1);
  });

  it('reads the version when a removed id is not held', async () => {
    const cache = new ColumnCache(new CacheBudget(1 << 20));
    const base = fakeReader(4);
    await cache.image(base, ['n'], 4);
    const next = unreadReader();
    cache.carryRemoval(base, next, ['k1', 'missing']);
    await expect(cache.image(next, ['n'], 3)).rejects.toThrow('the table was read');
  });
});

describe('imageRows', () => {
  it('evaluates filters as Lance does, leaving to Lance the literals it would reject', async () => {
    const reader = fakeReader(10);
    const image = await new ColumnCache(new CacheBudget(1 << 20)).image(reader, ['n', 'name'], 10);
    if (image === undefined) throw new Error('no image');
    const source = { reader, derived: new Map() };
    expect(imageRows(image, where.eq('n', 4), source)).toEqual([4]);
    expect(imageRows(image, where.eq('n', 4n), source)).toEqual([4]);
    expect(imageRows(image, where.eq('n', 4.5), source)).toBeUndefined();
    expect(imageRows(image, where.eq('n', 3n), source)).toEqual([]);
    expect(imageRows(image, where.in('n', []), source)).toEqual([]);
    expect(imageRows(image, where.isNull('n'), source)).toEqual([0, 3, 6, 9]);
    expect(imageRows(image, where.in('id', ['k2', 'k5', 'x']), source)).toEqual([2, 5]);
    expect(
      imageRows(image, where.and(where.eq('id', 'k5'), where.eq('name', 'name 5')), source),
    ).toEqual([5]);
    expect(imageRows(image, where.gt('n', 4), source)).toEqual([5, 7, 8]);
    expect(imageRows(image, where.ne('n', 4), source)).toEqual([1, 2, 5, 7, 8]);
  });
});

describe('ColumnCache rows of a carried-over version', () => {
  it('finds ids in the image read last and the rows written since, without making an image', async () => {
    const cache = new ColumnCache(new CacheBudget(1 << 20));
    const base = fakeReader(10);
    await cache.image(base, ['n', 'name'], 10);
    // Two writes with no read between: k4 rewritten twice, k2 once, a new id appended.
    const [first, second] = [unreadReader(), unreadReader()];
    cache.carry(base, first, [
      { row: { id: 'k4', n: 40n, name: 'four' }, merged: true },
      { row: { id: 'new', n: 100n, name: 'new' }, merged: false },
    ]);
    cache.carry(first, second, [
      { row: { id: 'k2', n: null, name: 'two' }, merged: true },
      { row: { id: 'k4', n: 44n, name: 'four again' }, merged: true },
    ]);
    const image = cache.carriedImage(second, ['k4', 'nope', 'k8', 'new', 'k1', 'k2']);
    // The stored rows in row order, then the written ones in the order last written.
    expect(image?.ids).toEqual(['k1', 'k8', 'new', 'k2', 'k4']);
    expect(image?.column('n')).toEqual([1n, 8n, 100n, null, 44n]);
    expect(image?.column('name')).toEqual(['name 1', 'name 8', 'new', 'two', 'four again']);
    expect(image?.rowOf('k4')).toBe(4);
    expect(image?.rowOf('nope')).toBeUndefined();
    // Nothing was made for the version itself; its pass over 4 rows for 6 ids was spent on it.
    expect(cache.has(second, ['n'])).toBe(false);
    expect(cache.pays(second, ['n'], 80)).toBe(true);
    expect(cache.pays(second, ['n'], 81)).toBe(false);
  });

  it('leaves out the ids removed since, but those written again', async () => {
    const cache = new ColumnCache(new CacheBudget(1 << 20));
    const base = fakeReader(10);
    await cache.image(base, ['name'], 10);
    // Two removals with no read between, then k3 written again.
    const [removedOnce, removedTwice, written] = [unreadReader(), unreadReader(), unreadReader()];
    cache.carryRemoval(base, removedOnce, ['k3']);
    cache.carryRemoval(removedOnce, removedTwice, ['k5']);
    expect(cache.carriedImage(removedTwice, ['k3', 'k4', 'k5'])?.ids).toEqual(['k4']);
    cache.carry(removedTwice, written, [{ row: { id: 'k3', name: 'back' }, merged: false }]);
    const image = cache.carriedImage(written, ['k5', 'k3', 'k6']);
    expect(image?.ids).toEqual(['k6', 'k3']);
    expect(image?.column('name')).toEqual(['name 6', 'back']);
    expect(cache.has(written, ['name'])).toBe(false);
  });

  it('makes nothing of a carried version for columns that cannot be cached', async () => {
    const cache = new ColumnCache(new CacheBudget(1 << 20));
    const base = fakeReader(10);
    await cache.image(base, ['n', 'name'], 10);
    const next = unreadReader();
    cache.carry(base, next, [{ row: { id: 'k4', n: 40n, name: 'four' }, merged: true }]);
    // A write's lookup of whole rows asks for the vector too: no image, and none made.
    expect(await cache.image(next, ['n', 'name', 'v'], 10)).toBeUndefined();
    expect(cache.has(next, [])).toBe(false);
    expect(cache.carriedImage(next, ['k4'])?.column('n')).toEqual([40n]);
  });

  it('has none for a version not carried over, or whose written cells may read back otherwise', async () => {
    const cache = new ColumnCache(new CacheBudget(1 << 20));
    const base = fakeReader(10);
    expect(cache.carriedImage(base, ['k1'])).toBeUndefined();
    await cache.image(base, ['n'], 10);
    expect(cache.carriedImage(base, ['k1'])).toBeUndefined();
    const next = unreadReader();
    // A number where the 64-bit column reads back a bigint only when it is a safe integer.
    cache.carry(base, next, [{ row: { id: 'k3', n: 0.5 }, merged: true }]);
    expect(cache.carriedImage(next, ['k1'])?.column('n')).toEqual([1n]);
    expect(cache.carriedImage(next, ['k3'])).toBeUndefined();
  });
});
