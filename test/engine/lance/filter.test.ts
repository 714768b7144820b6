import { beforeAll, describe, expect, it } from 'vitest';
import {
  LanceTables,
  MAIN_BRANCH,
  filterSql,
  where,
  type ColumnSpec,
  type Filter,
  type Row,
  type TableReader,
} from '../../../src/engine/lance/index.js';
import { freshTempDir } from '../../helpers/temp-dir.js';
import { expectOmniErrorSync, idsOf } from './fixtures.js';

const INJECTION = "x' OR '1'='1";

describe('filterSql', () => {
  it.each<[Filter, string]>([
    [where.eq('name', "O'Brien"), "`name` = 'O''Brien'"],
    [where.eq('name', INJECTION), "`name` = 'x'' OR ''1''=''1'"],
    [where.ne('path', 'a\\b'), "`path` <> 'a\\b'"],
    [where.lt('n', -1.5), '`n` < -1.5'],
    [where.ge('big', 2n ** 63n - 1n), '`big` >= 9223372036854775807'],
    [where.eq('ok', false), '`ok` = FALSE'],
    [where.le('born', where.date32(-3)), "`born` <= arrow_cast(-3, 'Date32')"],
    [where.gt('at', where.date64(1_704_110_400_123)), "`at` > arrow_cast(1704110400123, 'Date64')"],
    [where.in('id', ['a', "b'c", 3n]), "`id` IN ('a', 'b''c', 3)"],
    [where.in('id', []), 'FALSE'],
    [where.isNull('email'), '`email` IS NULL'],
    [where.isNotNull('_row_last_updated_at_version'), '`_row_last_updated_at_version` IS NOT NULL'],
    [where.and(), 'TRUE'],
    [where.or(), 'FALSE'],
    [
      where.and(where.eq('a', 1), where.not(where.or(where.eq('b', 2), where.isNull('c')))),
      '(`a` = 1) AND (NOT ((`b` = 2) OR (`c` IS NULL)))',
    ],
  ])('renders %# as the expected SQL', (filter, sql) => {
    expect(filterSql(filter)).toBe(sql);
  });

  it.each<[string, Filter]>([
    ['a column with a backtick', where.eq('a`b', 1)],
    ['a column with SQL in it', where.eq('a = 1 OR b', 1)],
    ['an empty column name', where.isNull('')],
    ['NaN', where.eq('n', Number.NaN)],
    ['Infinity', where.lt('n', Number.POSITIVE_INFINITY)],
    ['a fractional date', where.eq('d', where.date32(1.5))],
  ])('rejects %s', (_label, filter) => {
    expectOmniErrorSync(() => filterSql(filter), 'bad_request');
  });
});

describe('filters on a Lance table', () => {
  const columns: ColumnSpec[] = [
    { name: 'id', type: { kind: 'utf8' }, nullable: false },
    { name: 'name', type: { kind: 'utf8' }, nullable: true },
    { name: 'born', type: { kind: 'date32' }, nullable: true },
    { name: 'seen', type: { kind: 'date64' }, nullable: true },
    { name: 'big', type: { kind: 'int64' }, nullable: true },
    { name: 'active', type: { kind: 'bool' }, nullable: true },
    { name: 'lastName', type: { kind: 'utf8' }, nullable: true },
  ];
  const rows: Row[] = [
    { id: 'plain', name: 'Ada', born: 0, seen: 1000, big: 1n, active: true, lastName: 'L' },
    {
      id: INJECTION,
      name: "O'Brien",
      born: 1,
      seen: 2000,
      big: 2n ** 60n + 1n,
      active: false,
      lastName: null,
    },
    {
      id: 'back\\slash',
      name: null,
      born: null,
      seen: null,
      big: null,
      active: null,
      lastName: 'M',
    },
    { id: 'line\nbreak ✓', name: 'Zoë', born: -1, seen: -5, big: -7n, active: true, lastName: 'N' },
  ];
  let reader: TableReader;
  let tables: LanceTables;

  beforeAll(async () => {
    tables = await LanceTables.open(await freshTempDir('filter'));
    await tables.createTable('People', columns);
    const { version } = await (await tables.writer('People', MAIN_BRANCH)).append(rows);
    reader = await tables.reader('People', { branch: MAIN_BRANCH, version });
  });

  const ids = async (filter: Filter) => idsOf(await reader.scan({ filter, columns: ['id'] }));

  it('matches an injection-shaped value only literally', async () => {
    expect(await ids(where.eq('id', INJECTION))).toEqual([INJECTION]);
    // The classic payload on a column where it matches nothing must return nothing, not all rows.
    expect(await ids(where.eq('name', INJECTION))).toEqual([]);
    expect(await reader.count(where.eq('name', "nobody' OR '1'='1"))).toBe(0);
    expect(await ids(where.in('name', ["') OR TRUE --", INJECTION]))).toEqual([]);
    expect(await ids(where.eq('name', "O'Brien"))).toEqual([INJECTION]);
  });

  it('keeps an injection-shaped delete to the literal match', async () => {
    const writer = await tables.writer('People', MAIN_BRANCH);
    const outcome = await writer.delete(where.eq('name', "Ada' OR '1'='1"));
    expect(outcome.deleted).toBe(0);
    const after = await tables.reader('People', { branch: MAIN_BRANCH, version: outcome.version });
    expect(await after.count()).toBe(rows.length);
  });

  it('takes backslashes, newlines and non-ASCII text literally', async () => {
    expect(await ids(where.eq('id', 'back\\slash'))).toEqual(['back\\slash']);
    expect(await ids(where.eq('id', 'line\nbreak ✓'))).toEqual(['line\nbreak ✓']);
    expect(await ids(where.eq('name', 'Zoë'))).toEqual(['line\nbreak ✓']);
  });

  it('compares dates, 64-bit integers, booleans and nulls', async () => {
    expect(await ids(where.ge('born', where.date32(0)))).toEqual(['plain', INJECTION].sort());
    expect(await ids(where.lt('seen', where.date64(0)))).toEqual(['line\nbreak ✓']);
    expect(await ids(where.eq('big', 2n ** 60n + 1n))).toEqual([INJECTION]);
    expect(await ids(where.lt('big', 0))).toEqual(['line\nbreak ✓']);
    expect(await ids(where.eq('active', false))).toEqual([INJECTION]);
    expect(await ids(where.isNull('active'))).toEqual(['back\\slash']);
    expect(await ids(where.not(where.isNull('born')))).toHaveLength(3);
    expect(await ids(where.in('id', []))).toEqual([]);
    expect(await ids(where.and())).toHaveLength(4);
  });

  it('quotes mixed-case column names', async () => {
    expect(await ids(where.eq('lastName', 'M'))).toEqual(['back\\slash']);
  });
});
