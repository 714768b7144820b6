import type { Builder, Data, DataType, Field } from 'apache-arrow';
import { arrow } from './arrow-module.js';
import {
  checkCell,
  INT32_MAX,
  INT32_MIN,
  INT64_MAX,
  INT64_MIN,
  UINT32_MAX,
  UINT64_MAX,
  type CheckedCell,
} from './cell-check.js';
import type { ColumnSpec } from './column-spec.js';
import type { Row } from './row.js';

const MS_PER_DAY = 86_400_000;
/** Utf8 offsets are int32: a column holds at most this many bytes. */
const MAX_UTF8_BYTES = 2 ** 31 - 1;

/**
 * Encodes one column of `rows` as Arrow data, checking every cell as `checkCell` does (the same
 * errors, naming the column and row). Scalar columns and vectors are written straight into
 * typed arrays: Arrow's generic builders go through a visitor per value, which made encoding
 * the largest cost of a bulk load. Lists and binaries, rare in bulk, keep the builder.
 */
export function encodeColumn(field: Field, column: ColumnSpec, rows: readonly Row[]): Data {
  const type = field.type as DataType;
  switch (column.type.kind) {
    case 'utf8':
      return encodeUtf8(type, column, rows);
    case 'int32':
      return encodeFixed(type, column, rows, new Int32Array(rows.length), int32Cell);
    case 'uint32':
      return encodeFixed(type, column, rows, new Uint32Array(rows.length), uint32Cell);
    case 'int64':
      return encodeFixed(type, column, rows, new BigInt64Array(rows.length), int64Cell);
    case 'uint64':
      return encodeFixed(type, column, rows, new BigUint64Array(rows.length), uint64Cell);
    case 'float32':
      return encodeFixed(type, column, rows, new Float32Array(rows.length), floatCell);
    case 'float64':
      return encodeFixed(type, column, rows, new Float64Array(rows.length), floatCell);
    case 'date32':
      return encodeFixed(type, column, rows, new Int32Array(rows.length), int32Cell);
    case 'date64':
      return encodeFixed(type, column, rows, new BigInt64Array(rows.length), date64Cell);
    case 'bool':
      return encodeBool(type, column, rows);
    case 'fixed_size_list':
      return encodeVectors(type, column, rows);
    case 'list':
    case 'large_binary':
      return encodeWithBuilder(type, column, rows);
  }
}

/**
 * The value of a non-null cell in the column's typed array, or undefined when the cell is not
 * plainly of the column's type: then `checkCell` decides (it converts, or throws the error).
 */
type FastCell<T> = (value: unknown) => T | undefined;

function int32Cell(value: unknown): number | undefined {
  return typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= INT32_MIN &&
    value <= INT32_MAX
    ? value
    : undefined;
}

function uint32Cell(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= UINT32_MAX
    ? value
    : undefined;
}

function int64Cell(value: unknown): bigint | undefined {
  return typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX ? value : undefined;
}

function uint64Cell(value: unknown): bigint | undefined {
  return typeof value === 'bigint' && value >= 0n && value <= UINT64_MAX ? value : undefined;
}

