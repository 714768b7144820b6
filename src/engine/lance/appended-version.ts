import type { Row } from './row.js';
import type { TableReader } from './table-reader.js';

/**
 * A published table version that only appended rows to another: reading `next` unfiltered gives
 * the rows of `base` in their order, then `rows` in theirs. Caches of `base` (decoded columns,
 * topology) can serve `next` extended by the rows instead of reading it again.
 */
export interface AppendedVersion {
  readonly base: TableReader;
  readonly next: TableReader;
  /** The appended rows, as written (a row's cells as `row.ts` encodes them). */
  readonly rows: readonly Row[];
}
