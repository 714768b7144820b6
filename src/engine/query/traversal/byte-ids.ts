import { JSON_CHAR } from '../../../util/json-char-codes.js';
import { grown } from './grown-array.js';

/** An empty slot of the hash table. */
const EMPTY = -1;

/**
 * Dense numbers for ids given as UTF-8 byte ranges, in order of first sight. Ids are hashed and
 * compared as bytes in typed arrays (open addressing, linear probing), so numbering the
 * endpoints of ten million edges makes no string and no garbage: only the distinct ids become
 * strings, once, in {@link ids}. A topology index built through a `Map` of strings spent most of
 * a 20 s cold build hashing fresh strings and collecting them.
 *
 * An id spelling a small integer (the ids of a type keyed by an integer) is numbered through an
 * array indexed by its value instead: at a million ids the hash table is tens of megabytes, and
 * each endpoint's probe a miss of the CPU's caches (3.4 s of a 10M-edge build); the array is 4
 * bytes a value.
 */
export class ByteIds {
  /** The distinct ids' bytes, one after another. */
  #arena: Uint8Array = new Uint8Array(1 << 16);
  #arenaUsed = 0;
  /**
   * The hash table, {@link SLOT} integers a slot: the number there ({@link EMPTY} for none), its
   * id's hash, length and first eight bytes (two little-endian words, zero-padded), and where its
   * bytes start in the arena. A probe reads one slot: an id of at most eight bytes (a number, a
   * short slug) is compared there whole, and a longer one reads the arena only for its tail once
   * hash, length and head agree. At a million ids the arena read was a second cache miss per
   * endpoint, a third of a cold build.
   */
  #table: Int32Array = emptyTable(1 << 11);
  /** Ids in the hash table (its load), and ids numbered in all. */
  #hashed = 0;
  #count = 0;
  /** By integer value, the number of the id spelling it, plus one (0 for none). */
  #byValue = new Int32Array(1 << 10);
  /** The values of the ids numbered through {@link #byValue}, and their numbers. */
  #values = new Int32Array(1 << 10);
  #valueNumbers = new Int32Array(1 << 10);
  #valueCount = 0;

  /** How many distinct ids have been numbered. */
  get count(): number {
    return this.#count;
  }

  /** The number of the id `bytes[start … end - 1]`, numbering it when new. */
  number(bytes: Uint8Array, start: number, end: number): number {
    const value = smallIntegerOf(bytes, start, end);
    if (value >= 0) return this.#numberValue(value);
    const hash = hashBytes(bytes, start, end);
    const length = end - start;
    const head = headWord(bytes, start, end);
    const tail = headWord(bytes, start + 4, end);
    const table = this.#table;
    const mask = table.length / SLOT - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = slot * SLOT;
      const number = table[at] ?? EMPTY;
      if (number === EMPTY) return this.#add(at, [hash, length, head, tail], bytes, start, end);
      if (
        table[at + 1] === hash &&
        table[at + 2] === length &&
        table[at + 3] === head &&
        table[at + 4] === tail &&
        (length <= INLINE_BYTES || this.#holdsTail(at, bytes, start, end))
      )
        return number;
    }
  }

  /** The number of the id spelling the integer `value`, numbering it when new. */
  #numberValue(value: number): number {
    if (value >= this.#byValue.length) this.#byValue = grown(this.#byValue, value + 1);
    const known = this.#byValue[value] ?? 0;
    if (known > 0) return known - 1;
    const number = this.#count;
    this.#count += 1;
    this.#byValue[value] = number + 1;
    if (this.#valueCount === this.#values.length) {
      this.#values = grown(this.#values, this.#valueCount + 1);
      this.#valueNumbers = grown(this.#valueNumbers, this.#valueCount + 1);
    }
    this.#values[this.#valueCount] = value;
    this.#valueNumbers[this.#valueCount] = number;
    this.#valueCount += 1;
    return number;
  }