function floatCell(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Date64 values are epoch milliseconds, checked (range included) by `checkCell`. */
function date64Cell(): bigint | undefined {
  return undefined;
}

/** What a checked cell becomes in each typed array. */
function typedValue(column: ColumnSpec, cell: CheckedCell): number | bigint {
  if (column.type.kind === 'date64') return BigInt(cell as number);
  return cell as number | bigint;
}

/** A validity bitmap being filled, allocated on the first null only. */
export class Validity {
  readonly #length: number;
  #bitmap: Uint8Array | undefined;
  nullCount = 0;

  constructor(length: number) {
    this.#length = length;
  }

  setNull(index: number): void {
    if (this.#bitmap === undefined) {
      // Every slot before the first null is valid.
      this.#bitmap = new Uint8Array(Math.ceil(this.#length / 8)).fill(0xff);
    }
    const byte = index >> 3;
    this.#bitmap[byte] = (this.#bitmap[byte] ?? 0) & ~(1 << (index & 7));
    this.nullCount += 1;
  }

  /** The bitmap, or null when no slot is null. */
  get bitmap(): Uint8Array | null {
    return this.#bitmap ?? null;
  }
}

function encodeFixed<T extends number | bigint>(
  type: DataType,
  column: ColumnSpec,
  rows: readonly Row[],
  values: { [index: number]: T; readonly length: number },
  fast: FastCell<T>,
): Data {
  const validity = new Validity(rows.length);
  const name = column.name;
  for (let index = 0; index < rows.length; index += 1) {
    const value = rows[index]?.[name];
    const plain = value === null || value === undefined ? undefined : fast(value);
    if (plain !== undefined) {
      values[index] = plain;
      continue;
    }
    const cell = checkCell(column, value, index);
    if (cell === null) validity.setNull(index);
    else values[index] = typedValue(column, cell) as T;
  }
  return arrow.makeData({
    type,
    length: rows.length,
    nullCount: validity.nullCount,
    nullBitmap: validity.bitmap,
    data: values,
  } as never);
}

function encodeBool(type: DataType, column: ColumnSpec, rows: readonly Row[]): Data {
  const validity = new Validity(rows.length);
  // Zero-filled even when every slot is null: Lance rejects a short bitmap.
  const bits = new Uint8Array(Math.ceil(rows.length / 8));
  const name = column.name;
  for (let index = 0; index < rows.length; index += 1) {
    const value = rows[index]?.[name];
    const cell = typeof value === 'boolean' ? value : checkCell(column, value, index);
    if (cell === null) validity.setNull(index);
    else if (cell === true) bits[index >> 3] = (bits[index >> 3] ?? 0) | (1 << (index & 7));
  }
  return arrow.makeData({
    type,
    length: rows.length,
    nullCount: validity.nullCount,
    nullBitmap: validity.bitmap,
    data: bits,
  } as never);
}

/**
 * Strings are encoded as UTF-8 in one native call over their concatenation, when it is ASCII
 * (ids, keys and most text of a bulk load): their byte offsets are then their lengths. Writing
 * each value on its own cost a native call per value, 0.2 s of a 1.2M-row load. Other text is
 * written value by value into one growing buffer.
 */
function encodeUtf8(type: DataType, column: ColumnSpec, rows: readonly Row[]): Data {
  const validity = new Validity(rows.length);
  const strings = new Array<string>(rows.length);
  const name = column.name;
  let chars = 0;
  for (let index = 0; index < rows.length; index += 1) {
    const value = rows[index]?.[name];
    const text = typeof value === 'string' ? value : checkCell(column, value, index);
    if (text === null) validity.setNull(index);
    const string = (text ?? '') as string;
    strings[index] = string;
    chars += string.length;
  }
  const { offsets, bytes } =
    chars <= MAX_JOINED_CHARS ? asciiJoined(strings, chars, name) : eachUtf8(strings, name);
  return arrow.makeData({
    type,
    length: rows.length,
    nullCount: validity.nullCount,
    nullBitmap: validity.bitmap,
    valueOffsets: offsets,
    data: bytes,
  } as never);
}

/** Text joined into one string to encode at once: well below V8's longest string. */
const MAX_JOINED_CHARS = 64 * 1024 * 1024;

interface Utf8Values {
  readonly offsets: Int32Array;
  readonly bytes: Uint8Array;
}

/**
 * `strings` (`chars` UTF-16 units in all) encoded at once when they are ASCII (one byte per
 * character), else one by one.
 */
function asciiJoined(strings: readonly string[], chars: number, name: string): Utf8Values {
  const joined = strings.join('');
  const bytes = Buffer.from(joined, 'utf8');
  // Any other character takes more bytes than UTF-16 units.
  if (bytes.length !== chars) return eachUtf8(strings, name);
  const offsets = new Int32Array(strings.length + 1);
  let end = 0;
  for (let index = 0; index < strings.length; index += 1) {
    end += strings[index]?.length ?? 0;
    offsets[index + 1] = end;
  }
  return { offsets, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) };
}

