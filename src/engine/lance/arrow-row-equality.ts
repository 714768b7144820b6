import type { Data } from 'apache-arrow';
import type { ColumnSpec } from './column-spec.js';
import { rowPlaces } from './row-places.js';
import type { ArrowRows } from './table-reader.js';

/** Whether row `left` of one Arrow result holds the same values as row `right` of another. */
export type RowEquality = (left: number, right: number) => boolean;

/** Whether slot `left` of one column chunk holds the same value as slot `right` of another. */
type SlotEquality = (left: Data, leftSlot: number, right: Data, rightSlot: number) => boolean;

/**
 * The equality of rows of two Arrow results of a table (`columns`, in any order in either) that
 * `sameStoredRow` computes on decoded rows, read straight from the results' buffers: strings
 * byte by byte, numbers as stored (floats by IEEE total order, as `cellsEqual` compares them:
 * -0 and +0 differ, NaN equals NaN), vectors element by element, nulls equal to nulls only.
 * Decoding both rows to compare them took most of a merge's comparison time (1.1M rows: ~2.5 s
 * of decoding and its garbage). Undefined when a column is of a type it does not read (lists,
 * binaries) or laid out otherwise than the encoder writes it: the caller decodes those rows.
 */
export function arrowRowEquality(
  columns: readonly ColumnSpec[],
  left: ArrowRows,
  right: ArrowRows,
): RowEquality | undefined {
  const leftPlaces = rowPlaces(left);
  const rightPlaces = rowPlaces(right);
  const compared: {
    readonly same: SlotEquality;
    readonly left: readonly Data[];
    readonly right: readonly Data[];
  }[] = [];
  for (const column of columns) {
    const leftChunks = columnChunks(left, column.name);
    const rightChunks = columnChunks(right, column.name);
    const same = slotEquality(column);
    if (!leftChunks || !rightChunks || !same) return undefined;
    if (![...leftChunks, ...rightChunks].every((data) => laidOutAsEncoded(column, data)))
      return undefined;
    compared.push({ same: withNulls(same), left: leftChunks, right: rightChunks });
  }
  return (leftRow, rightRow) => {
    const leftBatch = leftPlaces.batch[leftRow] ?? 0;
    const leftSlot = leftPlaces.slot[leftRow] ?? 0;
    const rightBatch = rightPlaces.batch[rightRow] ?? 0;
    const rightSlot = rightPlaces.slot[rightRow] ?? 0;
    for (const { same, left: leftData, right: rightData } of compared) {
      const l = leftData[leftBatch];
      const r = rightData[rightBatch];
      if (l === undefined || r === undefined || !same(l, leftSlot, r, rightSlot)) return false;
    }
    return true;
  };
}

/** The column's data, one chunk per batch; undefined when a batch lacks it. */
function columnChunks(rows: ArrowRows, name: string): Data[] | undefined {
  const index = rows.schema.fields.findIndex((field) => field.name === name);
  if (index < 0) return undefined;
  const chunks: Data[] = [];
  for (const batch of rows.batches) {
    const data = batch.data.children[index] as Data | undefined;
    if (data === undefined) return undefined;
    chunks.push(data);
  }
  return chunks;
}

/** A slot equality that first compares validity: a null equals a null only. */
function withNulls(same: SlotEquality): SlotEquality {
  return (left, leftSlot, right, rightSlot) => {
    const leftValid = left.nullCount === 0 || left.getValid(leftSlot);
    const rightValid = right.nullCount === 0 || right.getValid(rightSlot);
    if (!leftValid || !rightValid) return leftValid === rightValid;
    return same(left, leftSlot, right, rightSlot);
  };
}

