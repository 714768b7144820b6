import type { Data, Table } from 'apache-arrow';
import { arrow } from './arrow-module.js';

// Columns of a scan result read as the Arrow buffers they are, chunk by chunk, for callers that
// would otherwise decode millions of cells only to compare or index them.

/**
 * One chunk of a UTF-8 column as Arrow holds it: row `i`'s bytes are
 * `values[offsets[i]] … values[offsets[i + 1] - 1]`. Reading ids as bytes lets a caller that
 * only compares them (the topology index numbering ten million edge endpoints) skip making a
 * string of each.
 */
export interface Utf8Chunk {
  readonly length: number;
  readonly offsets: Int32Array;
  readonly values: Uint8Array;
}

/**
 * The chunks of the UTF-8 column `name` of a scan result, in row order; undefined when the
 * column is missing, is not plain UTF-8, or holds a NULL.
 */
export function utf8Chunks(table: Table, name: string): Utf8Chunk[] | undefined {
  const field = table.schema.fields.find((candidate) => candidate.name === name);
  if (field === undefined || !arrow.DataType.isUtf8(field.type)) return undefined;
  const chunks: Utf8Chunk[] = [];
  for (const data of (table.getChild(name)?.data ?? []) as readonly Data[]) {
    if (data.nullCount > 0) return undefined;
    chunks.push({
      length: data.length,
      offsets: data.valueOffsets as Int32Array,
      values: data.values as Uint8Array,
    });
  }
  return chunks;
}

/**
 * Calls `visit` with each string of UTF-8 chunks, in row order, with its chunk and slot: one
 * string made per row, straight from the bytes.
 */
export function eachUtf8(
  chunks: readonly Utf8Chunk[],
  visit: (text: string, chunk: number, slot: number) => void,
): void {
  chunks.forEach(({ length, offsets, values }, chunk) => {
    const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
    for (let slot = 0; slot < length; slot += 1)
      visit(bytes.toString('utf8', offsets[slot], offsets[slot + 1]), chunk, slot);
  });
}

/**
 * The chunks of the 64-bit unsigned column `name` of a scan result (such as `_rowid`), in row
 * order and aligned with {@link utf8Chunks} of the same result; undefined when the column is
 * missing, of another type, or holds a NULL.
 */
export function uint64Chunks(table: Table, name: string): BigUint64Array[] | undefined {
  const field = table.schema.fields.find((candidate) => candidate.name === name);
  if (field === undefined || !arrow.DataType.isInt(field.type)) return undefined;
  if (field.type.bitWidth !== 64 || field.type.isSigned) return undefined;
  const chunks: BigUint64Array[] = [];
  for (const data of (table.getChild(name)?.data ?? []) as readonly Data[]) {
    if (data.nullCount > 0) return undefined;
    chunks.push(data.values as BigUint64Array);
  }
  return chunks;
}