/** `strings` written as UTF-8 value by value; `name` is the column's, for the size limit. */
function eachUtf8(strings: readonly string[], name: string): Utf8Values {
  const offsets = new Int32Array(strings.length + 1);
  let bytes: Buffer = Buffer.allocUnsafe(Math.max(64, strings.length * 16));
  let used = 0;
  for (let index = 0; index < strings.length; index += 1) {
    const string = strings[index] ?? '';
    // A UTF-16 unit is at most three UTF-8 bytes.
    const worst = string.length * 3;
    if (used + worst > bytes.length) bytes = grown(bytes, used, used + worst);
    used += bytes.write(string, used);
    if (used > MAX_UTF8_BYTES) throw new RangeError(`column '${name}' exceeds 2 GiB of text`);
    offsets[index + 1] = used;
  }
  return { offsets, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, used) };
}

function grown(bytes: Buffer, used: number, needed: number): Buffer {
  const next = Buffer.allocUnsafe(Math.max(needed, bytes.length * 2));
  bytes.copy(next, 0, 0, used);
  return next;
}

/**
 * Vectors are written straight into one zero-filled Float32Array: the generic builder copies
 * element by element, and leaves a short child buffer for null vectors, which Lance rejects.
 */
function encodeVectors(type: DataType, column: ColumnSpec, rows: readonly Row[]): Data {
  if (!arrow.DataType.isFixedSizeList(type)) return encodeWithBuilder(type, column, rows);
  const dimension = type.listSize;
  const values = new Float32Array(rows.length * dimension);
  const validity = new Validity(rows.length);
  const name = column.name;
  for (let index = 0; index < rows.length; index += 1) {
    const value = rows[index]?.[name];
    if (writeVector(values, index * dimension, dimension, value)) continue;
    const cell = checkCell(column, value, index);
    if (cell === null) validity.setNull(index);
    else values.set(cell as readonly number[], index * dimension);
  }
  const child = arrow.makeData({
    type: new arrow.Float32(),
    length: values.length,
    nullCount: 0,
    data: values,
  });
  return arrow.makeData({
    type,
    length: rows.length,
    nullCount: validity.nullCount,
    nullBitmap: validity.bitmap,
    child,
  });
}

/**
 * Writes a plain array of `dimension` finite numbers at `at`; false for anything else (null, a
 * typed array, a bad element), which `checkCell` then converts or rejects.
 */
function writeVector(values: Float32Array, at: number, dimension: number, value: unknown): boolean {
  if (!Array.isArray(value) || value.length !== dimension) return false;
  for (let i = 0; i < dimension; i += 1) {
    const element: unknown = value[i];
    if (typeof element !== 'number' || !Number.isFinite(element)) return false;
    values[at + i] = element;
  }
  return true;
}

function encodeWithBuilder(type: DataType, column: ColumnSpec, rows: readonly Row[]): Data {
  const builder = arrow.makeBuilder({ type, nullValues: [null] }) as Builder<DataType>;
  const isDate32List = column.type.kind === 'list' && column.type.element.kind === 'date32';
  rows.forEach((row, index) => {
    const cell = checkCell(column, row[column.name], index);
    if (isDate32List && Array.isArray(cell)) builder.append(cell.map(toDateDayInput));
    else builder.append(cell);
  });
  builder.finish();
  return builder.flush();
}

/** Arrow's DateDay builder takes epoch milliseconds and stores days. */
function toDateDayInput(cell: CheckedCell): CheckedCell {
  return typeof cell === 'number' ? cell * MS_PER_DAY : cell;
}