/** How values of the column's type compare, non-null; undefined for a type not read here. */
function slotEquality(column: ColumnSpec): SlotEquality | undefined {
  const type = column.type;
  switch (type.kind) {
    case 'utf8':
      return sameUtf8;
    case 'bool':
      return sameBool;
    case 'int32':
    case 'uint32':
    case 'date32':
    case 'int64':
    case 'uint64':
    case 'date64':
      return (left, leftSlot, right, rightSlot) =>
        (left.values as IntegerValues)[leftSlot] === (right.values as IntegerValues)[rightSlot];
    case 'float32':
    case 'float64':
      return (left, leftSlot, right, rightSlot) =>
        Object.is((left.values as FloatValues)[leftSlot], (right.values as FloatValues)[rightSlot]);
    case 'fixed_size_list':
      return sameVectors(type.dimension);
    case 'list':
    case 'large_binary':
      return undefined;
  }
}

type IntegerValues = Int32Array | Uint32Array | BigInt64Array | BigUint64Array;
type FloatValues = Float32Array | Float64Array;

/**
 * Whether `data` holds the column's values as the comparisons above read them: one value per
 * slot in a typed array of the type's width (Arrow slices such values along with the data),
 * strings as 32-bit offsets into bytes, vectors as a child of float32 elements.
 */
function laidOutAsEncoded(column: ColumnSpec, data: Data): boolean {
  const values: unknown = data.values;
  switch (column.type.kind) {
    case 'utf8':
      return data.valueOffsets instanceof Int32Array && values instanceof Uint8Array;
    case 'bool':
      return values instanceof Uint8Array;
    case 'int32':
    case 'date32':
      return values instanceof Int32Array;
    case 'uint32':
      return values instanceof Uint32Array;
    case 'int64':
    case 'date64':
      return values instanceof BigInt64Array;
    case 'uint64':
      return values instanceof BigUint64Array;
    case 'float32':
      return values instanceof Float32Array;
    case 'float64':
      return values instanceof Float64Array;
    case 'fixed_size_list':
      return (data.children[0] as Data | undefined)?.values instanceof Float32Array;
    case 'list':
    case 'large_binary':
      return false;
  }
}

/** Strings: the same UTF-8 bytes (offsets are sliced with the data; the bytes are not). */
function sameUtf8(left: Data, leftSlot: number, right: Data, rightSlot: number): boolean {
  const leftOffsets = left.valueOffsets as Int32Array;
  const rightOffsets = right.valueOffsets as Int32Array;
  const leftStart = leftOffsets[leftSlot] ?? 0;
  const rightStart = rightOffsets[rightSlot] ?? 0;
  const length = (leftOffsets[leftSlot + 1] ?? 0) - leftStart;
  if (length !== (rightOffsets[rightSlot + 1] ?? 0) - rightStart) return false;
  const leftBytes = left.values as Uint8Array;
  const rightBytes = right.values as Uint8Array;
  for (let index = 0; index < length; index += 1) {
    if (leftBytes[leftStart + index] !== rightBytes[rightStart + index]) return false;
  }
  return true;
}

/** Booleans: bits of a bitmap that Arrow does not slice, counted from the data's offset. */
function sameBool(left: Data, leftSlot: number, right: Data, rightSlot: number): boolean {
  return bitAt(left, leftSlot) === bitAt(right, rightSlot);
}

function bitAt(data: Data, slot: number): number {
  const bit = data.offset + slot;
  return ((data.values as Uint8Array)[bit >> 3] ?? 0) & (1 << (bit & 7)) ? 1 : 0;
}

/** Vectors: `dimension` float32 elements each, in the child's values (sliced with the list). */
function sameVectors(dimension: number): SlotEquality {
  return (left, leftSlot, right, rightSlot) => {
    const leftValues = (left.children[0] as Data).values as Float32Array;
    const rightValues = (right.children[0] as Data).values as Float32Array;
    const leftStart = leftSlot * dimension;
    const rightStart = rightSlot * dimension;
    for (let index = 0; index < dimension; index += 1) {
      if (!Object.is(leftValues[leftStart + index], rightValues[rightStart + index])) return false;
    }
    return true;
  };
}
