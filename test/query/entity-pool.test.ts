import { describe, expect, it } from 'vitest';
import { CacheBudget } from '../../src/util/cache-budget.js';
import { ColumnCache } from '../../src/engine/query/execution/column-cache.js';
import { EntityPool } from '../../src/engine/query/execution/entity-pool.js';
import { btreeIndex, fakeReader } from './fake-table-reader.js';
import { where } from '../../src/engine/lance/filter.js';
import type { IndexInfo } from '../../src/engine/lance/table-indexes.js';
import type { TableReader } from '../../src/engine/lance/table-reader.js';
import { LANCE_CALL_ROWS } from '../../src/engine/query/lance-call-rows.js';

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
      indexes: () => Promise.resolve([]),
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

describe('EntityPool Lance calls counted towards the image', () => {
  const ROWS = 100_000;
  const ID_INDEX = btreeIndex('id', ROWS);

  /** The fake table of ROWS rows, whose filtered reads find the one row `k1`. */
  function oneRowFinder(): TableReader {
    const reader = fakeReader(ROWS);
    return {
      ...reader,
      scanColumns: (options) =>
        options?.filter === undefined
          ? reader.scanColumns(options)
          : Promise.resolve({ length: 1, columns: { id: ['k1'], name: ['name 1'] } }),
    };
  }

  /** Queries (one pool each) that ask Lance for `k1` until the image of the version pays. */
  async function callsUntilPaid(
    indexes: () => Promise<readonly IndexInfo[]>,
    ask: (pool: EntityPool) => Promise<unknown>,
  ): Promise<number> {
    const reader = oneRowFinder();
    const cache = new ColumnCache(new CacheBudget(64 << 20));
    let calls = 0;
    while (!cache.pays(reader, ['id', 'name'], ROWS) && calls < 100) {
      const source = {
        key: 'node:T',
        kind: 'node' as const,
        typeName: 'T',
        rowCount: ROWS,
        reader: () => Promise.resolve(reader),
        derived: new Map(),
        indexed: new Set(['id']),
        indexes,
        cache,
      };
      await ask(new EntityPool(source, ['id', 'name']));
      calls += 1;
    }
    return calls;
  }

  const lookUp = async (pool: EntityPool) => pool.load([pool.slot('k1')]);
  const scanById = (pool: EntityPool) => pool.scan(where.eq('id', 'k1'));

  it('counts a lookup by id as one call while the version has the id index', async () => {
    const indexed = () => Promise.resolve([ID_INDEX]);
    expect(await callsUntilPaid(indexed, lookUp)).toBe(Math.ceil(ROWS / (LANCE_CALL_ROWS + 1)));
    expect(await callsUntilPaid(indexed, scanById)).toBe(Math.ceil(ROWS / (LANCE_CALL_ROWS + 1)));
    // A listing that fails counts nothing more.
    const unlisted = () => Promise.reject(new Error('no listing'));
    expect(await callsUntilPaid(unlisted, lookUp)).toBe(Math.ceil(ROWS / (LANCE_CALL_ROWS + 1)));
  });

  it('counts a lookup of ids the version has no index on as a read of the column: fewer pay', async () => {
    // Before the first optimize after a bulk load, the schema's id index is not built yet.
    const none = () => Promise.resolve([]);
    const share = LANCE_CALL_ROWS + 1 + ROWS / 16;
    expect(await callsUntilPaid(none, lookUp)).toBe(Math.ceil(ROWS / share));
    expect(await callsUntilPaid(none, scanById)).toBe(Math.ceil(ROWS / share));
    // A filter on a column the schema does not index reads every row, whatever the indexes.
    expect(await callsUntilPaid(none, (pool) => pool.scan(where.eq('name', 'name 1')))).toBe(1);
  });
});
