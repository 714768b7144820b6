import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LanceTables,
  sharedStringBytes,
  stringBytes,
  type ColumnSpec,
  type Row,
} from '../../src/engine/lance/index.js';
import { ColumnCache } from '../../src/engine/query/execution/column-cache.js';
import { CacheBudget } from '../../src/util/cache-budget.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', type: { kind: 'utf8' }, nullable: false },
  { name: 's', type: { kind: 'utf8' }, nullable: true },
  { name: 'i32', type: { kind: 'int32' }, nullable: true },
  { name: 'u32', type: { kind: 'uint32' }, nullable: true },
  { name: 'i64', type: { kind: 'int64' }, nullable: true },
  { name: 'f32', type: { kind: 'float32' }, nullable: true },
  { name: 'f64', type: { kind: 'float64' }, nullable: true },
  { name: 'b', type: { kind: 'bool' }, nullable: true },
  { name: 'd', type: { kind: 'date32' }, nullable: true },
  { name: 't', type: { kind: 'date64' }, nullable: true },
  { name: 'l', type: { kind: 'list', element: { kind: 'utf8' } }, nullable: true },
  { name: 'v', type: { kind: 'fixed_size_list', dimension: 2 }, nullable: true },
];

function row(index: number): Row {
  const present = index % 3 !== 1;
  return {
    id: `r${index}`,
    s: present ? `é${index}🙂` : null,
    i32: present ? -index : null,
    u32: present ? index * 7 : null,
    i64: present ? 2n ** 60n + BigInt(index) : null,
    f32: present ? index + 0.25 : null,
    f64: present ? index / 3 : null,
    b: present ? index % 2 === 0 : null,
    d: present ? 19000 + index : null,
    t: present ? 1_700_000_000_000 + index : null,
    l: present ? ['a', `${index}`] : null,
    v: present ? [index, -index] : null,
  };
}

describe('column-wise scans', () => {
  let tables: LanceTables;
  beforeAll(async () => {
    tables = await LanceTables.open(await freshTempDir('columns'));
  });
  afterAll(() => {
    tables.close();
  });

  it('decode every type exactly as the row decoder, nulls included, across batches', async () => {
    await tables.createTable('wide', COLUMNS);
    const writer = await tables.writer('wide', 'main');
    await writer.append(Array.from({ length: 50 }, (_, index) => row(index)));
    const { version } = await writer.append(
      Array.from({ length: 50 }, (_, index) => row(index + 50)),
    );
    const reader = await tables.reader('wide', { branch: 'main', version });
    const rows = await reader.scan();
    const columns = await reader.scanColumns();
    expect(columns.length).toBe(rows.length);
    expect(rows.length).toBe(100);
    for (const { name } of COLUMNS) {
      expect(columns.columns[name], name).toEqual(rows.map((r) => r[name]));
    }
    const filtered = await reader.scanColumns({
      columns: ['id', 'i64'],
      filter: { kind: 'compare', column: 'i32', op: '<', value: -97 },
    });
    expect(filtered.columns.id).toEqual(['r98', 'r99']);
    expect(filtered.columns.i64).toEqual([2n ** 60n + 98n, 2n ** 60n + 99n]);
  });

  it('share the strings of a column of few values, and the cache counts them once', async () => {
    const rows = 10_000;
    const cities = Array.from({ length: 7 }, (_, index) => `city-${index}-${'x'.repeat(20)}`);
    await tables.createTable('people', [
      { name: 'id', type: { kind: 'utf8' }, nullable: false },
      { name: 'city', type: { kind: 'utf8' }, nullable: true },
      { name: 'code', type: { kind: 'utf8' }, nullable: false },
    ]);
    const writer = await tables.writer('people', 'main');
    const { version } = await writer.append(
      Array.from({ length: rows }, (_, index) => ({
        id: `p${index}`,
        city: index % 11 === 0 ? null : (cities[index % cities.length] ?? null),
        code: `code-${String(index).padStart(6, '0')}-${'y'.repeat(17)}`,
      })),
    );
    const reader = await tables.reader('people', { branch: 'main', version });
    const { columns } = await reader.scanColumns();
    expect(columns.city?.filter((city) => city !== null)).toHaveLength(rows - Math.ceil(rows / 11));
    expect(columns.city?.[3]).toBe(cities[3]);
    expect(sharedStringBytes(columns.city ?? [])).toBe(
      cities.reduce((sum, city) => sum + stringBytes(city), 0),
    );
    expect(sharedStringBytes(columns.code ?? [])).toBeUndefined();
    expect(sharedStringBytes(columns.id ?? [])).toBeUndefined();

    // Cities and codes are strings of one length; the cities' are counted once each.
    const imageBytes = async (column: string) => {
      const budget = new CacheBudget(1 << 30);
      await new ColumnCache(budget).image(reader, [column], rows);
      return budget.bytes;
    };
    const cityBytes = await imageBytes('city');
    const codeBytes = await imageBytes('code');
    expect(codeBytes - cityBytes).toBeGreaterThan(rows * 0.9 * stringBytes(cities[0] ?? ''));
  });
});
