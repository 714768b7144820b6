import type { Builder, Data, DataType, Field, FixedSizeList, Schema, Table } from 'apache-arrow';
import { OmniError } from '../../util/omni-error.js';
import { arrow } from './arrow-module.js';
import { checkCell, type CheckedCell } from './cell-check.js';
import type { ColumnSpec } from './column-spec.js';
import type { Row } from './row.js';

const MS_PER_DAY = 86_400_000;

/**
 * Encodes plain rows as one Arrow record batch with the table's explicit schema (never inferred:
 * inference would turn every number into Float64 and vectors into lists). Every value is checked
 * first; a row with a column the table lacks is rejected rather than silently dropped.
 *
 * @param schema the table's Arrow schema, as Lance returns it (field metadata included)
 * @param columns the same schema as column specs, in the same order
 */
export function encodeRows(
  schema: Schema,
  columns: readonly ColumnSpec[],
  rows: readonly Row[],
): Table {
  rejectUnknownColumns(columns, rows);
  const children = schema.fields.map((field, index) => {
    const column = columns[index];
    if (column?.name !== field.name) {
      throw new OmniError('internal', `column specs do not match the schema at '${field.name}'`);
    }
    return encodeColumn(field, column, rows);
  });
  const struct = arrow.makeData({
    type: new arrow.Struct(schema.fields),
    length: rows.length,
    nullCount: 0,
    children,
  });
  return new arrow.Table([new arrow.RecordBatch(schema, struct)]);
}

function rejectUnknownColumns(columns: readonly ColumnSpec[], rows: readonly Row[]): void {
  const known = new Set(columns.map((column) => column.name));
  rows.forEach((row, index) => {
    for (const key of Object.keys(row)) {
      if (!known.has(key)) {
        throw new OmniError('bad_request', `row ${index} has column '${key}' the table lacks`, {
          details: { column: key, row: index },
        });
      }
    }
  });
}

function encodeColumn(field: Field, column: ColumnSpec, rows: readonly Row[]): Data {
  const type = field.type as DataType;
  if (arrow.DataType.isFixedSizeList(type)) return encodeVectors(type, column, rows);
  const builder = arrow.makeBuilder({ type, nullValues: [null] }) as Builder<DataType>;
  const isDate32 = column.type.kind === 'date32';
  const isDate32List = column.type.kind === 'list' && column.type.element.kind === 'date32';
  rows.forEach((row, index) => {
    const cell = checkCell(column, row[column.name], index);
    if (isDate32) builder.append(toDateDayInput(cell));
    else if (isDate32List && Array.isArray(cell)) builder.append(cell.map(toDateDayInput));
    else builder.append(cell);
  });
  builder.finish();
  return builder.flush();
}

/** Arrow's DateDay builder takes epoch milliseconds and stores days. */
function toDateDayInput(cell: CheckedCell): CheckedCell {
  return typeof cell === 'number' ? cell * MS_PER_DAY : cell;
}

/**
 * Vectors are written straight into one Float32Array: it is the bulk-load hot path, and the
 * generic builder copies element by element through its visitor.
 */
function encodeVectors(type: FixedSizeList, column: ColumnSpec, rows: readonly Row[]): Data {
  const dimension = type.listSize;
  const values = new Float32Array(rows.length * dimension);
  const validity = new Uint8Array(Math.ceil(rows.length / 8));
  let nullCount = 0;
  rows.forEach((row, index) => {
    const cell = checkCell(column, row[column.name], index);
    if (cell === null) {
      nullCount += 1;
      return;
    }
    values.set(cell as readonly number[], index * dimension);
    const byte = index >> 3;
    validity[byte] = (validity[byte] ?? 0) | (1 << (index & 7));
  });
  const child = arrow.makeData({
    type: new arrow.Float32(),
    length: values.length,
    nullCount: 0,
    data: values,
  });
  return arrow.makeData({
    type,
    length: rows.length,
    nullCount,
    nullBitmap: nullCount > 0 ? validity : null,
    child,
  });
}
