import type { ColumnarRows } from '../../src/engine/lance/column-decoder.js';
import type { TableReader } from '../../src/engine/lance/table-reader.js';
import type { IndexInfo } from '../../src/engine/lance/table-indexes.js';

/**
 * A reader of a fixed table {id, n: int64, m: int32 (never NULL), name: utf8, v: vector} that
 * counts its scans.
 */
export function fakeReader(rows: number): TableReader & { scans: number } {
  const ids = Array.from({ length: rows }, (_, row) => `k${row}`);
  const reader = {
    name: 'T',
    pin: { branch: 'main', version: 1 },
    columns: [
      { name: 'id', type: { kind: 'utf8' }, nullable: false },
      { name: 'n', type: { kind: 'int64' }, nullable: true },
      { name: 'm', type: { kind: 'int32' }, nullable: true },
      { name: 'name', type: { kind: 'utf8' }, nullable: true },
      { name: 'v', type: { kind: 'fixed_size_list', dimension: 2 }, nullable: true },
    ],
    scans: 0,
    scanColumns: (options: { columns: readonly string[] }): Promise<ColumnarRows> => {
      reader.scans += 1;
      const columns: Record<string, unknown[]> = { id: ids };
      for (const column of options.columns) {
        if (column === 'n') columns.n = ids.map((_, row) => (row % 3 === 0 ? null : BigInt(row)));
        if (column === 'm') columns.m = ids.map((_, row) => row * 2);
        if (column === 'name') columns.name = ids.map((_, row) => `name ${row}`);
      }
      return Promise.resolve({ length: rows, columns } as ColumnarRows);
    },
  };
  return reader as unknown as TableReader & { scans: number };
}

/** The listing of a B-tree index on `column` covering `rows` rows, as Lance gives it. */
export function btreeIndex(column: string, rows: number): IndexInfo {
  return {
    name: `${column}_idx`,
    type: 'BTree',
    columns: [column],
    indexedRows: rows,
    unindexedRows: 0,
    details: {},
  };
}
