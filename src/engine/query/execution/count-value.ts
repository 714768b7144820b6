/** The Int64 cells of the counts most groups have, made once: results share them. */
const SMALL_COUNTS: readonly bigint[] = Array.from({ length: 1024 }, (_, count) => BigInt(count));

/**
 * The Int64 cell of a count. Counts are `bigint` cells, and a result of 96k groups (the company
 * average at 1M persons) made one per group: 2.5 ms of allocation a call, and garbage that the
 * collector then walks. A bigint is an immutable value, so small counts share theirs.
 */
export function countValue(count: number): bigint {
  return SMALL_COUNTS[count] ?? BigInt(count);
}
