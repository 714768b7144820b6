import type { Cell, Filter, Row, TableReader } from '../lance/index.js';

/**
 * Columns whose value follows from the id (a keyed node type's key: see `derivedColumns` in the
 * query layer), each with how to parse it from the id.
 */
export type IdDerivedColumns = ReadonlyMap<string, (id: string) => Cell>;

/**
 * What a read cache can answer of the questions writes ask of table versions, from the rows it
 * holds in memory: whether ids exist (keyed inserts, edge endpoints, merge loads), who holds a
 * `@unique` value, and which rows an update or delete matches. A Lance scan answering them
 * reads every fragment written since the table's last optimize, so its cost grows with each
 * small commit.
 */
export interface CachedLookups {
  /**
   * The subset of `ids` the version `reader` (of `rowCount` rows) holds, from memory; undefined
   * when the cache neither holds the version's ids nor judges reading them worth it (the caller
   * asks Lance, and the cache counts that call towards reading them).
   */
  heldIds(
    reader: TableReader,
    rowCount: number,
    ids: readonly string[],
  ): Promise<ReadonlySet<string> | undefined>;
  /**
   * For a unique constraint over `columns`, the ids of the version's rows holding each of the
   * value tuples (keyed by `uniqueValueKey`), from memory; undefined as for {@link heldIds}.
   */
  uniqueHolders(
    reader: TableReader,
    rowCount: number,
    columns: readonly string[],
    tuples: readonly (readonly unknown[])[],
  ): Promise<ReadonlyMap<string, readonly string[]> | undefined>;
  /**
   * The version's rows passing `filter` with `columns` (and `id`), at most `limit`, as a Lance
   * scan decodes them, from memory; undefined as for {@link heldIds}, or when the filter or a
   * column cannot be evaluated or held in memory. `derived` names the columns that follow from
   * the id: a filter pinning them finds its rows by id.
   */
  matchingRows(
    reader: TableReader,
    rowCount: number,
    filter: Filter,
    columns: readonly string[],
    limit: number,
    derived?: IdDerivedColumns,
  ): Promise<Row[] | undefined>;
}
