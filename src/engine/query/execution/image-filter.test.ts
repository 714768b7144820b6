import { describe, expect, it } from 'vitest';
import { where, type Cell, type ColumnSpec, type TableReader } from '../../lance/index.js';
import type { TableImage } from './table-image.js';
import { imageRows, pinsKey, type ImageFilterSource } from './image-filter.js';
import { packedColumn } from './packed-column.js';

/**
 * An image of `rows` holding the columns they spell out, with a reader whose table has `specs`
 * (a column of `specs` the rows leave out is not in the image).
 */
function fixture(
  specs: readonly ColumnSpec[],
  rows: readonly Readonly<Record<string, Cell>>[],
  derived: ImageFilterSource['derived'] = new Map(),
  packed = false,
): { image: TableImage; source: ImageFilterSource } {
  const ids = rows.map((row) => row.id as string);
  const index = new Map(ids.map((id, row) => [id, row]));
  const held = specs.filter(({ name }) => rows.some((row) => name in row));
  const columns = new Map(
    held.map(({ name, type }) => {
      const cells = rows.map((row) => row[name] ?? null);
      return [name, packed ? packedColumn(type.kind, cells) : cells];
    }),
  );
  const image: TableImage = {
    length: rows.length,
    ids,
    rowOf: (id) => index.get(id),
    column: (name) => columns.get(name),
    idRanks: () => {
      throw new Error('filters do not order rows');
    },
    rowsInIdOrder: () => {
      throw new Error('ordered filters take their order from the caller');
    },
    allRows: () => {
      throw new Error('filters do not list every row');
    },
    derivedColumn: (_name, derive) => ids.map(derive),
  };
  const reader = { name: 'T', columns: specs } as unknown as TableReader;
  return { image, source: { reader, derived } };
}

const SPECS: readonly ColumnSpec[] = [
  { name: 'id', type: { kind: 'utf8' }, nullable: false },
  { name: 'i32', type: { kind: 'int32' }, nullable: true },
  { name: 'i64', type: { kind: 'int64' }, nullable: true },
  { name: 's', type: { kind: 'utf8' }, nullable: true },
  { name: 'b', type: { kind: 'bool' }, nullable: true },
  { name: 'f', type: { kind: 'float64' }, nullable: true },
  { name: 'd', type: { kind: 'date32' }, nullable: true },
];

const ROWS = [
  { id: 'r0', i32: 5, i64: 2n ** 53n + 1n, s: '\u{1F600}', b: true, f: 1.5, d: 1 },
  { id: 'r1', i32: -5, i64: 2n ** 53n, s: '\uFFFD', b: false, f: 2, d: 2 },
  { id: 'r2', i32: null, i64: -(2n ** 63n), s: 'abc', b: null, f: null, d: null },
  { id: 'r3', i32: 2 ** 31 - 1, i64: 2n ** 63n - 1n, s: null, b: true, f: 0, d: 3 },
  { id: 'r4', i32: -(2 ** 31), i64: 5n, s: '', b: false, f: -1, d: 4 },
  { id: 'r5', i32: 0, i64: null, s: '\uE000', b: null, f: 3, d: 5 },
];

const { image, source } = fixture(SPECS, ROWS);
const rows = (filter: Parameters<typeof imageRows>[1]) => imageRows(image, filter, source);

