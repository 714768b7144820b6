import type { Data, DataType, Field, Schema, Table } from 'apache-arrow';
import { OmniError } from '../../util/omni-error.js';
import { arrow } from './arrow-module.js';
import { Validity } from './column-encoder.js';

/** Rows a builder makes room for at first; it doubles as it fills. */
const INITIAL_ROWS = 1024;

/**
 * Slots of the values appended as null, made into a validity bitmap when the column is built:
 * nulls are rare in bulk data, so nothing is allocated per value.
 */
class NullSlots {
  #slots: number[] = [];

  add(slot: number): void {
    this.#slots.push(slot);
  }

  /** The validity of `length` slots, these null; the slots start empty again. */
  take(length: number): Validity {
    const validity = new Validity(length);
    for (const slot of this.#slots) validity.setNull(slot);
    this.#slots = [];
    return validity;
  }
}

/** Arrow data of `length` values of `type`, null where `nulls` says, over `buffers`. */
function builtData(
  type: DataType,
  length: number,
  nulls: NullSlots,
  buffers: { readonly data?: unknown; readonly valueOffsets?: Int32Array; readonly child?: Data },
): Data {
  const validity = nulls.take(length);
  return arrow.makeData({
    type,
    length,
    nullCount: validity.nullCount,
    nullBitmap: validity.bitmap,
    ...buffers,
  } as never);
}

/** A column being filled value by value, then built as Arrow data of its field's type. */
export interface ColumnBuilder {
  /** Values appended since the last build. */
  readonly length: number;
  appendNull(): void;
  /** The values as Arrow data of `type`; the builder starts empty again. */
  build(type: DataType): Data;
}

/** Utf8 values appended as UTF-8 bytes, copied straight from the input. */
export class Utf8Builder implements ColumnBuilder {
  #bytes = new Uint8Array(INITIAL_ROWS * 16);
  #used = 0;
  #offsets = new Int32Array(INITIAL_ROWS + 1);
  #length = 0;
  readonly #nulls = new NullSlots();

  get length(): number {
    return this.#length;
  }

  /** Appends the UTF-8 text `source[start, end)`, which the caller has checked is UTF-8. */
  append(source: Uint8Array, start: number, end: number): void {
    const at = this.reserve(end - start);
    const bytes = this.#bytes;
    // Byte by byte: values are short, and `set` needs a view of the source made per value.
    if (end - start < 1024)
      for (let i = start, j = at; i < end; i += 1, j += 1) bytes[j] = source[i] ?? 0;
    else bytes.set(source.subarray(start, end), at);
  }

  /**
   * Appends a value of `size` bytes and returns where in {@link bytes} the caller writes it
   * (at once, before anything else is appended).
   */
  reserve(size: number): number {
    if (this.#used + size > this.#bytes.length) this.#growBytes(this.#used + size);
    const at = this.#used;
    this.#used += size;
    this.#endValue();
    return at;
  }

  /** The buffer {@link reserve} returned a place in. */
  get bytes(): Uint8Array {
    return this.#bytes;
  }

  appendNull(): void {
    this.#nulls.add(this.#length);
    this.#endValue();
  }

  build(type: DataType): Data {
    const length = this.#length;
    const data = builtData(type, length, this.#nulls, {
      valueOffsets: this.#offsets.subarray(0, length + 1),
      data: this.#bytes.subarray(0, this.#used),
    });
    // The next values go to new buffers the size these grew to: the built data keeps these.
    this.#bytes = new Uint8Array(this.#bytes.length);
    this.#offsets = new Int32Array(this.#offsets.length);
    this.#used = 0;
    this.#length = 0;
    return data;
  }

  #endValue(): void {
    if (this.#length + 1 >= this.#offsets.length) {
      const offsets = new Int32Array(this.#offsets.length * 2);
      offsets.set(this.#offsets);
      this.#offsets = offsets;
    }
    this.#length += 1;
    this.#offsets[this.#length] = this.#used;
  }

  #growBytes(needed: number): void {
    let size = this.#bytes.length * 2;
    while (size < needed) size *= 2;
    if (size > MAX_UTF8_BYTES)
      throw new OmniError('resource_limit', 'a column of one write exceeds 2 GiB of text');
    const bytes = new Uint8Array(size);
    bytes.set(this.#bytes.subarray(0, this.#used));
    this.#bytes = bytes;
  }
}

/** Utf8 offsets are int32. */
const MAX_UTF8_BYTES = 2 ** 31 - 1;

/** The typed arrays a {@link NumberBuilder} fills; 64-bit integers are held as doubles. */
type NumberArray = Int32Array | Uint32Array | Float32Array | Float64Array;
type NumberArrayConstructor = new (length: number) => NumberArray;

/** The kinds of number column a {@link NumberBuilder} builds. */
export type NumberKind = 'int32' | 'uint32' | 'int64' | 'uint64' | 'float32' | 'float64';

const NUMBER_ARRAYS: Readonly<Record<NumberKind, NumberArrayConstructor>> = {
  int32: Int32Array,
  uint32: Uint32Array,
  // Integers of at most 2^53 in magnitude, made 64-bit when built.
  int64: Float64Array,
  uint64: Float64Array,
  float32: Float32Array,
  float64: Float64Array,
};

/**
 * Numbers appended one by one into the column's typed array. The caller appends only values
 * the column holds exactly (64-bit integers within 2^53).
 */
export class NumberBuilder implements ColumnBuilder {
  readonly #kind: NumberKind;
  #values: NumberArray;
  #length = 0;
  readonly #nulls = new NullSlots();

