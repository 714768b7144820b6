import type { Table as ArrowTable } from 'apache-arrow';
import type { Connection, Table as LanceTable } from '@lancedb/lancedb';
import { OmniError } from '../../util/omni-error.js';
import { columnsFromSchema } from './arrow-schema.js';
import type { ColumnSpec } from './column-spec.js';
import { filterSql, type Filter } from './filter.js';
import { withLanceError, type LanceContext } from './lance-error.js';
import { decodeColumns, type ColumnarRows } from './column-decoder.js';
import { decodeRows } from './row-decoder.js';
import type { Row } from './row.js';
import { listIndexes, type IndexInfo } from './table-indexes.js';
import { lanceBranch, type TablePin } from './table-pin.js';
import {
  textSearch,
  vectorSearch,
  type TextSearchRequest,
  type VectorSearchRequest,
} from './table-search.js';

/** A row's stable row id: kept across versions, and how rows are read again (`takeArrow`). */
export const ROW_ID_COLUMN = '_rowid';
/** The table version that created a row (this incarnation of its id). */
export const CREATED_AT_VERSION = '_row_created_at_version';
/** The table version that last wrote a row. */
export const UPDATED_AT_VERSION = '_row_last_updated_at_version';

/**
 * Lance's per-row metadata columns that can be selected in a scan. The version columns are
 * only correct on tables created with stable row ids, which every table of this layer is.
 */
export const ROW_METADATA_COLUMNS = [
  ROW_ID_COLUMN,
  CREATED_AT_VERSION,
  UPDATED_AT_VERSION,
] as const;

/**
 * Rows as the Arrow record batches Lance returns, for layers above this one (which never import
 * `apache-arrow` themselves).
 */
export type ArrowRows = ArrowTable;

/**
 * Rows per Arrow batch of a scan. Lance's default (1,024) makes collecting a large result
 * several times slower than the read itself (each batch crosses into JS on its own); a result
 * is collected whole anyway, so batches are as large as Lance's chunks allow.
 */
const SCAN_BATCH_ROWS = 1 << 20;

/** What to read in a scan. */
export interface ScanOptions {
  /** Rows to keep; all rows when absent. */
  readonly filter?: Filter;
  /** Columns to return, table columns or {@link ROW_METADATA_COLUMNS}; all table columns when absent. */
  readonly columns?: readonly string[];
  /** Maximum rows to return. */
  readonly limit?: number;
  /** Rows to skip first. */
  readonly offset?: number;
}

/**
 * A read-only view of one table at an exact (branch, version): it never sees later writes, so
 * it can be cached and shared by every reader of that pin.
 *
 * @example
 * const people = await tables.reader('Person', { branch: 'main', version: 7 });
 * const adults = await people.scan({ filter: where.ge('age', 18), columns: ['id', 'name'] });
 */
export interface TableReader {
  readonly name: string;
  readonly pin: TablePin;
  /** The table's columns at this version. */
  readonly columns: readonly ColumnSpec[];
  /** Rows matching `filter` (all rows when absent). */
  count(filter?: Filter): Promise<number>;
  /** Rows as plain objects; see {@link ScanOptions}. */
  scan(options?: ScanOptions): Promise<Row[]>;
  /** The same rows column by column: much faster to decode for large scans. */
  scanColumns(options?: ScanOptions): Promise<ColumnarRows>;
  /**
   * The same rows as Arrow record batches, exactly as Lance returns them (never decoded): for
   * moving rows to a table of the same schema (see `TableWriter.appendArrow`).
   */
  scanArrow(options?: ScanOptions): Promise<ArrowTable>;
  /**
   * Rows by stable row id (`_rowid` of a scan), as Arrow record batches in row-id order; ids
   * absent at this version are skipped. `columns` as in {@link ScanOptions}.
   */
  takeArrow(rowIds: readonly bigint[], columns?: readonly string[]): Promise<ArrowTable>;
  /**
   * The rows at offsets `from` … `to - 1` of an unfiltered scan of this version, as Arrow record
   * batches in scan order. Lance reads only the fragments holding them. `columns` as in
   * {@link ScanOptions}.
   */
  takeRangeArrow(from: number, to: number, columns?: readonly string[]): Promise<ArrowTable>;
  /** Indexes present at this version. */
  listIndexes(): Promise<IndexInfo[]>;
  /** Nearest rows to a vector (see `table-search.ts`), with `_distance`. */
  vectorSearch(request: VectorSearchRequest): Promise<Row[]>;
  /** Rows matching a full-text query through the column's inverted index, with `_score`. */
  textSearch(request: TextSearchRequest): Promise<Row[]>;
}

