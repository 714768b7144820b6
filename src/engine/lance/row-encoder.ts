import type { Schema, Table } from 'apache-arrow';
import { OmniError } from '../../util/omni-error.js';
import { arrow } from './arrow-module.js';
import { encodeColumn } from './column-encoder.js';
import type { ColumnSpec } from './column-spec.js';
import type { Row } from './row.js';

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
  for (let index = 0; index < rows.length; index += 1) {
    const row = rows[index] ?? {};
    for (const key in row) {
      if (!known.has(key)) {
        throw new OmniError('bad_request', `row ${index} has column '${key}' the table lacks`, {
          details: { column: key, row: index },
        });
      }
    }
  }
}
