import { beforeAll, describe, expect, it } from 'vitest';
import {
  LanceTables,
  MAIN_BRANCH,
  arrow,
  columnsFromSchema,
  decodeRows,
  rowDecoder,
  encodeRows,
  schemaFromColumns,
  where,
  type ColumnSpec,
  type Row,
} from '../../../src/engine/lance/index.js';
import { freshTempDir } from '../../helpers/temp-dir.js';
import { expectOmniError } from './fixtures.js';

/** One column of every type the compiler can produce. */
const ALL_TYPES: readonly ColumnSpec[] = [
  { name: 'id', type: { kind: 'utf8' }, nullable: false },
  { name: 'text', type: { kind: 'utf8' }, nullable: true },
  { name: 'flag', type: { kind: 'bool' }, nullable: true },
  { name: 'never', type: { kind: 'bool' }, nullable: true },
  { name: 'i32', type: { kind: 'int32' }, nullable: true },
  { name: 'i64', type: { kind: 'int64' }, nullable: true },
  { name: 'u32', type: { kind: 'uint32' }, nullable: true },
  { name: 'u64', type: { kind: 'uint64' }, nullable: true },
  { name: 'f32', type: { kind: 'float32' }, nullable: true },
  { name: 'f64', type: { kind: 'float64' }, nullable: true },
  { name: 'day', type: { kind: 'date32' }, nullable: true },
  { name: 'stamp', type: { kind: 'date64' }, nullable: true },
  { name: 'blob', type: { kind: 'large_binary' }, nullable: true },
  { name: 'tags', type: { kind: 'list', element: { kind: 'utf8' } }, nullable: true },
  { name: 'counts', type: { kind: 'list', element: { kind: 'int64' } }, nullable: true },
  { name: 'days', type: { kind: 'list', element: { kind: 'date32' } }, nullable: true },
  { name: 'bits', type: { kind: 'list', element: { kind: 'bool' } }, nullable: true },
  { name: 'vec', type: { kind: 'fixed_size_list', dimension: 3 }, nullable: true },
  { name: 'camelCase', type: { kind: 'float64' }, nullable: false },
];

const FULL: Row = {
  id: 'full',
  text: "it's ✓",
  flag: true,
  never: null,
  i32: -2_147_483_648,
  i64: 2n ** 62n + 1n, // beyond 2^53: exact only as bigint
  u32: 4_294_967_295,
  u64: 2n ** 64n - 1n,
  f32: 1.5,
  f64: 0.1,
  day: -1, // 1969-12-31
  stamp: Date.UTC(2024, 0, 1, 12, 0, 0, 123),
  blob: new Uint8Array([0, 1, 254, 255]),
  tags: ['a', '', null],
  counts: [-(2n ** 63n), 0n],
  days: [19724, null],
  bits: [false, true],
  vec: [0.5, -1, 3],
  camelCase: 2,
};

const EMPTY: Row = {
  id: 'empty',
  text: null,
  flag: null,
  never: null,
  i32: null,
  i64: null,
  u32: null,
  u64: null,
  f32: null,
  f64: null,
  day: null,
  stamp: null,
  blob: null,
  tags: [],
  counts: null,
  days: null,
  bits: [null, null],
  vec: null,
  camelCase: 0,
};

