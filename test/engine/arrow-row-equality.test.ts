import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arrow,
  arrowRowEquality,
  decodeRows,
  encodeRows,
  schemaFromColumns,
  type ArrowRows,
  type Cell,
  type ColumnSpec,
  type Row,
} from '../../src/engine/lance/index.js';
import { sameStoredRow } from '../../src/engine/load/changed-rows.js';
import { ALL_COLUMN_TYPES } from './lance/fixtures.js';

/** A column of every type the buffers are read for (all but lists and binaries). */
const COLUMNS = ALL_COLUMN_TYPES.filter(
  ({ type }) => type.kind !== 'list' && type.kind !== 'large_binary',
);

/** Few values per column, so that equal and unequal pairs both come often. */
const VALUES: Readonly<Record<string, readonly Cell[]>> = {
  id: ['a', 'b', 'ab', 'é', '😀', ''],
  flag: [null, true, false],
  i32: [null, 0, -1, 2_147_483_647],
  u32: [null, 0, 4_294_967_295],
  i64: [null, 0n, -1n, 9_007_199_254_740_993n, 9_007_199_254_740_992n],
  u64: [null, 0n, 18_446_744_073_709_551_615n],
  // 0.1 and 0.1 + 1e-9 are one float32; -0 is not +0.
  f32: [null, 0, -0, 0.1, 0.1 + 1e-9, 0.1 + 1e-6],
  f64: [null, 0, -0, 1 / 3, 1 / 3 + 2 ** -54],
  day: [null, 0, 19_782, -1],
  at: [null, 0, 1_709_210_096_789, 1_709_210_096_790],
  vec: [null, [0.1, -0.2, 3], [0.1, -0.2, 3 + 1e-9], [0.1, -0, 3], [0.1, 0, 3]],
};

const row: fc.Arbitrary<Row> = fc.record(
  Object.fromEntries(
    COLUMNS.map(({ name }) => [name, fc.constantFrom(...(VALUES[name] ?? [null]))]),
  ),
);

/**
 * Rows, and rows made from them with a column or two set to another value (or the same one):
 * most pairs then differ in a column or none, where rows drawn apart differ in most.
 */
const rowPairs: fc.Arbitrary<[Row[], Row[]]> = fc
  .array(row, { minLength: 1, maxLength: 10 })
  .chain((left) =>
    fc.tuple(
      fc.constant(left),
      fc.array(
        fc
          .tuple(
            fc.nat({ max: left.length - 1 }),
            fc.subarray(
              COLUMNS.map(({ name }) => name),
              { maxLength: 2 },
            ),
            fc.nat(),
          )
          .map(([from, names, pick]): Row => {
            const changed: Record<string, Cell> = { ...left[from] };
            for (const name of names) {
              const values = VALUES[name] ?? [null];
              changed[name] = values[pick % values.length] ?? null;
            }
            return changed;
          }),
        { minLength: 1, maxLength: 10 },
      ),
    ),
  );

const SCHEMA = schemaFromColumns(COLUMNS);

/**
 * The rows as Arrow, shaped as results come: in two batches, optionally sliced (offsets into
 * buffers that Arrow does not slice), optionally through IPC as Lance returns them.
 */
function asArrow(rows: readonly Row[], cut: number, sliced: boolean, ipc: boolean): ArrowRows {
  const parts = [rows.slice(0, cut), rows.slice(cut)].filter((part) => part.length > 0);
  const batches = parts.flatMap((part) => encodeRows(SCHEMA, COLUMNS, part).batches);
  let table = new arrow.Table(batches);
  if (sliced) {
    const padded = encodeRows(SCHEMA, COLUMNS, [...rows.slice(0, 1), ...rows]).slice(1);
    table = new arrow.Table(padded.batches);
  }
  return ipc ? arrow.tableFromIPC(arrow.tableToIPC(table)) : table;
}

describe('arrowRowEquality', () => {
  it('tells rows apart exactly as sameStoredRow does on the decoded rows', () => {
    fc.assert(
      fc.property(
        rowPairs,
        fc.nat({ max: 12 }),
        fc.boolean(),
        fc.boolean(),
        ([leftRows, rightRows], cut, sliced, ipc) => {
          const left = asArrow(leftRows, cut, sliced, false);
          const right = asArrow(rightRows, cut, !sliced, ipc);
          const same = arrowRowEquality(COLUMNS, left, right);
          expect(same).toBeDefined();
          const leftDecoded = decodeRows(left);
          const rightDecoded = decodeRows(right);
          leftDecoded.forEach((stored, l) => {
            rightDecoded.forEach((next, r) => {
              expect(same?.(l, r), `${l} ${r}`).toBe(sameStoredRow(COLUMNS, stored, next));
            });
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('finds a row equal to itself and one differing in any single column unequal', () => {
    const base: Row = Object.fromEntries(
      COLUMNS.map(({ name }) => [name, VALUES[name]?.[1] ?? null]),
    );
    for (const { name } of COLUMNS) {
      for (const other of VALUES[name] ?? []) {
        const changed = { ...base, [name]: other };
        const table = asArrow([base, changed], 1, false, true);
        const expected = sameStoredRow(
          COLUMNS,
          decodeRows(table)[0] ?? {},
          decodeRows(table)[1] ?? {},
        );
        expect(arrowRowEquality(COLUMNS, table, table)?.(0, 1), `${name} ${String(other)}`).toBe(
          expected,
        );
        expect(arrowRowEquality(COLUMNS, table, table)?.(1, 1)).toBe(true);
      }
    }
  });

  it('leaves tables with lists or binaries to the decoded comparison', () => {
    const columns: readonly ColumnSpec[] = [
      { name: 'id', type: { kind: 'utf8' }, nullable: false },
      { name: 'tags', type: { kind: 'list', element: { kind: 'utf8' } }, nullable: true },
    ];
    const table = encodeRows(schemaFromColumns(columns), columns, [{ id: 'a', tags: ['x'] }]);
    expect(arrowRowEquality(columns, table, table)).toBeUndefined();
  });
});
