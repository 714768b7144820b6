import type { ResultRow, ResultValue } from './read-output.js';

/**
 * Response header of a read (`POST /graphs/{id}/query`, an extension): the result columns of
 * 64-bit integers (I64, U64, lists of them; `count` included), each percent-encoded, separated
 * by commas; empty when there are none. JSON writes an I64 of 42 as it writes an I32 of 42,
 * while the engine returns the one as `42n` and the other as `42`: with this header a client
 * returns exactly the engine's types.
 *
 * @example `Omnigraph-Bigint-Columns: p.id,total`
 */
export const BIGINT_COLUMNS_HEADER = 'Omnigraph-Bigint-Columns';

/**
 * The columns of `rows` that hold 64-bit integers: those with a `bigint` value, or list item, in
 * some row (the engine types every value of a column alike). A column with only nulls and empty
 * lists holds no integer either way.
 */
export function bigintColumnsOf(rows: readonly ResultRow[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) {
    for (const [column, value] of Object.entries(row)) {
      if (!columns.has(column) && holdsBigint(value)) columns.add(column);
    }
  }
  return [...columns];
}

function holdsBigint(value: ResultValue): boolean {
  if (typeof value === 'bigint') return true;
  return Array.isArray(value) && value.some(holdsBigint);
}

/** The {@link BIGINT_COLUMNS_HEADER} value naming `columns`. */
export function bigintColumnsHeader(columns: readonly string[]): string {
  return columns.map(encodeURIComponent).join(',');
}

/** The columns a {@link BIGINT_COLUMNS_HEADER} value names (a malformed name is dropped). */
export function parseBigintColumnsHeader(value: string): Set<string> {
  const columns = new Set<string>();
  for (const part of value.split(',')) {
    const name = part.trim();
    if (name === '') continue;
    try {
      columns.add(decodeURIComponent(name));
    } catch {
      // Not percent-encoding this header ever carries: no column of that name.
    }
  }
  return columns;
}

/**
 * Rows parsed from JSON (integers beyond the safe range as `bigint`), with the types the engine
 * returns: every integer of a `bigintColumns` column a `bigint`, every other number a `number`
 * (a float JSON spells as a long integer reads back as a `bigint`, so it is turned back).
 */
export function typedResultRows(
  rows: readonly Record<string, unknown>[],
  bigintColumns: ReadonlySet<string>,
): ResultRow[] {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([column, value]) => [
        column,
        typedValue(value as ResultValue, bigintColumns.has(column)),
      ]),
    ),
  );
}

function typedValue(value: ResultValue, bigint: boolean): ResultValue {
  if (Array.isArray(value)) return value.map((item: ResultValue) => typedValue(item, bigint));
  if (bigint) return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value;
  return typeof value === 'bigint' ? Number(value) : value;
}
