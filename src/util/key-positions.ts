import { JSON_CHAR } from './json-char-codes.js';

/** Positions of keys in a list: `get(key)` is the index of `key`, `size` how many there are. */
export interface PositionIndex {
  get(key: string): number | undefined;
  readonly size: number;
}

/**
 * The positions of `keys` (each key once): `get(key)` is its index in `keys`. When most keys
 * spell small integers (the ids of a type keyed by an integer), those are found through an array
 * indexed by value, the others through a map: at a million keys, building a `Map` of strings
 * took a quarter of a second and each lookup a miss of the CPU's caches; the array is built in
 * milliseconds, 4 bytes a value. Otherwise a `Map`.
 */
export function keyPositions(keys: readonly string[]): PositionIndex {
  let integers = 0;
  let largest = -1;
  for (const key of keys) {
    const value = smallIntegerOf(key);
    if (value < 0) continue;
    integers += 1;
    if (value > largest) largest = value;
  }
  // Dense enough: the array holds at most four entries a key.
  if (integers * 2 < keys.length || largest >= keys.length * 4 + 1024)
    return new Map(keys.map((key, position) => [key, position]));
  return new IntegerKeyIndex(keys, largest);
}

/** Keys spelling integers up to a bound found by value, the others in a map. */
class IntegerKeyIndex implements PositionIndex {
  readonly size: number;
  /** By value, the position of the key spelling it, plus one (0 for none). */
  readonly #byValue: Int32Array;
  readonly #others = new Map<string, number>();

  constructor(keys: readonly string[], largest: number) {
    this.size = keys.length;
    this.#byValue = new Int32Array(largest + 1);
    keys.forEach((key, position) => {
      const value = smallIntegerOf(key);
      if (value >= 0) this.#byValue[value] = position + 1;
      else this.#others.set(key, position);
    });
  }

  get(key: string): number | undefined {
    const value = smallIntegerOf(key);
    if (value < 0) return this.#others.get(key);
    const position = value < this.#byValue.length ? (this.#byValue[value] ?? 0) : 0;
    return position > 0 ? position - 1 : undefined;
  }
}

/** Longest spelling of a small integer: nine digits stay below 2^31. */
const MAX_DIGITS = 9;

/**
 * The integer `key` spells in canonical decimal (digits, no leading zero, as `String` writes
 * it), at most {@link MAX_DIGITS} digits; else -1.
 */
function smallIntegerOf(key: string): number {
  const { length } = key;
  if (length === 0 || length > MAX_DIGITS || (length > 1 && key.charCodeAt(0) === JSON_CHAR.Zero))
    return -1;
  let value = 0;
  for (let at = 0; at < length; at += 1) {
    const digit = key.charCodeAt(at) - JSON_CHAR.Zero;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
