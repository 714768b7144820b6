import type { PositionIndex } from './extended-index.js';

/** For lists recorded with one, the index of each item's position: weakly, as list lineage. */
const positions = new WeakMap<readonly unknown[], PositionIndex>();

/**
 * Records that `index` gives the position of each item of `list` (a cached image's ids and
 * their row index), so that what holds only the list can find a few of its items without a scan.
 */
export function recordPositionIndex(list: readonly string[], index: PositionIndex): void {
  positions.set(list, index);
}

/** The index recorded for `list` by {@link recordPositionIndex}, if any. */
export function positionIndexOf(list: readonly string[]): PositionIndex | undefined {
  return positions.get(list);
}
