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
