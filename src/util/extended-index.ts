import type { RemovedPositions } from './removed-positions.js';
import { keyPositions, type PositionIndex } from './key-positions.js';

export type { PositionIndex } from './key-positions.js';

/**
 * Keys an extended index holds beside its base map at most (at least this many, else an eighth
 * of the base's): past that, it is copied into one map.
 */
const MIN_ADDED_KEPT = 1024;

/**
 * A map of positions extended with new keys, which are kept in a map of their own: the base map
 * is shared, not copied, and a lookup costs at most two probes however often it was extended.
 */
class ExtendedIndex implements PositionIndex {
  readonly base: PositionIndex;
  readonly added: ReadonlyMap<string, number>;

  constructor(base: PositionIndex, added: ReadonlyMap<string, number>) {
    this.base = base;
    this.added = added;
  }

  get size(): number {
    return this.base.size + this.added.size;
  }

  get(key: string): number | undefined {
    return this.base.get(key) ?? this.added.get(key);
  }
}

/**
 * The positions of `keys` given those of its first `base.size` keys (`base`) and of the rest
 * (`added`). The keys added to a base since it was last copied are copied (an extension of a
 * million keys by one copies the ones added since, not the million); once they outgrow
 * {@link MIN_ADDED_KEPT} or an eighth of the base, every key is copied into one new map. `base`
 * is left as it was.
 */
export function extendedIndex(
  base: PositionIndex,
  added: ReadonlyMap<string, number>,
  keys: readonly string[],
): PositionIndex {
  if (added.size === 0) return base;
  const root = base instanceof ExtendedIndex ? base.base : base;
  const all = new Map(base instanceof ExtendedIndex ? base.added : []);
  for (const [key, position] of added) all.set(key, position);
  if (all.size <= Math.max(MIN_ADDED_KEPT, root.size / 8)) return new ExtendedIndex(root, all);
  return keyPositions(keys);
}

/**
 * The map `index` shares with the indexes it was extended or shrunk from or to: the map under
 * its extensions and removals, else itself.
 */
export function sharedIndex(index: PositionIndex): PositionIndex {
  if (index instanceof ExtendedIndex) return sharedIndex(index.base);
  if (index instanceof ShrunkIndex) return sharedIndex(index.base);
  return index;
}

/**
 * How many removals a {@link shrunkIndex} stacks over one map at most: each is a lookup more
 * (and a search, for the few keys near a removed position).
 */
const MAX_REMOVALS_STACKED = 4;

/** A map of positions without some of them, the others moved down past them. */
class ShrunkIndex implements PositionIndex {
  readonly base: PositionIndex;
  readonly #removed: RemovedPositions;
  readonly depth: number;

  constructor(base: PositionIndex, removed: RemovedPositions) {
    this.base = base;
    this.#removed = removed;
    this.depth = removalsUnder(base) + 1;
  }

  get size(): number {
    return this.base.size - this.#removed.count;
  }

  get(key: string): number | undefined {
    const position = this.base.get(key);
    if (position === undefined) return undefined;
    const below = this.#removed.below(position);
    return below < 0 ? undefined : position - below;
  }
}

/** How many removals stack in `index`, through its extensions. */
function removalsUnder(index: PositionIndex): number {
  if (index instanceof ShrunkIndex) return index.depth;
  if (index instanceof ExtendedIndex) return removalsUnder(index.base);
  return 0;
}

/**
 * The positions of `keys`, which are the keys of `base` but those at the positions `removed`:
 * `base` is shared, not copied, until {@link MAX_REMOVALS_STACKED} removals stack over it; then
 * every key is copied into one new map. `base` is left as it was.
 */
export function shrunkIndex(
  base: PositionIndex,
  removed: RemovedPositions,
  keys: readonly string[],
): PositionIndex {
  if (removed.count === 0) return base;
  if (removalsUnder(base) >= MAX_REMOVALS_STACKED) return keyPositions(keys);
  return new ShrunkIndex(base, removed);
}
