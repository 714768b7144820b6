import type { Data, DataType, Table } from 'apache-arrow';
import { arrow } from './arrow-module.js';
import { decodeRows } from './row-decoder.js';
import type { Cell } from './row.js';
import { recordSharedStrings, StringSharer } from './shared-strings.js';

/** A scan result column by column: `columns[name][i]` is row `i`'s cell (see `row.ts`). */
export interface ColumnarRows {
  readonly length: number;
  readonly columns: Readonly<Record<string, readonly Cell[]>>;
}

/**
 * Decodes an Arrow result column by column, in the cell encoding of `row.ts`. Strings are cut
 * straight from the UTF-8 buffer (equal ones shared while few are distinct) and fixed-width
 * numbers read from their typed arrays, several times faster than row objects through Arrow's
 * getters; other types use the row decoder.
 */
export function decodeColumns(table: Table): ColumnarRows {
  const columns: Record<string, Cell[]> = {};
  for (const field of table.schema.fields) {
    columns[field.name] = decodeColumn(table, field.name, field.type as DataType);
  }
  return { length: table.numRows, columns };
}

function decodeColumn(table: Table, name: string, type: DataType): Cell[] {
  if (arrow.DataType.isUtf8(type)) return decodeStrings(table, name);
  const fast = fastReader(type);
  if (fast === undefined) return decodeRows(table.select([name])).map((row) => row[name] ?? null);
  const cells: Cell[] = [];
  const chunks = (table.getChild(name)?.data ?? []) as readonly Data[];
  for (const data of chunks) {
    const read = fast(data);
    for (let slot = 0; slot < data.length; slot += 1) {
      cells.push(isValid(data, slot) ? read(slot) : null);
    }
  }
  return cells;
}

/**
 * A UTF-8 column, each string cut straight from the buffer; equal strings shared while the
 * column has few distinct values (see {@link StringSharer}).
 */
function decodeStrings(table: Table, name: string): Cell[] {
  const cells: Cell[] = [];
  const sharer = new StringSharer();
  for (const data of (table.getChild(name)?.data ?? []) as readonly Data[]) {
    const offsets = data.valueOffsets as Int32Array;
    const values = data.values as Uint8Array;
    const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
    for (let slot = 0; slot < data.length; slot += 1) {
      cells.push(
        isValid(data, slot)
          ? sharer.share(bytes.toString('utf8', offsets[slot] ?? 0, offsets[slot + 1] ?? 0))
          : null,
      );
    }
  }
  const { distinctBytes } = sharer;
  if (distinctBytes !== undefined) recordSharedStrings(cells, distinctBytes);
  return cells;
}

type SlotReader = (slot: number) => Cell;

function fastReader(type: DataType): ((data: Data) => SlotReader) | undefined {
  if (arrow.DataType.isFloat(type) && type.precision !== arrow.Precision.HALF) {
    return (data) => {
      const values = data.values as Float32Array | Float64Array;
      return (slot) => values[slot] ?? null;
    };
  }
  if (arrow.DataType.isInt(type) && type.bitWidth === 32) {
    return (data) => {
      const values = data.values as Int32Array | Uint32Array;
      return (slot) => values[slot] ?? null;
    };
  }
  if (arrow.DataType.isInt(type) && type.bitWidth === 64) {
    return (data) => {
      const values = data.values as BigInt64Array | BigUint64Array;
      return (slot) => values[slot] ?? null;
    };
  }
  return undefined;
}

function isValid(data: Data, slot: number): boolean {
  if (data.nullCount === 0) return true;
  const bitmap = data.nullBitmap as Uint8Array | undefined;
  if (bitmap === undefined || bitmap.length === 0) return true;
  const bit = data.offset + slot;
  return ((bitmap[bit >> 3] ?? 0) & (1 << (bit & 7))) !== 0;
}