describe('imageRows', () => {
  it('compares integers with every operator', () => {
    expect(rows(where.eq('i32', 5))).toEqual([0]);
    expect(rows(where.eq('i32', 5n))).toEqual([0]);
    expect(rows(where.ne('i32', 5))).toEqual([1, 3, 4, 5]);
    expect(rows(where.lt('i32', 0))).toEqual([1, 4]);
    expect(rows(where.le('i32', 0))).toEqual([1, 4, 5]);
    expect(rows(where.gt('i32', 0))).toEqual([0, 3]);
    expect(rows(where.ge('i32', 2 ** 31 - 1))).toEqual([3]);
    expect(rows(where.le('i32', -(2 ** 31)))).toEqual([4]);
  });

  it('compares 64-bit cells with number and bigint literals by the value Lance reads', () => {
    expect(rows(where.eq('i64', 2n ** 53n + 1n))).toEqual([0]);
    expect(rows(where.gt('i64', 2n ** 53n))).toEqual([0, 3]);
    expect(rows(where.gt('i64', 2 ** 53))).toEqual([0, 3]);
    // 2^53 + 1 is no double: the number is 2^53, spelled and read as such.
    expect(rows(where.eq('i64', 2 ** 53 + 1))).toEqual([1]);
    expect(rows(where.le('i64', 5))).toEqual([2, 4]);
    expect(rows(where.ge('i64', -(2n ** 63n)))).toEqual([0, 1, 2, 3, 4]);
    expect(rows(where.eq('i64', 2n ** 63n - 1n))).toEqual([3]);
    expect(rows(where.in('i64', [5, 2n ** 53n, 7n]))).toEqual([1, 4]);
  });

  it('leaves literals Lance rejects to Lance: fractions, out of range, other types', () => {
    expect(rows(where.lt('i64', 5.5))).toBeUndefined();
    expect(rows(where.eq('i32', 4.5))).toBeUndefined();
    expect(rows(where.lt('i32', 2 ** 31))).toBeUndefined();
    expect(rows(where.lt('i64', 2n ** 63n))).toBeUndefined();
    expect(rows(where.gt('i64', -(2 ** 63)))).toBeUndefined();
    expect(rows(where.lt('i64', 1e21))).toBeUndefined();
    expect(rows(where.in('i32', [5, 5.5]))).toBeUndefined();
    expect(rows(where.eq('i32', '5'))).toBeUndefined();
    expect(rows(where.eq('s', 5))).toBeUndefined();
    expect(rows(where.eq('b', 1))).toBeUndefined();
    expect(rows(where.eq('s', '\ud83d'))).toBeUndefined();
  });

  it('orders strings by code point, as UTF-8 bytes', () => {
    // JavaScript's < puts U+1F600 (a surrogate pair) before U+E000 and U+FFFD.
    expect(rows(where.lt('s', '\uFFFD'))).toEqual([2, 4, 5]);
    expect(rows(where.gt('s', '\uFFFD'))).toEqual([0]);
    expect(rows(where.ge('s', '\uE000'))).toEqual([0, 1, 5]);
    expect(rows(where.lt('s', '\u{1F600}'))).toEqual([1, 2, 4, 5]);
    expect(rows(where.le('s', '\u{1F600}'))).toEqual([0, 1, 2, 4, 5]);
    expect(rows(where.gt('s', 'b'))).toEqual([0, 1, 5]);
    expect(rows(where.lt('s', 'b'))).toEqual([2, 4]);
    expect(rows(where.ne('s', ''))).toEqual([0, 1, 2, 5]);
    expect(rows(where.lt('id', 'r2'))).toEqual([0, 1]);
  });

  it('combines comparisons with and and or, a NULL part never passing', () => {
    expect(rows(where.and(where.gt('i32', -10), where.lt('i64', 2n ** 60n)))).toEqual([0, 1]);
    expect(rows(where.and(where.ge('i32', 0), where.gt('i64', 0)))).toEqual([0, 3]);
    expect(rows(where.or(where.gt('i32', 100), where.lt('i64', 0)))).toEqual([2, 3]);
    expect(
      rows(where.or(where.and(where.ge('i32', 0), where.gt('i64', 0)), where.eq('s', ''))),
    ).toEqual([0, 3, 4]);
  });

  it('orders booleans false before true', () => {
    expect(rows(where.eq('b', true))).toEqual([0, 3]);
    expect(rows(where.ne('b', true))).toEqual([1, 4]);
    expect(rows(where.lt('b', true))).toEqual([1, 4]);
    expect(rows(where.le('b', false))).toEqual([1, 4]);
    expect(rows(where.gt('b', false))).toEqual([0, 3]);
    expect(rows(where.ge('b', false))).toEqual([0, 1, 3, 4]);
    expect(rows(where.gt('b', true))).toEqual([]);
  });

  it('follows SQL three-valued logic for NULLs under not, or and and', () => {
    expect(rows(where.not(where.gt('i32', 0)))).toEqual([1, 4, 5]);
    const either = where.or(where.gt('i32', 0), where.eq('b', true));
    expect(rows(either)).toEqual([0, 3]);
    // Rows 2 and 5 are unknown: neither they nor their negation pass.
    expect(rows(where.not(either))).toEqual([1, 4]);
    const both = where.and(where.gt('i32', 0), where.isNull('b'));
    expect(rows(where.not(both))).toEqual([0, 1, 3, 4, 5]);
    expect(rows(where.not(where.in('i32', [5, 0])))).toEqual([1, 3, 4]);
    expect(rows(where.not(where.in('i32', [])))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rows(where.isNull('i32'))).toEqual([2]);
    expect(rows(where.not(where.isNotNull('s')))).toEqual([3]);
    expect(rows(where.or(where.isNull('b'), where.lt('i32', 0)))).toEqual([1, 2, 4, 5]);
  });

  it('reads empty and as true and empty or as false', () => {
    expect(rows(where.and())).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rows(where.or())).toEqual([]);
    expect(rows(where.not(where.or()))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('finds rows of pinned ids through the id index', () => {
    expect(rows(where.eq('id', 'r3'))).toEqual([3]);
    expect(rows(where.and(where.in('id', ['r3', 'r1', 'x']), where.gt('i32', 0)))).toEqual([3]);
  });

  it('leaves float, date and uncached columns to Lance', () => {
    expect(rows(where.gt('f', 1))).toBeUndefined();
    expect(rows(where.eq('d', where.date32(3)))).toBeUndefined();
    expect(rows(where.eq('d', 3))).toBeUndefined();
    expect(rows(where.isNull('f'))).toBeUndefined();
    expect(rows(where.eq('missing', 1))).toBeUndefined();
    expect(rows(where.or(where.eq('i32', 5), where.gt('f', 1)))).toBeUndefined();
    expect(rows(where.not(where.gt('f', 1)))).toBeUndefined();
  });

  it('compares derived key columns as their type, deriving only the rows it tests', () => {
    const specs: readonly ColumnSpec[] = [
      { name: 'id', type: { kind: 'utf8' }, nullable: false },
      { name: 'k', type: { kind: 'int64' }, nullable: false },
    ];
    const derivedIds: string[] = [];
    const derive = (id: string): Cell => {
      derivedIds.push(id);
      return BigInt(id);
    };
    const keyed = fixture(
      specs,
      ['-3', '7', '9007199254740993', '0'].map((id) => ({ id })),
      new Map([['k', derive]]),
    );
    expect(imageRows(keyed.image, where.eq('k', 7), keyed.source)).toEqual([1]);
    expect(derivedIds).toEqual(['7']);
    expect(imageRows(keyed.image, where.gt('k', 2n ** 53n), keyed.source)).toEqual([2]);
    expect(imageRows(keyed.image, where.le('k', 0), keyed.source)).toEqual([0, 3]);
    expect(imageRows(keyed.image, where.lt('k', 0.5), keyed.source)).toBeUndefined();
  });
});

describe('imageRows on packed columns', () => {
  const specs: readonly ColumnSpec[] = [
    { name: 'id', type: { kind: 'utf8' }, nullable: false },
    { name: 'i', type: { kind: 'int32' }, nullable: true },
    { name: 'u', type: { kind: 'uint32' }, nullable: true },
    { name: 's', type: { kind: 'utf8' }, nullable: true },
  ];
  const data = Array.from({ length: 300 }, (_, row) => ({
    id: `r${row}`,
    i: ((row * 37) % 101) - 50,
    u: (row * 7919) % 1000,
    s: row % 3 === 0 ? null : `s${row % 7}`,
  }));
  const packed = fixture(specs, data, new Map(), true);
  const cells = fixture(specs, data);
  const packedRows = (filter: Parameters<typeof imageRows>[1]) =>
    imageRows(packed.image, filter, packed.source);

  it('holds the integer columns packed', () => {
    expect(packed.image.column('i')).toBeInstanceOf(Int32Array);
    expect(packed.image.column('u')).toBeInstanceOf(Uint32Array);
  });

  it('passes the rows each comparison holds for', () => {
    const passing = (test: (row: (typeof data)[number]) => boolean) =>
      data.flatMap((row, index) => (test(row) ? [index] : []));
    expect(packedRows(where.eq('i', 7))).toEqual(passing((row) => row.i === 7));
    expect(packedRows(where.ne('i', 7))).toEqual(passing((row) => row.i !== 7));
    expect(packedRows(where.lt('i', -3))).toEqual(passing((row) => row.i < -3));
    expect(packedRows(where.le('u', 400))).toEqual(passing((row) => row.u <= 400));
    expect(packedRows(where.gt('u', 400))).toEqual(passing((row) => row.u > 400));
    expect(packedRows(where.gt('i', 7))).toEqual(passing((row) => row.i > 7));
    expect(packedRows(where.le('i', 7))).toEqual(passing((row) => row.i <= 7));
    expect(packedRows(where.ge('i', 0))).toEqual(passing((row) => row.i >= 0));
    expect(packedRows(where.gt('i', 0))?.length).toBeGreaterThan(100);
  });

  it('combines packed and other columns as cells tested one by one do', () => {
    const filters = [
      where.and(where.gt('i', 0), where.lt('u', 500)),
      where.or(where.lt('i', -40), where.ge('u', 900), where.eq('i', 3)),
      where.not(where.and(where.gt('i', 0), where.lt('u', 500))),
      where.not(where.or(where.gt('i', 10), where.eq('u', 0))),
      where.and(where.gt('i', 0), where.eq('s', 's1')),
      where.not(where.and(where.gt('i', 0), where.eq('s', 's1'))),
      where.or(where.gt('i', 40), where.isNull('s')),
      where.and(
        where.not(where.lt('i', 0)),
        where.in(
          'u',
          data.slice(100, 110).map((row) => row.u),
        ),
      ),
    ];
    for (const filter of filters) {
      const expected = imageRows(cells.image, filter, cells.source);
      expect(packedRows(filter), JSON.stringify(filter)).toEqual(expected);
      expect(expected?.length, JSON.stringify(filter)).toBeGreaterThan(0);
    }
  });
});

describe('pinsKey', () => {
  const derived = new Map([['pid', (id: string) => BigInt(id)]]);

  it('is true for an equality or IN list on the id or a derived key, within an AND', () => {
    expect(pinsKey(where.eq('id', 'a'), derived)).toBe(true);
    expect(pinsKey(where.in('pid', [1n, 2n]), derived)).toBe(true);
    expect(pinsKey(where.and(where.gt('age', 3), where.eq('pid', 7n)), derived)).toBe(true);
  });

  it('is false for filters that test every row', () => {
    expect(pinsKey(where.gt('id', 'a'), derived)).toBe(false);
    expect(pinsKey(where.eq('age', 3), derived)).toBe(false);
    expect(pinsKey(where.or(where.eq('id', 'a'), where.eq('age', 3)), derived)).toBe(false);
  });
});

describe('imageRows in id order', () => {
  // Rows whose ids are out of order, ages at random: rows in id order are not rows in row order.
  const ids = ['p7', 'p10', 'p3', 'p1', 'p22', 'p5', 'p2', 'p11'];
  const ages = [61, 70, 20, null, 65, 80, 61, 10];
  const people = fixture(
    [SPECS[0] as ColumnSpec, { name: 'age', type: { kind: 'int32' }, nullable: true }],
    ids.map((id, row) => ({ id, age: ages[row] ?? null })),
  );
  const inIdOrder = [...ids.keys()].sort((a, b) => ((ids[a] ?? '') < (ids[b] ?? '') ? -1 : 1));
  const byRank = Int32Array.from(inIdOrder);
  const idsOf = (rows: readonly number[] | undefined) => rows?.map((row) => ids[row]);

  it('walks the rows by rank when ordering them pays, else sorts the passing rows by id', () => {
    const counts: number[] = [];
    const ranked = imageRows(people.image, where.gt('age', 60), people.source, (count) => {
      counts.push(count);
      return byRank;
    });
    const sorted = imageRows(people.image, where.gt('age', 60), people.source, () => {
      return undefined;
    });
    expect(counts).toEqual([5]);
    expect(idsOf(ranked)).toEqual(['p10', 'p2', 'p22', 'p5', 'p7']);
    expect(sorted).toEqual(ranked);
    // The same rows as in row order.
    expect([...(ranked ?? [])].sort((a, b) => a - b)).toEqual(
      imageRows(people.image, where.gt('age', 60), people.source),
    );
  });

  it('orders the rows of a key lookup by id, and leaves what Lance must evaluate to Lance', () => {
    const never = () => {
      throw new Error('a key lookup ranks nothing');
    };
    const found = imageRows(
      people.image,
      where.in('id', ['p5', 'p11', 'p9']),
      people.source,
      never,
    );
    expect(idsOf(found)).toEqual(['p11', 'p5']);
    expect(
      imageRows(people.image, where.gt('age', 60.5), people.source, () => byRank),
    ).toBeUndefined();
  });

  it('lists no row when none passes', () => {
    expect(imageRows(people.image, where.gt('age', 90), people.source, () => byRank)).toEqual([]);
  });
});
