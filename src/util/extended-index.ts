/** Positions of keys in a list: `get(key)` is the index of `key`, `size` how many there are. */
export interface PositionIndex {
  get(key: string): number | undefined;
  readonly size: number;
}

/**
 * How many times an index is extended over its base before it is copied into one map: each
 * level costs a lookup one map probe.
 */
const MAX_LAYERS = 8;

/** An index extended with new keys: theirs over the base's, which is shared, not copied. */
class LayeredIndex implements PositionIndex {
  readonly #base: PositionIndex;
  readonly #added: ReadonlyMap<string, number>;
  readonly layers: number;

  constructor(base: PositionIndex, added: ReadonlyMap<string, number>) {
    this.#base = base;
    this.#added = added;
    this.layers = (base instanceof LayeredIndex ? base.layers : 0) + 1;
  }

  get size(): number {
    return this.#base.size + this.#added.size;
  }

  get(key: string): number | undefined {
    return this.#added.get(key) ?? this.#base.get(key);
  }
}

/**
 * The positions of `keys` given those of its first `base.size` keys (`base`) and of the rest
 * (`added`): `base` extended in O(added), or, once that has happened {@link MAX_LAYERS} times, a
 * new map of every key. `base` is left as it was.
 */
export function extendedIndex(
  base: PositionIndex,
  added: ReadonlyMap<string, number>,
  keys: readonly string[],
): PositionIndex {
  if (added.size === 0) return base;
  const extended = new LayeredIndex(base, added);
  if (extended.layers <= MAX_LAYERS) return extended;
  return new Map(keys.map((key, position) => [key, position]));
}
