import type { Data } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrow } from '../../../src/engine/lance/arrow-module.js';
import {
  decodeRows,
  LanceTables,
  MAIN_BRANCH,
  where,
  type ColumnSpec,
  type Row,
} from '../../../src/engine/lance/index.js';
import { SessionTable } from '../../../src/engine/protocol/write-session.js';
import { ALL_COLUMN_TYPES, expectOmniError } from './fixtures.js';
import { testSettings } from '../../helpers/s3-env.js';

const NULLS: Row = Object.fromEntries(ALL_COLUMN_TYPES.map((column) => [column.name, null]));

const ROWS: readonly Row[] = [
  {
    ...NULLS,
    id: 'a',
    flag: true,
    i32: -7,
    u32: 4_000_000_000,
    i64: -(2n ** 62n),
    u64: 2n ** 63n + 5n,
    f32: 1.5,
    f64: Math.PI,
    day: 19_000,
    at: 1_700_000_000_123,
    blob: new Uint8Array([0, 1, 255]),
    tags: ['x', null, ''],
    nums: [1n, null, -3n],
    days: [0, null, 20_000],
    vec: [0.5, -1, 2.25],
  },
  { ...NULLS, id: 'b', flag: false, i64: 0n, tags: [], nums: [], days: [], vec: [0, 0, 0] },
  { ...NULLS, id: 'c' },
];

const byId = (rows: readonly Row[]): Row[] =>
  [...rows].sort((x, y) => String(x.id).localeCompare(String(y.id)));

/**
 * Moving Arrow rows between tables of one schema (`TableReader.scanArrow`/`takeArrow`,
 * `TableWriter.appendArrow`, `SessionTable.appendArrow`), on every storage backend.
 */
