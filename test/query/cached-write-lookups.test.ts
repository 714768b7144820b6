import { describe, expect, it } from 'vitest';
import { CacheBudget } from '../../src/util/cache-budget.js';
import { ColumnCache } from '../../src/engine/query/execution/column-cache.js';
import { CachedWriteLookups } from '../../src/engine/query/execution/cached-write-lookups.js';
import { where } from '../../src/engine/lance/filter.js';
import type { TableReader } from '../../src/engine/lance/table-reader.js';
import { fakeReader } from './fake-table-reader.js';

/**
 * A later version of `fakeReader`'s table with a stored `key` column, whose rows only a
 * carried-over image can give.
 */
function unreadReader(): TableReader {
  const reader = fakeReader(0);
  return {
    ...reader,
    columns: [...reader.columns, { name: 'key', type: { kind: 'utf8' }, nullable: false }],
    scanColumns: () => Promise.reject(new Error('the table was read')),
  };
}

/** `key`, a string key the fake table's ids spell (as a keyed node type's ids do). */
const DERIVED = new Map([['key', (id: string) => id]]);

/** A cache holding the image of 10 rows, and a version made of it by deleting `k3`. */
async function removedFromCached(): Promise<{ cache: ColumnCache; next: TableReader }> {
  const cache = new ColumnCache(new CacheBudget(1 << 20));
  const base = fakeReader(10);
  await cache.image(base, ['name'], 10);
  const next = unreadReader();
  cache.carryRemoval(base, next, ['k3']);
  return { cache, next };
}

describe('CachedWriteLookups on a version a delete carried over', () => {
  it('finds the rows a key pins among those ids alone, the version neither read nor imaged', async () => {
    const { cache, next } = await removedFromCached();
    const lookups = new CachedWriteLookups(cache);
    const columns = ['id', 'key', 'name'];
    expect(
      await lookups.matchingRows(next, 9, where.eq('key', 'k5'), columns, 10, DERIVED),
    ).toEqual([{ id: 'k5', key: 'k5', name: 'name 5' }]);
    expect(
      await lookups.matchingRows(
        next,
        9,
        where.in('key', ['k8', 'k3', 'k1']),
        columns,
        10,
        DERIVED,
      ),
    ).toEqual([
      { id: 'k1', key: 'k1', name: 'name 1' },
      { id: 'k8', key: 'k8', name: 'name 8' },
    ]);
    const otherName = where.and(where.eq('key', 'k5'), where.eq('name', 'name 4'));
    expect(await lookups.matchingRows(next, 9, otherName, columns, 10, DERIVED)).toEqual([]);
    expect(cache.has(next, ['name'])).toBe(false);
  });

  it('declines what the rows of the pinned ids cannot give', async () => {
    const { cache, next } = await removedFromCached();
    const lookups = new CachedWriteLookups(cache);
    // A column no image holds and none derives (a vector), then a key no one said derives.
    expect(await lookups.matchingRows(next, 9, where.eq('key', 'k5'), ['v'], 10, DERIVED)).toBe(
      undefined,
    );
    expect(cache.has(next, ['name'])).toBe(false);
    expect(await lookups.matchingRows(next, 9, where.eq('key', 'k5'), ['name'], 10)).toBe(
      undefined,
    );
  });
});
