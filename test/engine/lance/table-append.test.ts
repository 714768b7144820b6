import { connect, type Table } from '@lancedb/lancedb';
import { describe, expect, it } from 'vitest';
import { arrow } from '../../../src/engine/lance/arrow-module.js';
import { schemaFromColumns } from '../../../src/engine/lance/arrow-schema.js';
import { encodeRows } from '../../../src/engine/lance/row-encoder.js';
import type { Row } from '../../../src/engine/lance/row.js';
import { appendTable, nativeTable } from '../../../src/engine/lance/table-append.js';
import { freshTempDir } from '../../helpers/temp-dir.js';
import { ALL_COLUMN_TYPES } from './fixtures.js';

const SCHEMA = schemaFromColumns(ALL_COLUMN_TYPES);
const ROWS: readonly Row[] = [
  { id: 'a', flag: null, i32: -7, f64: Math.PI, tags: ['x', null], vec: [0.5, -1, 2.25] },
  { id: 'b', flag: false, i64: 2n ** 62n, blob: new Uint8Array([0, 255]), vec: [0, 0, 0] },
];

async function emptyTable(name: string): Promise<Table> {
  const db = await connect(await freshTempDir('table-append'));
  return db.createEmptyTable(name, SCHEMA);
}

/** Every row of `table`, as Arrow writes it out: column values in order, comparable. */
async function contentOf(table: Table): Promise<unknown[]> {
  const data = await table.query().toArrow();
  return data
    .toArray()
    .map((row: object) =>
      JSON.stringify(row, (_, value: unknown) =>
        typeof value === 'bigint' || value instanceof Uint8Array ? String(value) : value,
      ),
    );
}

describe('appendTable', () => {
  it('reaches the native table of the pinned lancedb, so appends skip its copies', async () => {
    expect(nativeTable(await emptyTable('T'))).toBeDefined();
  });

  it('appends what Table.add appends, as the next version', async () => {
    const data = encodeRows(SCHEMA, ALL_COLUMN_TYPES, ROWS);
    const direct = await emptyTable('direct');
    const added = await emptyTable('added');
    const version = await appendTable(direct, data);
    const result = await added.add(data);
    expect(version).toBe(result.version);
    expect(await direct.version()).toBe(version);
    expect(await contentOf(direct)).toEqual(await contentOf(added));
    expect(await direct.countRows()).toBe(ROWS.length);
  });

  it('fails as Table.add does on data of other columns, writing nothing', async () => {
    const table = await emptyTable('T');
    const before = await table.version();
    const other = arrow.tableFromArrays({ elsewhere: Int32Array.from([1]) });
    await expect(appendTable(table, other)).rejects.toThrow();
    expect(await table.version()).toBe(before);
  });
});
