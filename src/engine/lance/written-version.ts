import type { Row } from './row.js';
import type { TableReader } from './table-reader.js';

/** A row one write wrote to a table, as written (a row's cells as `row.ts` encodes them). */
export interface WrittenRow {
  readonly row: Row;
  /**
   * True when it was merge-inserted: it replaces the row holding its id, if there is one (Lance
   * deletes that row and writes this one after the table's other rows). False when appended:
   * its id is new to the table.
   */
  readonly merged: boolean;
}

/**
 * A published table version `next` and what one write did to get it from `base`, for the read
 * caches of `base` (decoded columns, topology, ids) to serve `next` instead of reading it again.
 */
export interface WrittenVersion {
  readonly base: TableReader;
  readonly next: TableReader;
  /**
   * The rows the write appended and merge-inserted, in order; it removed none (a write that
   * did, or wrote too many to keep, is not told of). `next` holds the rows of `base`, each
   * replaced by the last row written with its id, and the rows of new ids. When none was
   * merged, reading `next` unfiltered gives the rows of `base` in their order, then these in
   * theirs.
   */
  readonly rows: readonly WrittenRow[];
}
