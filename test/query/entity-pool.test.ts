import { describe, expect, it } from 'vitest';
import { CacheBudget } from '../../src/util/cache-budget.js';
import { ColumnCache } from '../../src/engine/query/execution/column-cache.js';
import { EntityPool } from '../../src/engine/query/execution/entity-pool.js';
import { fakeReader } from './fake-table-reader.js';

/** A pool of the fake table's 10 rows that has adopted their cached image by a full scan. */
async function adoptedPool(): Promise<EntityPool> {
  const reader = fakeReader(10);
  const pool = new EntityPool(
    {
      key: 'node:T',
      kind: 'node',
      typeName: 'T',
      rowCount: 10,
      reader: () => Promise.resolve(reader),
      derived: new Map(),
      indexed: new Set(['id']),
      cache: new ColumnCache(new CacheBudget(1 << 20)),
    },
    ['id', 'name'],
  );
  expect(await pool.scan(undefined)).toHaveLength(10);
  return pool;
}

describe('EntityPool.selected', () => {
  it('reads the image rows in place: the cached column and the slots as its selection', async () => {
    const pool = await adoptedPool();
    const slots = [7, 2, 2, 9];
    const read = pool.selected(slots, 'name');
    expect(read?.rows).toBe(slots);
    expect(slots.map((slot) => read?.cells[slot])).toEqual([
      'name 7',
      'name 2',
      'name 2',
      'name 9',
    ]);
    expect(slots.map((slot) => pool.selected(slots, 'id')?.cells[slot])).toEqual([
      'k7',
      'k2',
      'k2',
      'k9',
    ]);
    // A column the image does not hold is read another way.
    expect(pool.selected(slots, 'age')).toBeUndefined();
  });

  it('reads nothing in place when a slot is not one of the image rows', async () => {
    const pool = await adoptedPool();
    // An id the version lacks gets the slot after the image's rows.
    const stranger = pool.slot('elsewhere');
    expect(stranger).toBe(10);
    expect(pool.selected([3, stranger], 'name')).toBeUndefined();
    expect(pool.selected([stranger], 'id')).toBeUndefined();
  });
});
