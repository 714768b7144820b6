/** A set of slots (non-negative integers). */
export interface SlotSet {
  has(slot: number): boolean;
  add(slot: number): void;
}

/**
 * An empty set for about `count` slots below `bound`: a byte per slot when they are dense (no
 * hashing), a Set when few spread wide. Slots of a cached table image are its row numbers, so a
 * handful of them may reach a million, and a byte array that large per query costs more than
 * the query.
 */
export function slotSet(bound: number, count: number): SlotSet {
  if (bound > count * 8) return new Set<number>();
  const marks = new Uint8Array(bound);
  return {
    has: (slot) => marks[slot] === 1,
    add: (slot) => {
      marks[slot] = 1;
    },
  };
}

/**
 * Slot lists known to hold each slot once (every row of a table image, the rows a filter passes):
 * their distinct slots are the list itself, with no pass over a million slots to find them.
 */
const distinctLists = new WeakSet<readonly number[]>();

/** Marks `slots`, which the caller knows holds each slot once, as such; returns it. */
export function knownDistinct<T extends readonly number[]>(slots: T): T {
  distinctLists.add(slots);
  return slots;
}

/** True when `slots` was marked by {@link knownDistinct}. */
export function isKnownDistinct(slots: readonly number[]): boolean {
  return distinctLists.has(slots);
}

/** Lists made by {@link everyRow}: `list[i]` is `i`. */
const identityLists = new WeakSet<readonly number[]>();

/** `0 … length - 1`, each once (see {@link knownDistinct}), known to be so. */
export function everyRow(length: number): readonly number[] {
  const rows = new Array<number>(length);
  for (let row = 0; row < length; row += 1) rows[row] = row;
  identityLists.add(rows);
  return knownDistinct(rows);
}

/** True when `slots` was made by {@link everyRow}: each entry is its own position. */
export function isEveryRow(slots: readonly number[]): boolean {
  return identityLists.has(slots);
}
