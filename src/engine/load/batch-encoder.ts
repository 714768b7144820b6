import type { EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import { typeKey } from '../../compiler/catalog/catalog-lookup.js';
import { OmniError } from '../../util/omni-error.js';
import {
  encodeRows,
  schemaFromColumns,
  type ArrowRows,
  type ColumnSpec,
  type Row,
} from '../lance/index.js';
import type { LoadRecord } from './graph-batch-record.js';
import type { RecordBatch } from './record-batches.js';

/** The rows of one table in a batch of records, encoded as Arrow. */
export interface EncodedBatch {
  readonly key: string;
  readonly table: ArrowRows;
  readonly rows: number;
  /** Characters of the rows' input lines. */
  readonly chars: number;
  /** Positions in `table` of the rows whose id the load generated (`idSupplied` false). */
  readonly minted: readonly number[];
}

type ArrowSchema = ReturnType<typeof schemaFromColumns>;

/** The columns of the tables a load writes, by table key. */
export type TableColumns = Readonly<Record<string, readonly ColumnSpec[]>>;

/**
 * Encodes the records of a batch as Arrow, one table per type, as soon as they are parsed:
 * the rows are garbage at once, and what a window of a table holds until its write is Arrow,
 * several times smaller than rows as objects.
 */
export class BatchEncoder {
  readonly #tables: ReadonlyMap<
    string,
    { readonly columns: readonly ColumnSpec[]; readonly schema: ArrowSchema }
  >;

  constructor(columns: TableColumns) {
    this.#tables = new Map(
      Object.entries(columns).map(([key, specs]) => [
        key,
        { columns: specs, schema: schemaFromColumns(specs) },
      ]),
    );
  }

  /** The batch's rows per table, in order of first appearance, less the `skipped` records. */
  encode(
    batch: RecordBatch,
    skipped: (record: LoadRecord, key: string) => boolean,
  ): EncodedBatch[] {
    const groups = new Map<string, { rows: Row[]; chars: number; minted: number[] }>();
    batch.records.forEach((record, index) => {
      const key = tableKeyOf(record.type);
      if (skipped(record, key)) return;
      let group = groups.get(key);
      if (!group) {
        group = { rows: [], chars: 0, minted: [] };
        groups.set(key, group);
      }
      if (!record.idSupplied) group.minted.push(group.rows.length);
      group.rows.push(record.row);
      group.chars += batch.chars[index] ?? 0;
    });
    return [...groups].map(([key, { rows, chars, minted }]) => {
      const table = this.#tables.get(key);
      if (!table) throw new OmniError('internal', `no columns for table ${key} in the load`);
      return {
        key,
        table: encodeRows(table.schema, table.columns, rows),
        rows: rows.length,
        chars,
        minted,
      };
    });
  }
}

const tableKeys = new WeakMap<NodeType | EdgeType, string>();

/** The table key of a record's type, built once per type rather than once per record. */
export function tableKeyOf(type: NodeType | EdgeType): string {
  let key = tableKeys.get(type);
  if (key === undefined) {
    key = typeKey(type);
    tableKeys.set(type, key);
  }
  return key;
}
