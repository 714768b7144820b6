import {
  arrow,
  type ArrowRows,
  decodeColumns,
  decodeRows,
  ID_COLUMN,
  type Row,
  ROW_ID_COLUMN,
  type TableReader,
} from '../lance/index.js';

/**
 * Rows read from a pinned table, kept as the Arrow batches Lance returned: never decoded into
 * objects unless asked, so that a merge can append them to a table of the same type as they
 * are. Only their entity ids and stable row ids are decoded.
 */
export class PinnedRows {
  /** No row. */
  static readonly NONE = new PinnedRows(null, new arrow.Table());

  /** The table the rows were read from; null only for {@link PinnedRows.NONE}. */
  readonly #reader: TableReader | null;
  /** The rows: the table's columns, in the table's order. */
  readonly data: ArrowRows;
  /** The id and row id columns, decoded on first use. */
  readonly #keys: ArrowRows;
  #decoded: { readonly ids: readonly string[]; readonly rowIds: readonly bigint[] } | undefined;

  private constructor(reader: TableReader | null, scanned: ArrowRows) {
    this.#reader = reader;
    this.#keys = scanned.select([ID_COLUMN, ROW_ID_COLUMN]);
    this.data = reader === null ? scanned : scanned.select(reader.columns.map((c) => c.name));
  }

  /** The columns a scan of `reader` must return for {@link PinnedRows.of}. */
  static columns(reader: TableReader): string[] {
    return [...reader.columns.map((column) => column.name), ROW_ID_COLUMN];
  }

  /** Rows scanned from `reader` with (at least) {@link PinnedRows.columns}; extra columns are dropped. */
  static of(reader: TableReader, scanned: ArrowRows): PinnedRows {
    return new PinnedRows(reader, scanned);
  }

  get size(): number {
    return this.data.numRows;
  }

  /** Their entity ids, in row order. */
  get ids(): readonly string[] {
    return this.#keysDecoded().ids;
  }

  /** Ids and row ids, decoded only when asked: appending the rows never needs them. */
  #keysDecoded(): { readonly ids: readonly string[]; readonly rowIds: readonly bigint[] } {
    if (this.#decoded === undefined) {
      const keys = decodeColumns(this.#keys).columns;
      this.#decoded = {
        ids: (keys[ID_COLUMN] ?? []) as readonly string[],
        rowIds: (keys[ROW_ID_COLUMN] ?? []) as readonly bigint[],
      };
    }
    return this.#decoded;
  }

  /** The rows as objects by id (for comparison, validation and output, never for writing). */
  rows(): Map<string, Row> {
    return new Map(decodeRows(this.data).map((row) => [row[ID_COLUMN] as string, row]));
  }

  /**
   * The rows `keep` accepts (given each row's id and position): these same rows when it accepts
   * all, else the accepted ones read again from the table by row id.
   */
  async filter(keep: (id: string, slot: number) => boolean): Promise<PinnedRows> {
    const { ids, rowIds } = this.#keysDecoded();
    const kept = rowIds.filter((_, slot) => keep(ids[slot] ?? '', slot));
    const reader = this.#reader;
    // NONE (the only rows without a reader) has no row, so it always keeps all.
    if (kept.length === this.size || reader === null) return this;
    if (kept.length === 0) return PinnedRows.NONE;
    return PinnedRows.of(reader, await reader.takeArrow(kept, PinnedRows.columns(reader)));
  }
}
