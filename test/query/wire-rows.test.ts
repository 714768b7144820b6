import { describe, expect, it } from 'vitest';
import {
  allocationFor,
  wireRows as madeRows,
  type RowAllocation,
} from '../../src/engine/query/execution/wire-rows.js';
import type { PropertyType } from '../../src/compiler/catalog/catalog.js';
import { describeOnBackends, freshGraph, TEST_JSONL } from '../engine/graph-helpers.js';

const STRING: PropertyType = { kind: 'scalar', scalar: 'String' };
const I64: PropertyType = { kind: 'scalar', scalar: 'I64' };

describe.each<RowAllocation>(['young', 'old'])('wire rows made %s', (allocation) => {
  const wireRows = (...args: Parameters<typeof madeRows>) =>
    madeRows(args[0], args[1], args[2], allocation);

  it('are plain objects with one own property per column, in column order', () => {
    const rows = wireRows(['b', 'a', 'n'], [STRING, STRING, I64], {
      size: 2,
      columns: [
        ['x', null],
        ['y', 'z'],
        [1n, 2n],
      ],
    });
    expect(rows).toStrictEqual([
      { b: 'x', a: 'y', n: 1n },
      { b: null, a: 'z', n: 2n },
    ]);
    for (const row of rows) {
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
      expect(Object.keys(row)).toEqual(['b', 'a', 'n']);
    }
  });

  it('keep columns named like special properties as own values', () => {
    const columns = ['__proto__', 'constructor', 'toString', 'a"b\\c\u2028'];
    const [row] = wireRows(
      columns,
      columns.map(() => STRING),
      { size: 1, columns: columns.map((c) => [`v-${c}`]) },
    );
    expect(Object.keys(row ?? {})).toEqual(columns);
    for (const column of columns)
      expect(Object.getOwnPropertyDescriptor(row, column)?.value).toBe(`v-${column}`);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(row))).toEqual(
      Object.fromEntries(columns.map((c) => [c, `v-${c}`])),
    );
  });

  it('convert each column by its type, one column list serving several types', () => {
    const F64: PropertyType = { kind: 'scalar', scalar: 'F64' };
    const I32: PropertyType = { kind: 'scalar', scalar: 'I32' };
    const DATE: PropertyType = { kind: 'scalar', scalar: 'Date' };
    expect(
      wireRows(['v'], [F64], { size: 2, columns: [Float64Array.of(Number.NaN, 1.5)] }),
    ).toStrictEqual([{ v: 'NaN' }, { v: 1.5 }]);
    expect(
      wireRows(['v'], [F64], {
        size: 4,
        columns: [[Number.POSITIVE_INFINITY, -0, null, Number.NEGATIVE_INFINITY]],
      }),
    ).toStrictEqual([{ v: 'Infinity' }, { v: -0 }, { v: null }, { v: '-Infinity' }]);
    expect(wireRows(['v'], [I64], { size: 3, columns: [[7, 8n, null]] })).toStrictEqual([
      { v: 7n },
      { v: 8n },
      { v: null },
    ]);
    expect(wireRows(['v'], [I32], { size: 1, columns: [Int32Array.of(-3)] })).toStrictEqual([
      { v: -3 },
    ]);
    expect(wireRows(['v'], [STRING], { size: 1, columns: [['NaN']] })).toStrictEqual([
      { v: 'NaN' },
    ]);
    expect(wireRows(['v'], [DATE], { size: 1, columns: [[0]] })).toStrictEqual([
      { v: '1970-01-01' },
    ]);
  });

  it('read a column with a selection vector at the rows it names', () => {
    const names = ['a', 'b', 'c', null];
    const ids = [10n, 11n, 12n, 13n];
    const rows = wireRows(['name', 'n', 'id'], [STRING, I64, I64], {
      size: 3,
      columns: [names, [7n, 8n, 9n], ids],
      selections: [[2, 3, 0], undefined, [3, 3, 1]],
    });
    expect(rows).toStrictEqual([
      { name: 'c', n: 7n, id: 13n },
      { name: null, n: 8n, id: 13n },
      { name: 'a', n: 9n, id: 11n },
    ]);
    // The same columns read without selections are another maker's.
    expect(
      wireRows(['name', 'n', 'id'], [STRING, I64, I64], { size: 1, columns: [names, [7n], ids] }),
    ).toStrictEqual([{ name: 'a', n: 7n, id: 10n }]);
  });

  it('stay right across more column lists than the makers kept', () => {
    for (let n = 0; n < 300; n += 1) {
      const [row] = wireRows([`c${n}`], [I64], { size: 1, columns: [[BigInt(n)]] });
      expect(row).toStrictEqual({ [`c${n}`]: BigInt(n) });
    }
  });
});

describe('row allocation', () => {
  it('makes large results young while the young generation holds them, the rest old', () => {
    expect(allocationFor(16_383, 1)).toBe('old');
    expect(allocationFor(16_384, 1)).toBe('young');
    expect(allocationFor(100_000_000, 4)).toBe('old');
  });

  it('gives the same rows either way, past the size that chooses', () => {
    const size = 20_000;
    const names = Array.from({ length: size }, (_, i) => `n${i}`);
    const block = { size, columns: [names, BigInt64Array.from(names, (_, i) => BigInt(i))] };
    const [young, old] = (['young', 'old'] as const).map((allocation) =>
      madeRows(['name', 'id'], [STRING, I64], block, allocation),
    );
    expect(young).toStrictEqual(old);
    expect(madeRows(['name', 'id'], [STRING, I64], block)).toStrictEqual(old);
    expect(Object.getPrototypeOf(young?.[size - 1])).toBe(Object.prototype);
  });
});

describeOnBackends('query results', (backend) => {
  it('name an alias __proto__ as any other column', async () => {
    const graph = await freshGraph(backend, 'proto-alias', { data: TEST_JSONL });
    const result = await graph.query({
      query:
        'query q() { match { $p: Person { name: "Alice" } } return { $p.name as __proto__, $p.age } }',
    });
    expect(result.columns).toEqual(['__proto__', 'p.age']);
    expect(result.rows.map((row) => Object.entries(row))).toEqual([
      [
        ['__proto__', 'Alice'],
        ['p.age', 30],
      ],
    ]);
    await graph.close();
  });
});