  constructor(kind: NumberKind) {
    this.#kind = kind;
    this.#values = new NUMBER_ARRAYS[kind](INITIAL_ROWS);
  }

  get length(): number {
    return this.#length;
  }

  append(value: number): void {
    if (this.#length === this.#values.length) this.#grow();
    this.#values[this.#length] = value;
    this.#length += 1;
  }

  appendNull(): void {
    this.#nulls.add(this.#length);
    this.append(0);
  }

  build(type: DataType): Data {
    const length = this.#length;
    const data = builtData(type, length, this.#nulls, { data: this.#built(length) });
    this.#values = new NUMBER_ARRAYS[this.#kind](this.#values.length);
    this.#length = 0;
    return data;
  }

  #built(length: number): NumberArray | BigInt64Array | BigUint64Array {
    const values = this.#values.subarray(0, length);
    if (this.#kind !== 'int64' && this.#kind !== 'uint64') return values;
    const wide = this.#kind === 'int64' ? new BigInt64Array(length) : new BigUint64Array(length);
    for (let i = 0; i < length; i += 1) wide[i] = BigInt(values[i] ?? 0);
    return wide;
  }

  #grow(): void {
    const values = new NUMBER_ARRAYS[this.#kind](this.#values.length * 2);
    values.set(this.#values);
    this.#values = values;
  }
}

/** Booleans appended one by one, packed as bits. */
export class BoolBuilder implements ColumnBuilder {
  #bits = new Uint8Array(INITIAL_ROWS / 8);
  #length = 0;
  readonly #nulls = new NullSlots();

  get length(): number {
    return this.#length;
  }

  append(value: boolean): void {
    if (this.#length === this.#bits.length * 8) {
      const bits = new Uint8Array(this.#bits.length * 2);
      bits.set(this.#bits);
      this.#bits = bits;
    }
    if (value)
      this.#bits[this.#length >> 3] =
        (this.#bits[this.#length >> 3] ?? 0) | (1 << (this.#length & 7));
    this.#length += 1;
  }

  appendNull(): void {
    this.#nulls.add(this.#length);
    this.append(false);
  }

  build(type: DataType): Data {
    const length = this.#length;
    const data = builtData(type, length, this.#nulls, {
      data: this.#bits.subarray(0, Math.ceil(length / 8)),
    });
    this.#bits = new Uint8Array(this.#bits.length);
    this.#length = 0;
    return data;
  }
}

/** Float32 vectors of one dimension, written element by element into one array. */
export class VectorBuilder implements ColumnBuilder {
  readonly dimension: number;
  #values: Float32Array;
  #length = 0;
  readonly #nulls = new NullSlots();

  constructor(dimension: number) {
    this.dimension = dimension;
    this.#values = new Float32Array(dimension * INITIAL_ROWS);
  }

  get length(): number {
    return this.#length;
  }

  /**
   * Where in {@link values} the next vector's elements go: the caller writes them there, then
   * appends them with {@link commit} (or does not, and the next vector goes to the same place).
   */
  next(): number {
    const at = this.#length * this.dimension;
    if (at + this.dimension > this.#values.length) this.#grow();
    return at;
  }

  /** The buffer {@link next} returned a place in. */
  get values(): Float32Array {
    return this.#values;
  }

  /** Appends the vector written at {@link next}. */
  commit(): void {
    this.#length += 1;
  }

  /** Appends a null: zeros, which Lance needs in the child buffer of a null vector. */
  appendNull(): void {
    this.#nulls.add(this.#length);
    const at = this.next();
    this.#values.fill(0, at, at + this.dimension);
    this.#length += 1;
  }

  build(type: DataType): Data {
    const length = this.#length;
    const child = arrow.makeData({
      type: new arrow.Float32(),
      length: length * this.dimension,
      nullCount: 0,
      data: this.#values.subarray(0, length * this.dimension),
    });
    const data = builtData(type, length, this.#nulls, { child });
    this.#values = new Float32Array(this.#values.length);
    this.#length = 0;
    return data;
  }

  #grow(): void {
    const values = new Float32Array(this.#values.length * 2);
    values.set(this.#values);
    this.#values = values;
  }
}

/**
 * The columns of one table filled by builders, in the schema's order, built into one record
 * batch of the schema at a time.
 */
export class TableBuilder {
  readonly #schema: Schema;
  readonly columns: readonly ColumnBuilder[];

  constructor(schema: Schema, columns: readonly ColumnBuilder[]) {
    if (columns.length !== schema.fields.length)
      throw new OmniError('internal', 'a table builder needs one builder per column');
    this.#schema = schema;
    this.columns = columns;
  }

  /** Rows appended since the last build (every column holds as many values). */
  get rows(): number {
    return this.columns[0]?.length ?? 0;
  }

  /** The rows as one Arrow table of the schema; the builders start empty again. */
  build(): Table {
    const rows = this.rows;
    const fields: readonly Field[] = this.#schema.fields;
    const children = this.columns.map((column, index) => {
      if (column.length !== rows)
        throw new OmniError(
          'internal',
          `column '${fields[index]?.name ?? ''}' holds another count`,
        );
      return column.build((fields[index] as Field).type as DataType);
    });
    const struct = arrow.makeData({
      type: new arrow.Struct(this.#schema.fields),
      length: rows,
      nullCount: 0,
      children,
    });
    return new arrow.Table([new arrow.RecordBatch(this.#schema, struct)]);
  }
}
