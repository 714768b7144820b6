import type { RemovedPositions } from './removed-positions.js';

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

/**
 * The nearest list `list` extends, back to `maxDepth` extensions, for which `pick` gives a value,
 * with that value: what was derived from an earlier list, to extend rather than derive again.
 */
export function nearestExtended<T, V>(
  list: readonly T[],
  maxDepth: number,
  pick: (base: readonly T[]) => V | undefined,
): { readonly base: readonly T[]; readonly value: V } | undefined {
  let base = extendedFrom(list);
  for (let depth = 1; base !== undefined; depth += 1) {
    const value = pick(base);
    if (value !== undefined) return { base, value };
    base = depth < maxDepth ? extendedFrom(base) : undefined;
  }
  return undefined;
}

/** For lists recorded as another's without some of its positions: that list, and those. */
const shrunkBases = new WeakMap<
  readonly unknown[],
  { readonly base: WeakRef<readonly unknown[]>; readonly gone: RemovedPositions }
>();

/**
 * Records that `list` is `base` without the items at the positions `gone`, so that what was
 * derived from `base` item by item can be reused for it: see {@link shrunkFrom}.
 */
export function recordRemoval<T>(list: readonly T[], base: readonly T[], gone: RemovedPositions) {
  shrunkBases.set(list, { base: new WeakRef(base), gone });
}

/** The list `list` was recorded to be without some positions, and those, if still alive. */
export function shrunkFrom<T>(
  list: readonly T[],
): { readonly base: readonly T[]; readonly gone: RemovedPositions } | undefined {
  const shrunk = shrunkBases.get(list);
  const base = shrunk?.base.deref() as readonly T[] | undefined;
  return shrunk && base && { base, gone: shrunk.gone };
}

/**
 * The nearest list `list` was recorded to be without some positions of, back to `maxDepth`
 * removals, for which `pick` gives a value, with that value and the positions removed since
 * (`removals`, oldest first): what was derived from an earlier list, to shrink rather than derive
 * again.
 */
export function nearestShrunk<T, V>(
  list: readonly T[],
  maxDepth: number,
  pick: (base: readonly T[]) => V | undefined,
):
  | { readonly base: readonly T[]; readonly value: V; readonly removals: RemovedPositions[] }
  | undefined {
  const removals: RemovedPositions[] = [];
  for (let base = list; removals.length < maxDepth;) {
    const shrunk = shrunkFrom(base);
    if (shrunk === undefined) return undefined;
    removals.unshift(shrunk.gone);
    base = shrunk.base;
    const value = pick(base);
    if (value !== undefined) return { base, value, removals };
  }
  return undefined;
}
