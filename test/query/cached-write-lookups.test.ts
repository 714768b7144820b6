import { describe, expect, it } from 'vitest';
import { CacheBudget } from '../../src/util/cache-budget.js';
import { ColumnCache } from '../../src/engine/query/execution/column-cache.js';
import { CachedWriteLookups } from '../../src/engine/query/execution/cached-write-lookups.js';
import { where } from '../../src/engine/lance/filter.js';
import type { TableReader } from '../../src/engine/lance/table-reader.js';
import type { IndexInfo } from '../../src/engine/lance/table-indexes.js';
import { btreeIndex, fakeReader } from './fake-table-reader.js';
import { LANCE_CALL_ROWS } from '../../src/engine/query/lance-call-rows.js';

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

/** A table version's index listing when it has no index. */
const NO_INDEXES = (): Promise<IndexInfo[]> => Promise.resolve([]);

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
    const lookups = new CachedWriteLookups(cache, NO_INDEXES);
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
    const lookups = new CachedWriteLookups(cache, NO_INDEXES);
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

describe('CachedWriteLookups counting the Lance lookups it cannot answer', () => {
  const ROWS = 100_000;
  const ID_INDEX = btreeIndex('id', ROWS);
  // A full-text index answers no filter: `name` has no scalar index.
  const NAME_TEXT: IndexInfo = { ...ID_INDEX, name: 'name_fts', type: 'FTS', columns: ['name'] };

  /** Misses until the version's image of `columns` pays, each waited for with its listing. */
  async function missesUntilPaid(
    cache: ColumnCache,
    reader: TableReader,
    columns: readonly string[],
    miss: () => Promise<unknown>,
  ): Promise<number> {
    let misses = 0;
    while (!cache.pays(reader, columns, ROWS) && misses < 100) {
      expect(await miss()).toBeUndefined();
      await new Promise((resolve) => setImmediate(resolve));
      misses += 1;
    }
    return misses;
  }

  it('counts a lookup of ids no index answers as a scan of every row: fewer pay for the ids', async () => {
    const cache = new ColumnCache(new CacheBudget(64 << 20));
    const reader = fakeReader(ROWS);
    const lookups = new CachedWriteLookups(cache, NO_INDEXES);
    const misses = await missesUntilPaid(cache, reader, [], () =>
      lookups.heldIds(reader, ROWS, ['k1']),
    );
    expect(misses).toBe(Math.ceil(ROWS / (LANCE_CALL_ROWS + 1 + ROWS / 16)));
    expect(await lookups.heldIds(reader, ROWS, ['k1', 'k99999', 'gone'])).toEqual(
      new Set(['k1', 'k99999']),
    );
    expect(reader.scans).toBe(1);
  });

  it('counts a lookup an index answers on every filtered column as one call', async () => {
    const indexes = () => Promise.resolve([ID_INDEX, NAME_TEXT]);
    const byId = new ColumnCache(new CacheBudget(64 << 20));
    const reader = fakeReader(ROWS);
    const idLookups = new CachedWriteLookups(byId, indexes);
    expect(
      await missesUntilPaid(byId, reader, ['name'], () =>
        idLookups.matchingRows(reader, ROWS, where.eq('id', 'k2'), ['name'], 1),
      ),
    ).toBe(Math.ceil(ROWS / LANCE_CALL_ROWS));
    // A filter also on a column without a scalar index reads that column of every row.
    const byName = new ColumnCache(new CacheBudget(64 << 20));
    const nameLookups = new CachedWriteLookups(byName, indexes);
    const unindexed = where.and(where.eq('id', 'k2'), where.eq('name', 'name 2'));
    expect(
      await missesUntilPaid(byName, reader, ['name'], () =>
        nameLookups.matchingRows(reader, ROWS, unindexed, ['name'], 1),
      ),
    ).toBe(Math.ceil(ROWS / (LANCE_CALL_ROWS + ROWS / 16)));
    expect(reader.scans).toBe(0);
  });
});
