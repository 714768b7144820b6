import type { DataType, RecordBatch, Table, Vector } from 'apache-arrow';
import { assertNever } from '../../util/assert-never.js';
import { OmniError } from '../../util/omni-error.js';
import { arrow } from './arrow-module.js';
import { arrowTypeName, scalarKindOf } from './arrow-schema.js';
import { rowPlaces } from './row-places.js';
import type { Cell, Row } from './row.js';

const MS_PER_DAY = 86_400_000;

/** Turns the value Arrow's `get` returns for one slot into a {@link Cell}. */
type CellReader = (value: unknown) => Cell;

/**
 * Decodes an Arrow result into plain rows with the stable encoding of {@link Cell}: bigint for
 * 64-bit integers (including Lance's `_rowid` and row-version columns), epoch days for `date32`,
 * epoch milliseconds for `date64`, arrays for lists and vectors, copied bytes for binaries.
 * Rows are ordinary objects (no Arrow proxies), so they can be stored, compared and serialized.
 */
export function decodeRows(table: Table): Row[] {
  const columns = columnReaders(table);
  const rows: Row[] = [];
  for (const batch of table.batches) {
    const slots = slotReaders(columns, batch);
    for (let slot = 0; slot < batch.numRows; slot += 1) rows.push(rowAt(slots, slot));
  }
  return rows;
}

/**
 * Decodes the rows of an Arrow result one at a time, by position (0 to `numRows - 1`, across its
 * batches), as {@link decodeRows} does: for a caller that needs a few of many rows, or all of
 * them a few at a time, so that no array of every row is ever made.
 */
export function rowDecoder(table: Table): (position: number) => Row {
  const columns = columnReaders(table);
  const batches = table.batches.map((batch) => slotReaders(columns, batch));
  const places = rowPlaces(table);
  return (position) => {
    const inRange = position >= 0 && position < table.numRows;
    const slots = inRange ? batches[places.batch[position] ?? 0] : undefined;
    if (slots === undefined)
      throw new OmniError('internal', `no row ${position} in a result of ${table.numRows} rows`);
    return rowAt(slots, places.slot[position] ?? 0);
  };
}

interface ColumnReader {
  readonly name: string;
  readonly read: CellReader;
}

interface SlotReader {
  readonly name: string;
  readonly read: (slot: number) => Cell;
}

function columnReaders(table: Table): ColumnReader[] {
  return table.schema.fields.map((field) => ({
    name: field.name,
    read: cellReader(field.type as DataType, field.name),
  }));
}

function slotReaders(columns: readonly ColumnReader[], batch: RecordBatch): SlotReader[] {
  return columns.map((column, index) => {
    const vector = batch.getChildAt(index);
    const slotOf = (slot: number): Cell => {
      const value: unknown = vector?.get(slot);
      return value === null || value === undefined ? null : column.read(value);
    };
    return { name: column.name, read: (vector && floatVectorSlots(vector)) ?? slotOf };
  });
}

function rowAt(slots: readonly SlotReader[], slot: number): Row {
  const row: Record<string, Cell> = {};
  for (const { name, read } of slots) row[name] = read(slot);
  return row;
}

/**
 * Reads float32 vectors straight from the child buffer. Arrow's `get` builds a sub-vector per
 * row and iterates it element by element, which made decoding embeddings dominate scans.
 */
function floatVectorSlots(vector: Vector): ((slot: number) => Cell) | undefined {
  const data = vector.data.length === 1 ? vector.data[0] : undefined;
  const type = data?.type as DataType | undefined;
  if (data === undefined || type === undefined || !arrow.DataType.isFixedSizeList(type)) {
    return undefined;
  }
  const child = data.children[0];
  if (child === undefined || !(child.values instanceof Float32Array)) return undefined;
  // Arrow slices a child's values buffer along with it; offsets only index validity bitmaps.
  const values = child.values;
  const dimension = type.listSize;
  const mayHaveNulls = data.nullCount !== 0;
  return (slot) => {
    if (mayHaveNulls && !vector.isValid(slot)) return null;
    // A plain loop: `Array.from` on a typed array is several times slower.
    const elements: number[] = [];
    for (let index = slot * dimension, end = index + dimension; index < end; index += 1) {
      elements.push(values[index] ?? 0);
    }
    return elements;
  };
}

function cellReader(type: DataType, column: string): CellReader {
  if (arrow.DataType.isList(type) || arrow.DataType.isFixedSizeList(type)) {
    const element = type.children[0]?.type as DataType | undefined;
    if (element === undefined) throw unsupported(type, column);
    const readElement = cellReader(element, column);
    return (value) =>
      Array.from(value as Iterable<unknown>, (item) =>
        item === null || item === undefined ? null : readElement(item),
      );
  }
  if (arrow.DataType.isLargeUtf8(type)) return (value) => value as string;
  if (arrow.DataType.isBinary(type)) return copyBytes;
  // Lance reports `_distance` and `_score` as Float32 and version columns as UInt64: all scalars.
  const kind = scalarKindOf(type);
  if (kind === undefined) throw unsupported(type, column);
  switch (kind) {
    case 'utf8':
    case 'bool':
    case 'int32':
    case 'uint32':
    case 'float32':
    case 'float64':
    case 'int64':
    case 'uint64':
    case 'date64':
      // Arrow already gives string, boolean, number, bigint (64-bit) and epoch-ms numbers.
      return (value) => value as Cell;
    case 'date32':
      // Arrow's DateDay getter returns epoch milliseconds; the row encoding is days.
      return (value) => (value as number) / MS_PER_DAY;
    case 'large_binary':
      return copyBytes;
    default:
      return assertNever(kind, 'scalar kind');
  }
}

/** Arrow returns a view into the batch buffer; a copy does not pin the whole batch. */
function copyBytes(value: unknown): Cell {
  return (value as Uint8Array).slice();
}

function unsupported(type: DataType, column: string): OmniError {
  const name = arrowTypeName(type);
  return new OmniError('internal', `cannot decode column '${column}' of Arrow type ${name}`, {
    details: { column, arrowType: name },
  });
}
