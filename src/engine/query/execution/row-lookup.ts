import {
  where,
  type Filter,
  type ColumnarRows,
  type Cell,
  type Row,
  type TableReader,
} from '../../lance/index.js';

/** Ids per `id IN (…)` lookup: Lance parses the list, so very long lists get slow. */
const LOOKUP_CHUNK = 1000;
/** Below this many ids a lookup always beats a full scan. */
const MIN_SCAN_SWITCH = 64;
/**
 * A lookup of more than `rowCount / SCAN_SWITCH_DIVISOR` ids reads the whole table instead:
 * measured on Lance, an `IN` lookup costs about 40 times a scanned row per id.
 */
const SCAN_SWITCH_DIVISOR = 32;

/** What to look up. */
export interface LookupOptions {
  readonly columns: readonly string[];
  /** Rows must also pass this filter (pushed into Lance). */
  readonly filter?: Filter;
  /** Rows in the table, to decide between lookups and one scan. */
  readonly rowCount: number;
}

/**
 * The rows with the given ids (and passing the filter), column by column, by `id IN (…)` lookups
 * on the id index, or by one filtered scan when that reads less. Rows come in no particular
 * order; the scan may also return rows whose id was not asked for, which the caller ignores.
 */
export async function lookupRows(
  reader: TableReader,
  ids: readonly string[],
  options: LookupOptions,
): Promise<ColumnarRows> {
  if (ids.length === 0) return { length: 0, columns: {} };
  const threshold = Math.max(MIN_SCAN_SWITCH, options.rowCount / SCAN_SWITCH_DIVISOR);
  if (ids.length > threshold) {
    return reader.scanColumns({ filter: options.filter, columns: options.columns });
  }
  const parts: ColumnarRows[] = [];
  for (let start = 0; start < ids.length; start += LOOKUP_CHUNK) {
    const byId = where.in('id', ids.slice(start, start + LOOKUP_CHUNK));
    const filter = options.filter === undefined ? byId : where.and(byId, options.filter);
    parts.push(await reader.scanColumns({ filter, columns: options.columns }));
  }
  const [only] = parts;
  if (parts.length === 1 && only !== undefined) return only;
  const columns: Record<string, Cell[]> = {};
  for (const name of options.columns)
    columns[name] = parts.flatMap((part) => part.columns[name] ?? []);
  return { length: parts.reduce((sum, part) => sum + part.length, 0), columns };
}

/** Rows as columns (for small results read as row objects, such as searches). */
export function columnarOf(rows: readonly Row[], columns: readonly string[]): ColumnarRows {
  const result: Record<string, Cell[]> = {};
  for (const column of columns) result[column] = rows.map((row) => row[column] ?? null);
  return { length: rows.length, columns: result };
}
