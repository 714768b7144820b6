/**
 * For lists recorded as extensions, the list each one extends: weakly both ways, so a chain of
 * extensions keeps no list alive (a list of a million ids is megabytes).
 */
const bases = new WeakMap<readonly unknown[], WeakRef<readonly unknown[]>>();

/**
 * Records that `list` is `base` followed by more items, so that what was derived from `base`
 * item by item (by list identity) can be reused for it: see {@link extendedFrom}.
 */
export function recordExtension<T>(list: readonly T[], base: readonly T[]): void {
  bases.set(list, new WeakRef(base));
}

/**
 * The list `list` was recorded to extend (its first `base.length` items are base's), if any and
 * still alive.
 */
export function extendedFrom<T>(list: readonly T[]): readonly T[] | undefined {
  return bases.get(list)?.deref() as readonly T[] | undefined;
}
