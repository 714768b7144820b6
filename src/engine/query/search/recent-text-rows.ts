import { decodeRows, type TableReader, UPDATED_AT_VERSION, where } from '../../lance/index.js';
import { TextIndex } from '../../search/index.js';

/**
 * Most rows written since a full-text index was built that {@link recentTextIndex} takes:
 * Lance's take by offset costs about 1 µs a row up to some thousands and grows steeply beyond
 * (62 ms for 20,000 rows). A table that far behind its index is indexed whole in memory.
 */
const RECENT_ROWS_MAX = 10_000;

/**
 * An exact in-memory index of the `uncovered` rows (of `rowCount`) that the full-text index on
 * `column` of the version `reader` does not cover yet, when they can be found; undefined when
 * they cannot, or are too many. They are the rows written since the index was built (an index
 * covers every row it was built or updated over), so the `uncovered` rows last written, which
 * appends and rewrites put at the end of the scan order. The rows at those offsets are taken with
 * their last-write stamps, and kept when no other row was written as late as the earliest of
 * them (a count of the stamps): then they are exactly the rows written since some version, and,
 * as many as the uncovered rows, exactly those. At 100k rows, 1.8 ms where indexing the whole
 * column took 1.5 s.
 */
export async function recentTextIndex(
  reader: TableReader,
  column: string,
  uncovered: number,
  rowCount: number,
): Promise<TextIndex | undefined> {
  if (uncovered <= 0 || uncovered > RECENT_ROWS_MAX || uncovered > rowCount) return undefined;
  const rows = decodeRows(
    await reader.takeRangeArrow(rowCount - uncovered, rowCount, ['id', column, UPDATED_AT_VERSION]),
  );
  let earliest: bigint | undefined;
  for (const row of rows) {
    const stamp = row[UPDATED_AT_VERSION];
    if (typeof stamp !== 'bigint') return undefined;
    if (earliest === undefined || stamp < earliest) earliest = stamp;
  }
  if (earliest === undefined || rows.length !== uncovered) return undefined;
  if ((await reader.count(where.ge(UPDATED_AT_VERSION, earliest))) !== uncovered) return undefined;
  return TextIndex.build(
    rows.map((row) => ({ id: String(row.id), text: row[column] as string | null })),
  );
}