  /** The ids as strings, by number. */
  ids(): string[] {
    const arena = Buffer.from(this.#arena.buffer, this.#arena.byteOffset, this.#arenaUsed);
    const ids = new Array<string>(this.#count);
    for (let at = 0; at < this.#valueCount; at += 1)
      ids[this.#valueNumbers[at] ?? 0] = String(this.#values[at] ?? 0);
    const table = this.#table;
    for (let at = 0; at < table.length; at += SLOT) {
      const number = table[at] ?? EMPTY;
      const from = table[at + 5] ?? 0;
      if (number !== EMPTY) ids[number] = arena.toString('utf8', from, from + (table[at + 2] ?? 0));
    }
    return ids;
  }

  /** True when the id of slot `at` ends as `bytes[start + INLINE_BYTES … end - 1]` does. */
  #holdsTail(at: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = this.#table[at + 5] ?? 0;
    for (let offset = INLINE_BYTES; offset < end - start; offset += 1)
      if (this.#arena[from + offset] !== bytes[start + offset]) return false;
    return true;
  }

  /** Numbers a new id in the empty slot `at`: `key` is its hash, length and two head words. */
  #add(
    at: number,
    key: readonly [number, number, number, number],
    bytes: Uint8Array,
    start: number,
    end: number,
  ): number {
    const length = end - start;
    if (this.#arenaUsed + length > this.#arena.length) {
      const arena = new Uint8Array(Math.max(this.#arena.length * 2, this.#arenaUsed + length));
      arena.set(this.#arena.subarray(0, this.#arenaUsed));
      this.#arena = arena;
    }
    this.#arena.set(bytes.subarray(start, end), this.#arenaUsed);
    const number = this.#count;
    this.#table.set([number, ...key, this.#arenaUsed], at);
    this.#arenaUsed += length;
    this.#count += 1;
    this.#hashed += 1;
    // Kept at most half full, so probes stay short.
    if (this.#hashed * 2 * SLOT > this.#table.length) this.#rehash((this.#table.length / SLOT) * 2);
    return number;
  }

  #rehash(slots: number): void {
    const old = this.#table;
    const table = emptyTable(slots);
    const mask = slots - 1;
    for (let from = 0; from < old.length; from += SLOT) {
      if (old[from] === EMPTY) continue;
      let slot = (old[from + 1] ?? 0) & mask;
      while (table[slot * SLOT] !== EMPTY) slot = (slot + 1) & mask;
      table.set(old.subarray(from, from + SLOT), slot * SLOT);
    }
    this.#table = table;
  }
}

/**
 * Ids spelling an integer below this are numbered by value (see {@link ByteIds}): the array
 * indexed by value holds at most 16 MiB.
 */
const MAX_VALUE = 1 << 22;

/**
 * The integer `bytes[start … end - 1]` spells in canonical decimal (digits, no leading zero, as
 * `String` writes it) when below {@link MAX_VALUE}; else -1.
 */
function smallIntegerOf(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length === 0 || length > 7 || (length > 1 && bytes[start] === JSON_CHAR.Zero)) return -1;
  let value = 0;
  for (let at = start; at < end; at += 1) {
    const digit = (bytes[at] ?? 0) - JSON_CHAR.Zero;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value < MAX_VALUE ? value : -1;
}

/** Integers per slot of the hash table: number, hash, length, two head words, arena start. */
const SLOT = 6;

/** Bytes of an id held in its slot (the two head words). */
const INLINE_BYTES = 8;

/**
 * Up to four bytes `bytes[from …]` (before `end`) as a little-endian integer, zero-padded:
 * with the length, two of them tell apart any two ids of at most eight bytes.
 */
function headWord(bytes: Uint8Array, from: number, end: number): number {
  let word = 0;
  const last = Math.min(from + 4, end);
  for (let at = last - 1; at >= from; at -= 1) word = (word << 8) | (bytes[at] ?? 0);
  return word;
}

function emptyTable(slots: number): Int32Array {
  const table = new Int32Array(slots * SLOT);
  for (let at = 0; at < table.length; at += SLOT) table[at] = EMPTY;
  return table;
}

/** FNV-1a over `bytes[start … end - 1]`, as a 32-bit integer. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let at = start; at < end; at += 1) hash = Math.imul(hash ^ (bytes[at] ?? 0), 0x01000193);
  return hash | 0;
}
