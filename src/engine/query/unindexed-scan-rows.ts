import type { IndexInfo } from '../lance/index.js';
import { hasScalarIndex } from './search/table-indexes-of.js';

/**
 * How many Lance lookups that find their rows without an index cost as much as reading what
 * answers them from memory. Measured at 1M persons before any index was built: a lookup of one
 * id took 35–41 ms, and the image of the ids 0.59 s; at 100k companies, 10 ms against 0.24 s for
 * every column; on 10M edges, a lookup of one node's edges took 155–191 ms, and building the
 * topology index 3–3.9 s.
 */
export const UNINDEXED_SCAN_SHARE = 16;

/**
 * Rows' worth a Lance lookup whose filter reads `columns` costs besides the rows it returns, on a
 * table version of `rowCount` rows with `indexes`: none when a scalar index answers each column;
 * otherwise Lance reads those columns of every row (before the first `optimize` after a bulk
 * load, even `id` has no index), a {@link UNINDEXED_SCAN_SHARE}th of the version.
 */
export function unindexedScanRows(
  indexes: readonly IndexInfo[],
  columns: readonly string[],
  rowCount: number,
): number {
  return columns.every((column) => hasScalarIndex(indexes, column))
    ? 0
    : Math.ceil(rowCount / UNINDEXED_SCAN_SHARE);
}
