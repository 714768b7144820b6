import type { TableReader } from '../lance/index.js';

/**
 * The ids of table versions as a read cache holds them in memory: checks that an id exists
 * (keyed inserts, edge endpoints, merge loads) answered without a Lance scan, whose cost grows
 * with every fragment a table's small commits add.
 */
export interface HeldIds {
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
}
