/**
 * What the loader needs to know about the graph it loads into, answered at the pinned
 * snapshot of the target branch. Implemented over Lance scans; kept small so validation can
 * be tested on its own.
 */
export interface ExistingEntities {
  /** The subset of `ids` present in a type's table. */
  existingIds(tableKey: string, ids: readonly string[]): Promise<ReadonlySet<string>>;
  /**
   * For a unique constraint over `columns`, the ids of rows holding each of the given value
   * tuples (tuples encoded by {@link uniqueValueKey}).
   */
  uniqueHolders(
    tableKey: string,
    columns: readonly string[],
    tuples: readonly (readonly unknown[])[],
  ): Promise<ReadonlyMap<string, readonly string[]>>;
  /**
   * Out-degree (edge count) per source id of an edge type, for the given sources, not counting
   * the edges whose ids are in `replaced` (rows the batch writes again).
   */
  outDegrees(
    tableKey: string,
    sources: readonly string[],
    replaced: ReadonlySet<string>,
  ): Promise<ReadonlyMap<string, number>>;
  /** Every (src, dst) of an edge type, for the orphan check of an overwrite. */
  edgeEndpoints(
    tableKey: string,
  ): AsyncIterable<{ readonly id: string; readonly src: string; readonly dst: string }>;
}

/** A stable text key for a tuple of column values (bigint-safe). */
export function uniqueValueKey(values: readonly unknown[]): string {
  return JSON.stringify(values, (_key, value: unknown) =>
    typeof value === 'bigint' ? `${value}n` : value,
  );
}
