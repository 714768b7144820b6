import type { Row } from './row.js';
import type { TableReader } from './table-reader.js';

/**
 * A published table version `next` and what one write did to get it from `base`, for the read
 * caches of `base` (decoded columns, topology) to serve `next` instead of reading it again.
 */
export interface WrittenVersion {
  readonly base: TableReader;
  readonly next: TableReader;
  /**
   * When the write removed no row (it appended, merge-inserted or updated rows): the ids it
   * wrote. `next` holds exactly the ids of `base` and these.
   */
  readonly ids: readonly string[] | undefined;
  /**
   * When the write only appended rows: those rows, as written (a row's cells as `row.ts` encodes
   * them). Reading `next` unfiltered gives the rows of `base` in their order, then these in theirs.
   */
  readonly appended: readonly Row[] | undefined;
}