export function arrowAppendSuite(label: string, freshRoot: () => Promise<string>): void {
  describe(`Arrow scan and append (${label})`, () => {
    let tables: LanceTables;
    let tableCount = 0;

    /** A new table of `columns` holding `rows`, and its reader at the written version. */
    async function tableWith(columns: readonly ColumnSpec[], rows: readonly Row[]) {
      tableCount += 1;
      const name = `T${tableCount}`;
      const created = await tables.createTable(name, columns);
      const writer = await tables.writer(name, MAIN_BRANCH, { expectedVersion: created.version });
      if (rows.length > 0) await writer.append(rows);
      const reader = await tables.reader(name, { branch: MAIN_BRANCH, version: writer.version });
      return { name, writer, reader };
    }

    beforeAll(async () => {
      tables = await LanceTables.open(await freshRoot(), { s3: testSettings().s3 });
    });
    afterAll(() => {
      tables.close();
    });

    it('appends scanned rows to a table of the same columns, every type and null exactly', async () => {
      const source = await tableWith(ALL_COLUMN_TYPES, ROWS);
      const target = await tableWith(ALL_COLUMN_TYPES, []);
      const data = await source.reader.scanArrow();
      const outcome = await target.writer.appendArrow(data);
      expect(outcome).toEqual({ version: 2, inserted: 3, updated: 0, deleted: 0 });
      const written = await tables.reader(target.name, { branch: MAIN_BRANCH, version: 2 });
      expect(byId(await written.scan())).toEqual(byId(ROWS));
      expect(byId(await written.scan())).toEqual(byId(await source.reader.scan()));
    });

    it('scans Arrow by filter and columns, and takes rows by stable row id', async () => {
      const source = await tableWith(ALL_COLUMN_TYPES, ROWS);
      const scanned = await source.reader.scanArrow({
        filter: where.in('id', ['a', 'c']),
        columns: ['id', '_rowid'],
      });
      expect(scanned.schema.fields.map((field) => field.name)).toEqual(['id', '_rowid']);
      const keys = decodeRows(scanned);
      expect(keys.map((row) => row.id).sort()).toEqual(['a', 'c']);
      const rowIdOfC = keys.find((row) => row.id === 'c')?._rowid as bigint;
      const taken = await source.reader.takeArrow([rowIdOfC], ['id', 'i64', 'vec']);
      expect(decodeRows(taken)).toEqual([{ id: 'c', i64: null, vec: null }]);
      expect(decodeRows(await source.reader.takeArrow([rowIdOfC]))).toEqual([
        ROWS.find((row) => row.id === 'c'),
      ]);
      await expectOmniError(source.reader.takeArrow([rowIdOfC], ['nope']), 'bad_request', 'nope');
    });

    it('refuses rows of other columns with bad_request and commits no version', async () => {
      const source = await tableWith(ALL_COLUMN_TYPES, ROWS);
      const data = await source.reader.scanArrow();
      const variants: Record<string, readonly ColumnSpec[]> = {
        missing: ALL_COLUMN_TYPES.filter((column) => column.name !== 'blob'),
        extra: [...ALL_COLUMN_TYPES, { name: 'more', type: { kind: 'utf8' }, nullable: true }],
        retyped: ALL_COLUMN_TYPES.map((c) =>
          c.name === 'i64' ? { ...c, type: { kind: 'int32' } } : c,
        ),
        resized: ALL_COLUMN_TYPES.map((c) =>
          c.name === 'vec' ? { ...c, type: { kind: 'fixed_size_list', dimension: 4 } } : c,
        ),
        required: ALL_COLUMN_TYPES.map((c) => (c.name === 'tags' ? { ...c, nullable: false } : c)),
        reordered: [...ALL_COLUMN_TYPES].reverse(),
      };
      for (const [variant, columns] of Object.entries(variants)) {
        const target = await tableWith(columns, []);
        const version = target.writer.version;
        await expectOmniError(
          target.writer.appendArrow(data),
          'bad_request',
          `rows for table '${target.name}' do not have its columns`,
        );
        expect(target.writer.version, variant).toBe(version);
        expect(await tables.headVersion(target.name, MAIN_BRANCH), variant).toBe(version);
      }
    });

    it('refuses a null in a column that is not nullable, before any write', async () => {
      const columns: readonly ColumnSpec[] = [
        { name: 'id', type: { kind: 'utf8' }, nullable: false },
        { name: 'name', type: { kind: 'utf8' }, nullable: false },
      ];
      const target = await tableWith(columns, []);
      const schema = new arrow.Schema(
        columns.map((column) => new arrow.Field(column.name, new arrow.Utf8(), false)),
      );
      const children: Data[] = [
        ...arrow.vectorFromArray(['p', 'q'], new arrow.Utf8()).data,
        ...arrow.vectorFromArray(['named', null], new arrow.Utf8()).data,
      ];
      const struct = arrow.makeData({
        type: new arrow.Struct(schema.fields),
        length: 2,
        nullCount: 0,
        children,
      });
      const data = new arrow.Table(schema, [new arrow.RecordBatch(schema, struct)]);
      await expectOmniError(target.writer.appendArrow(data), 'bad_request', "column 'name'");
      expect(await tables.headVersion(target.name, MAIN_BRANCH)).toBe(target.writer.version);
    });

    it('a session table counts appended Arrow rows and reports only writes that changed rows', async () => {
      const source = await tableWith(ALL_COLUMN_TYPES, ROWS);
      const target = await tableWith(ALL_COLUMN_TYPES, [{ ...NULLS, id: 'z' }]);
      let writes = 0;
      const session = new SessionTable(
        target.writer,
        1,
        () => {
          writes += 1;
        },
        tables.local,
      );
      const none = await source.reader.scanArrow({ filter: where.eq('id', 'nobody') });
      const before = session.version;
      expect(await session.appendArrow(none)).toMatchObject({ version: before, inserted: 0 });
      expect(writes).toBe(0);
      await session.appendArrow(await source.reader.scanArrow());
      expect(session.rowCount).toBe(4);
      expect(session.version).toBe(before + 1);
      expect(writes).toBe(1);
    });
  });
}
