import type { Data, DataType, Schema, Table } from 'apache-arrow';
import { OmniError } from '../../util/omni-error.js';
import { arrow } from './arrow-module.js';
import { arrowTypeName } from './arrow-schema.js';

/**
 * Arrow record batches of another table, checked against a table's schema and re-labelled with
 * it, so that they can be appended without decoding a row. The check is per column, never per
 * cell: the same column names in the same order, the same Arrow types and nullability, and no
 * null in a column that is not nullable. The batches are taken as they are (field metadata
 * such as the primary-key marker comes from `schema`); values are trusted to have passed the
 * cell checks when they were first written, which holds for rows scanned from a table.
 *
 * @param schema the target table's Arrow schema, as Lance returns it
 * @param data rows with the same columns, e.g. a `TableReader.scanArrow` of a table of the same
 *   type
 * @throws OmniError `bad_request` naming the first column that differs
 */
export function relabelBatches(table: string, schema: Schema, data: Table): Table {
  checkSameColumns(table, schema, data.schema);
  const batches = data.batches.map((batch) => {
    const struct = arrow.makeData({
      type: new arrow.Struct(schema.fields),
      length: batch.numRows,
      nullCount: 0,
      children: batch.data.children,
    });
    return new arrow.RecordBatch(schema, struct);
  });
  checkRequiredColumns(table, schema, batches);
  return new arrow.Table(schema, batches);
}

function checkSameColumns(table: string, expected: Schema, actual: Schema): void {
  const describe = (schema: Schema): string[] =>
    schema.fields.map(
      (field) =>
        `${field.name} ${arrowTypeName(field.type as DataType)}${field.nullable ? '' : ' not null'}`,
    );
  const want = describe(expected);
  const got = describe(actual);
  const at = want.findIndex((column, index) => column !== got[index]);
  if (at === -1 && want.length === got.length) return;
  const index = at === -1 ? want.length : at;
  throw new OmniError(
    'bad_request',
    `rows for table '${table}' do not have its columns: column ${index + 1} is '${got[index] ?? '(none)'}', expected '${want[index] ?? '(none)'}'`,
    { details: { table, expected: want, actual: got } },
  );
}

function checkRequiredColumns(
  table: string,
  schema: Schema,
  batches: readonly { readonly data: Data }[],
): void {
  schema.fields.forEach((field, index) => {
    if (field.nullable) return;
    const nulls = batches.some((batch) => (batch.data.children[index]?.nullCount ?? 0) > 0);
    if (nulls) {
      throw new OmniError(
        'bad_request',
        `rows for table '${table}' have a null in column '${field.name}', which is not nullable`,
        { details: { table, column: field.name } },
      );
    }
  });
}
