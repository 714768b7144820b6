import { resourceLimitError } from '../../util/resource-limit-error.js';

/** The resource a read names when one of its stages would hold too many rows. */
export const QUERY_ROWS = 'query_rows';

/**
 * Refuses a stage of a read that would hold `rows` rows (relation rows, reached nodes, groups,
 * sort candidates) when that is more than `limit` (settings `limits.queryRows`): `resource_limit`
 * before the rows are built, so that a runaway query fails fast instead of exhausting the heap.
 */
export function checkQueryRows(rows: number, limit: number): void {
  if (rows <= limit) return;
  throw resourceLimitError(QUERY_ROWS, rows, limit);
}
