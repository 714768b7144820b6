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
 * The endpoints of edges, as parallel lists: edge `i` goes from `src[i]` to `dst[i]`.
 */
export interface EdgeEnds {
  readonly src: readonly string[];
  readonly dst: readonly string[];
}

/**
 * Rows a delete removes, as the write knows them: their ids, and for edges their endpoints
 * (`undefined` when not known), in the same order.
 */
export interface RemovedRows {
  readonly ids: readonly string[];
  readonly ends: EdgeEnds | undefined;
}

/**
 * A published table version `next` and what one write did to get it from `base`, for the read
 * caches of `base` (decoded columns, topology, ids) to serve `next` instead of reading it again.
 */
export interface WrittenVersion {
  readonly base: TableReader;
  readonly next: TableReader;
  /**
   * The rows the write appended and merge-inserted, in order; it removed none but
   * {@link removedIds}, first (a write that removed others, or wrote too many to keep, is not
   * told of). `next` holds the rows of `base`, each replaced by the last row written with its
   * id, and the rows of new ids. When none was merged, reading `next` unfiltered gives the rows
   * of `base` in their order, then these in theirs.
   */
  readonly rows: readonly WrittenRow[];
  /**
   * The edges the write removed from an edge table before writing `rows`, by their endpoints,
   * when it knew them and Lance removed exactly that many rows (see
   * `SessionTable.removedEdges`). With them, `next` holds the rows of `base` but those edges, in
   * their order, then the rows written; `rows` alone describe a write that removed nothing.
   */
  readonly removedEdges?: EdgeEnds;
  /**
   * The ids of the rows the write removed before writing `rows`, when it removed them by id
   * and Lance removed exactly that many rows. With them, `next` holds the rows of `base` but
   * those, in their order, then the rows written.
   */
  readonly removedIds?: readonly string[];
}