describe('row encoding and decoding', () => {
  let tables: LanceTables;

  beforeAll(async () => {
    tables = await LanceTables.open(await freshTempDir('codec'));
    await tables.createTable('AllTypes', ALL_TYPES);
  });

  it('maps column specs to an explicit Arrow schema and back', () => {
    const schema = schemaFromColumns(ALL_TYPES);
    expect(columnsFromSchema(schema)).toEqual(ALL_TYPES);
    expect(String(schema.fields.find((f) => f.name === 'vec')?.type)).toBe(
      'FixedSizeList[3]<Float32>',
    );
    expect(String(schema.fields.find((f) => f.name === 'day')?.type)).toBe('Date32<DAY>');
  });

  it('decodes what it encodes without Lance', () => {
    const schema = schemaFromColumns(ALL_TYPES);
    expect(decodeRows(encodeRows(schema, ALL_TYPES, [FULL, EMPTY]))).toEqual([FULL, EMPTY]);
  });

  it('decodes single rows by position across batches, as a whole decode does', () => {
    const schema = schemaFromColumns(ALL_TYPES);
    const second = { ...FULL, id: 'second', vec: [1, 2, 3] };
    const [one, two] = [[FULL, EMPTY], [second]].map((rows) => encodeRows(schema, ALL_TYPES, rows));
    if (one === undefined || two === undefined) throw new Error('two batches');
    const table = new arrow.Table([...one.batches, ...two.batches]);
    expect(table.batches).toHaveLength(2);
    const rowAt = rowDecoder(table);
    expect([2, 0, 1].map((position) => rowAt(position))).toEqual([second, FULL, EMPTY]);
    expect([0, 1, 2].map((position) => rowAt(position))).toEqual(decodeRows(table));
    expect(() => rowAt(3)).toThrow(/no row 3 in a result of 3 rows/);
  });

  it('encodes text exactly, ASCII or not, with nulls and empty strings among it', () => {
    const columns: ColumnSpec[] = [
      { name: 'id', type: { kind: 'utf8' }, nullable: false },
      { name: 'text', type: { kind: 'utf8' }, nullable: true },
    ];
    const schema = schemaFromColumns(columns);
    const ascii = ['a', '', null, 'plain text', '0123456789'];
    // Two, three and four UTF-8 bytes (a surrogate pair) per character, at either end.
    const other = [...ascii, 'café', '✓ done', 'emoji 😀', 'ünïcödé'];
    for (const texts of [ascii, other]) {
      const rows = texts.map((text, index): Row => ({ id: `r${index}`, text }));
      expect(decodeRows(encodeRows(schema, columns, rows))).toEqual(rows);
    }
  });

  it('decodes sliced batches (non-zero offsets), including null vectors', () => {
    const schema = schemaFromColumns(ALL_TYPES);
    const rows = [0, 1, 2, 3, 4].map((n) => ({
      ...(n % 2 === 0 ? FULL : EMPTY),
      id: `r${n}`,
      vec: n === 3 ? null : [n, n + 0.5, -n],
    }));
    const sliced = encodeRows(schema, ALL_TYPES, rows).slice(1, 4);
    expect(decodeRows(sliced)).toEqual(rows.slice(1, 4));
  });

  it('round-trips every column type through Lance, as plain values', async () => {
    const writer = await tables.writer('AllTypes', MAIN_BRANCH);
    const { version } = await writer.append([FULL, EMPTY]);
    const reader = await tables.reader('AllTypes', { branch: MAIN_BRANCH, version });
    expect(reader.columns).toEqual(ALL_TYPES);
    const rows = await reader.scan({ filter: where.in('id', ['full', 'empty']) });
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get('full')).toEqual(FULL);
    expect(byId.get('empty')).toEqual(EMPTY);
    const full = byId.get('full')!;
    expect(typeof full.i64).toBe('bigint');
    expect(typeof full.stamp).toBe('number');
    expect(Array.isArray(full.vec)).toBe(true);
    // Plain objects: no Arrow proxies, so they clone and serialize.
    expect(Object.getPrototypeOf(full)).toBe(Object.prototype);
    expect(structuredClone(full)).toEqual(FULL);
  });

  it('writes a batch whose Bool column is null in every row', async () => {
    const writer = await tables.writer('AllTypes', MAIN_BRANCH);
    const rows = [1, 2, 3].map((n) => ({ ...EMPTY, id: `nulls${n}`, bits: [null] }));
    const { version, inserted } = await writer.append(rows);
    expect(inserted).toBe(3);
    const reader = await tables.reader('AllTypes', { branch: MAIN_BRANCH, version });
    const back = await reader.scan({ filter: where.eq('id', 'nulls2'), columns: ['flag', 'bits'] });
    expect(back).toEqual([{ flag: null, bits: [null] }]);
  });

  it('accepts safe-integer numbers for 64-bit columns and returns bigint', async () => {
    const writer = await tables.writer('AllTypes', MAIN_BRANCH);
    const { version } = await writer.mergeInsert([{ ...EMPTY, id: 'small', i64: 42, u64: 7 }]);
    const reader = await tables.reader('AllTypes', { branch: MAIN_BRANCH, version });
    const [row] = await reader.scan({ filter: where.eq('id', 'small'), columns: ['i64', 'u64'] });
    expect(row).toEqual({ i64: 42n, u64: 7n });
  });

  it('rejects a vector of the wrong length with the column, row and lengths, writing nothing', async () => {
    const writer = await tables.writer('AllTypes', MAIN_BRANCH);
    const before = writer.version;
    const error = await expectOmniError(
      writer.append([FULL, { ...FULL, id: 'short', vec: [1, 2] }]),
      'bad_request',
      "column 'vec' row 1: vector has 2 elements; expected 3",
    );
    expect((error as { details?: unknown }).details).toEqual({
      column: 'vec',
      row: 1,
      expected: 3,
      actual: 2,
    });
    await expectOmniError(
      writer.mergeInsert([{ ...FULL, vec: [1, 2, 3, 4] }]),
      'bad_request',
      'vector has 4 elements; expected 3',
    );
    expect(writer.version).toBe(before);
    expect((await tables.writer('AllTypes', MAIN_BRANCH)).version).toBe(before);
  });

  it.each<[string, Row, string]>([
    ['a string in an int64 column', { i64: '5' }, "column 'i64' row 0: expected int64"],
    ['an unsafe number in an int64 column', { i64: 2 ** 60 }, "column 'i64' row 0"],
    ['an int32 out of range', { i32: 2 ** 31 }, 'out of range for int32'],
    ['a negative uint64', { u64: -1n }, 'out of range for uint64'],
    ['a fractional date', { day: 1.5 }, 'date32'],
    ['NaN in a float', { f64: Number.NaN }, 'not a finite float64'],
    ['a number in a list of strings', { tags: ['a', 1] }, "column 'tags' row 0"],
    ['a null key', { id: null }, "column 'id' row 0: is null but the column is not nullable"],
    ['a column the table lacks', { extra: 1 }, "row 0 has column 'extra' the table lacks"],
  ])('rejects %s', async (_label, patch, message) => {
    const writer = await tables.writer('AllTypes', MAIN_BRANCH);
    await expectOmniError(
      writer.append([{ ...FULL, id: 'bad', ...patch }]),
      'bad_request',
      message,
    );
  });

  it('rejects a missing non-null column', async () => {
    const writer = await tables.writer('AllTypes', MAIN_BRANCH);
    const withoutCamel = without(FULL, 'camelCase');
    await expectOmniError(writer.append([withoutCamel]), 'bad_request', "column 'camelCase' row 0");
  });

  it('updates every column type with typed literals', async () => {
    const writer = await tables.writer('AllTypes', MAIN_BRANCH);
    await writer.mergeInsert([
      { ...EMPTY, id: 'target' },
      { ...EMPTY, id: 'bystander' },
    ]);
    const values = without(FULL, 'id');
    const outcome = await writer.update(where.eq('id', 'target'), values);
    expect(outcome.updated).toBe(1);
    const reader = await tables.reader('AllTypes', {
      branch: MAIN_BRANCH,
      version: outcome.version,
    });
    const rows = await reader.scan({ filter: where.in('id', ['target', 'bystander']) });
    expect(rows.find((row) => row.id === 'target')).toEqual({ ...FULL, id: 'target' });
    expect(rows.find((row) => row.id === 'bystander')).toEqual({ ...EMPTY, id: 'bystander' });

    const cleared = await writer.update(where.eq('id', 'target'), {
      vec: null,
      tags: [],
      text: null,
    });
    const after = await tables.reader('AllTypes', {
      branch: MAIN_BRANCH,
      version: cleared.version,
    });
    const [row] = await after.scan({
      filter: where.eq('id', 'target'),
      columns: ['vec', 'tags', 'text'],
    });
    expect(row).toEqual({ vec: null, tags: [], text: null });
  });

  it('checks update values like rows: vector length, key column, unknown columns', async () => {
    const writer = await tables.writer('AllTypes', MAIN_BRANCH);
    const before = writer.version;
    // Lance itself would turn a short vector literal into NULL without an error.
    await expectOmniError(
      writer.update(where.eq('id', 'target'), { vec: [1, 2] }),
      'bad_request',
      "column 'vec': vector has 2 elements; expected 3",
    );
    await expectOmniError(
      writer.update(where.eq('id', 'target'), { id: 'x' }),
      'bad_request',
      'key',
    );
    await expectOmniError(
      writer.update(where.eq('id', 'target'), { nope: 1 }),
      'bad_request',
      "no column 'nope'",
    );
    await expectOmniError(writer.update(where.eq('id', 'target'), {}), 'bad_request');
    expect(writer.version).toBe(before);
  });

  it('rejects column specs Lance would mishandle', async () => {
    const id: ColumnSpec = { name: 'id', type: { kind: 'utf8' }, nullable: false };
    const cases: [ColumnSpec[], string][] = [
      [[id, { name: '_rowid', type: { kind: 'int64' }, nullable: true }], 'reserved'],
      [[id, { name: 'a-b', type: { kind: 'int64' }, nullable: true }], 'invalid column name'],
      [
        [id, { name: 'v', type: { kind: 'fixed_size_list', dimension: 0 }, nullable: true }],
        'dimension 0',
      ],
      [[id, id], 'declared twice'],
      [[{ ...id, nullable: true }], "non-nullable utf8 column 'id'"],
    ];
    for (const [columns, message] of cases) {
      await expectOmniError(tables.createTable('Bad', columns), 'bad_request', message);
    }
  });
});

function without(row: Row, column: string): Row {
  return Object.fromEntries(Object.entries(row).filter(([name]) => name !== column));
}
