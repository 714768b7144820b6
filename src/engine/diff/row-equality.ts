import type { ColumnSpec, Row } from '../lance/index.js';
import { cellJson } from '../values/index.js';

/**
 * True when two rows hold the same value in every column, as the values would be written on the
 * wire: 64-bit integers exactly, binaries and lists by content, nulls equal to nulls. A row
 * rewritten with identical content is therefore not a change.
 */
export function rowsEqual(columns: readonly ColumnSpec[], a: Row, b: Row): boolean {
  return columns.every(
    (column) =>
      cellJson(column.type, a[column.name] ?? null) ===
      cellJson(column.type, b[column.name] ?? null),
  );
}