/** Opens a table at `pin`. Throws `not_found` for a missing table, branch or version. */
export async function openTableReader(
  connection: Connection,
  root: string,
  name: string,
  pin: TablePin,
): Promise<TableReader> {
  const context: LanceContext = { op: 'open', table: name, ...pin };
  return withLanceError(context, root, async () => {
    const table = await connection.openTable(name, undefined, {
      branch: lanceBranch(pin.branch),
      version: pin.version,
    });
    const schema = await table.schema();
    return new PinnedTableReader(table, root, name, pin, columnsFromSchema(schema));
  });
}

/**
 * The reader of a Lance table handle already at `pin` (a writer's, see `TableWriter.toReader`),
 * with the columns it has there.
 */
export function pinnedReader(
  table: LanceTable,
  root: string,
  name: string,
  pin: TablePin,
  columns: readonly ColumnSpec[],
): TableReader {
  return new PinnedTableReader(table, root, name, pin, columns);
}

class PinnedTableReader implements TableReader {
  readonly #table: LanceTable;
  readonly #root: string;
  readonly name: string;
  readonly pin: TablePin;
  readonly columns: readonly ColumnSpec[];

  constructor(
    table: LanceTable,
    root: string,
    name: string,
    pin: TablePin,
    columns: readonly ColumnSpec[],
  ) {
    this.#table = table;
    this.#root = root;
    this.name = name;
    this.pin = pin;
    this.columns = columns;
  }

  async count(filter?: Filter): Promise<number> {
    const sql = filter === undefined ? undefined : filterSql(filter);
    return this.#lance('count', () => this.#table.countRows(sql));
  }

  async scan(options: ScanOptions = {}): Promise<Row[]> {
    return decodeRows(await this.scanArrow(options));
  }

  async scanColumns(options: ScanOptions = {}): Promise<ColumnarRows> {
    return decodeColumns(await this.scanArrow(options));
  }

  async scanArrow(options: ScanOptions = {}): Promise<ArrowTable> {
    let query = this.#table.query().select(this.#readable(options.columns));
    if (options.filter !== undefined) query = query.where(filterSql(options.filter));
    if (options.limit !== undefined) query = query.limit(checkCount(options.limit, 'limit'));
    if (options.offset !== undefined) query = query.offset(checkCount(options.offset, 'offset'));
    return this.#lance('scan', () => query.toArrow({ maxBatchLength: SCAN_BATCH_ROWS }));
  }

  async takeArrow(rowIds: readonly bigint[], columns?: readonly string[]): Promise<ArrowTable> {
    const query = this.#table.takeRowIds(rowIds).select(this.#readable(columns));
    return this.#lance('take', () => query.toArrow({ maxBatchLength: SCAN_BATCH_ROWS }));
  }

  async takeRangeArrow(from: number, to: number, columns?: readonly string[]): Promise<ArrowTable> {
    const length = checkCount(to, 'range end') - checkCount(from, 'range start');
    if (length < 0)
      throw new OmniError('bad_request', `range ${from} … ${to} ends before it starts`);
    const offsets = Array.from({ length }, (_, index) => from + index);
    const query = this.#table.takeOffsets(offsets).select(this.#readable(columns));
    return this.#lance('take', () => query.toArrow({ maxBatchLength: SCAN_BATCH_ROWS }));
  }

  async listIndexes(): Promise<IndexInfo[]> {
    return this.#lance('list indexes', () => listIndexes(this.#table));
  }

  async vectorSearch(request: VectorSearchRequest): Promise<Row[]> {
    this.#checkReadable([request.column, ...request.columns]);
    return this.#lance('vector search', () => vectorSearch(this.#table, request));
  }

  async textSearch(request: TextSearchRequest): Promise<Row[]> {
    this.#checkReadable([request.column, ...request.columns]);
    return this.#lance('full-text search', () => textSearch(this.#table, request));
  }

  /** The columns to read (all table columns when absent), each checked. */
  #readable(columns: readonly string[] | undefined): string[] {
    const wanted = columns ?? this.columns.map((column) => column.name);
    this.#checkReadable(wanted);
    return [...wanted];
  }

  #checkReadable(columns: readonly string[]): void {
    const readable = new Set<string>([
      ...this.columns.map((column) => column.name),
      ...ROW_METADATA_COLUMNS,
    ]);
    const unknown = columns.filter((column) => !readable.has(column));
    if (unknown.length > 0) {
      throw new OmniError(
        'bad_request',
        `table '${this.name}' has no column '${unknown.join("', '")}'`,
        {
          details: { table: this.name, columns: unknown },
        },
      );
    }
  }

  #lance<T>(op: string, call: () => Promise<T>): Promise<T> {
    return withLanceError({ op, table: this.name, ...this.pin }, this.#root, call);
  }
}

function checkCount(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new OmniError('bad_request', `${what} must be a non-negative integer, not ${value}`);
  }
  return value;
}
