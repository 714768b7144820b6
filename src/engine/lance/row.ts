/**
 * One value of a row, in the encoding this layer reads and writes:
 * - `utf8`: string; `bool`: boolean;
 * - `int32`, `uint32`, `float32`, `float64`: number;
 * - `int64`, `uint64`: bigint (a safe-integer number is also accepted on write);
 * - `date32`: epoch days as a number; `date64`: epoch milliseconds as a number;
 * - `large_binary`: Uint8Array;
 * - `list`: an array of its elements; `fixed_size_list` (vector): an array of numbers;
 * - `null` for a missing value.
 */
export type Cell = string | number | bigint | boolean | Uint8Array | readonly Cell[] | null;

/** A row as a plain object from column name to {@link Cell}. Results never contain proxies. */
export type Row = Readonly<Record<string, Cell>>;
