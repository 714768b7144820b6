import { detached } from './detached-text.js';

/** Marks an empty slot of the hash table, or a small id the direct index does not number. */
const EMPTY = -1;
/** Integers per slot: the key's number, its hash, and its packed characters (two integers). */
const SLOT = 4;
/** The longest key stored inline, as packed Latin-1 characters (the rest is the length). */
const INLINE_CHARS = 7;
/** The second packed integer of a key that is not inline: the first one numbers it. */
const LONG_KEY = -1;
/** The share of slots in use past which the table grows. */
const MAX_LOAD = 0.7;
/** Slots of the smallest hash table. */
const MIN_SLOTS = 1 << 10;
/**
 * Ids that are decimal integers below this (written without leading zeros) are also marked in
 * a bitset, at most 4 MiB, which answers {@link IdTable.has} for them.
 */
const SMALL_IDS = 2 ** 25;
/** Bits of the smallest bitset (it doubles to hold the largest small id put). */
const MIN_SMALL_BITS = 1 << 10;
/** Entries of the smallest direct index of small ids. */
const MIN_DIRECT = 1 << 10;
/**
 * The direct index of small ids grows to at most this many entries per id the table holds (or
 * was sized for): numbered 0 to n in any order, every id is indexed directly; scattered, they
 * go to the hash table, and the index stays a few bytes per id.
 */
const DIRECT_PER_ID = 4;

/**
 * A map from string ids to numbers, built for millions of short ids probed in random order
 * (a load's node ids, probed once per edge endpoint). A short Latin-1 id (at most 7 characters)
 * lives packed in its slot of an open-addressing table: finding it reads one slot, where a `Map`
 * of strings reads its bucket, its entry and the key string, each a cache miss once the map
 * outgrows the cache (a 1M-node load spent 14 s of 51 in `Map.has`). Longer ids are kept as
 * strings and compared. Keys come back in insertion order; only long ids are kept as strings, so
 * no key holds on to the text it was cut from.
 *
 * Numeric ids (a node type keyed by an integer), the usual case, skip the hash table: {@link has}
 * answers them from a bitset (a million of them fit in 128 KiB, where a probe of a table of 32
 * MiB, 20M times in a load of 10M edges, missed the cache each time: 3.5 s against 0.35 s), and
 * their numbers are found by indexing an array with the id (4 bytes an entry, where a slot takes
 * 16 and the table keeps a third of its slots empty: a million ids in 16 MiB instead of 44).
 */
export class IdTable {
  #table = emptyTable(MIN_SLOTS);
  /** Ids in the hash table. */
  #hashed = 0;
  /** Ids the caller expects to put: the hash table is sized for them when it is first used. */
  readonly #expected: number;
  #count = 0;
  /**
   * Per key number: its value, and where the key is: the slot of the hash table that holds it,
   * or, for the small id n in the direct index, -1 - n.
   */
  #values: Float64Array;
  #slots: Int32Array;
  /** The ids too long (or not Latin-1) to pack, numbered by their first packed integer. */
  readonly #long: string[] = [];
  /** Bit n set when the table holds the decimal id of n, for n below {@link SMALL_IDS}. */
  #small = offHeap(Uint32Array, 0);
  /** Entry n: the number of the decimal id of n, or EMPTY when absent or in the hash table. */
  #direct = offHeap(Int32Array, 0);

  /**
   * An empty table, sized for `expected` ids when the caller knows how many it will put (a
   * table version's ids): it then grows no more, where growing a table of a million ids
   * rehashes it a dozen times.
   */
  constructor(expected = 0) {
    this.#expected = expected;
    this.#values = offHeap(Float64Array, Math.max(MIN_SLOTS / 2, expected));
    this.#slots = offHeap(Int32Array, this.#values.length);
  }

  /** How many ids the table holds. */
  get size(): number {
    return this.#count;
  }

  /** Whether the table holds `id`. */
  has(id: string): boolean {
    const small = smallId(id);
    if (small < 0) return this.#find(id) !== EMPTY;
    return this.#marked(small);
  }

  /**
   * Whether the table holds the decimal id of `n` (a non-negative integer): `has(String(n))`
   * without the string, for ids read as numbers.
   */
  hasDecimal(n: number): boolean {
    return n < SMALL_IDS ? this.#marked(n) : this.has(String(n));
  }

  /** The value of `id`, or undefined when the table does not hold it. */
  get(id: string): number | undefined {
    const small = smallId(id);
    let number = small < 0 ? EMPTY : this.#directNumber(small);
    if (number === EMPTY && (small < 0 || this.#marked(small))) number = this.#find(id);
    return number === EMPTY ? undefined : this.#values[number];
  }

  /** Sets the value of `id`; returns the value it had, or undefined when it is new. */
  put(id: string, value: number): number | undefined {
    const small = smallId(id);
    if (small >= 0) {
      const held = this.#directNumber(small);
      if (held !== EMPTY) return this.#replace(held, value);
      if (!this.#marked(small) && this.#indexesDirectly(small)) {
        this.#addDirect(small, value);
        return undefined;
      }
    }
    if (this.#hashed === 0) this.#sizeForExpected();
    const at = this.#slotOf(id, this.#long.length);
    const number = this.#table[at] ?? EMPTY;
    if (number !== EMPTY) return this.#replace(number, value);
    this.#addHashed(at, id, small, value);
    return undefined;
  }

  /** The ids, in the order they were first put. */
  *keys(): IterableIterator<string> {
    for (let number = 0; number < this.#count; number += 1) yield this.#keyOf(number);
  }

  /** The ids with their values, in the order the ids were first put. */
  *entries(): IterableIterator<[string, number]> {
    for (let number = 0; number < this.#count; number += 1)
      yield [this.#keyOf(number), this.#values[number] ?? 0];
  }

  #find(id: string): number {
    return this.#table[this.#slotOf(id, 0)] ?? EMPTY;
  }

  #replace(number: number, value: number): number | undefined {
    const earlier = this.#values[number];
    this.#values[number] = value;
    return earlier;
  }

  /**
   * The slot of `id`: the one holding it, or the empty one where it goes. Leaves `id` packed (a
   * long id numbered `longNumber`) with its hash in {@link packedHash}.
   */
  #slotOf(id: string, longNumber: number): number {
    pack(id, longNumber);
    const first = packedFirst;
    const second = packedSecond;
    const hash = mix(first, second, id);
    packedHash = hash;
    const table = this.#table;
    const mask = table.length / SLOT - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = slot * SLOT;
      if (table[at] === EMPTY) return at;
      if (table[at + 1] === hash && this.#holds(at, first, second, id)) return at;
    }
  }

  /** Whether slot `at` holds the id packed as (`first`, `second`). */
  #holds(at: number, first: number, second: number, id: string): boolean {
    const table = this.#table;
    if (second !== LONG_KEY) return table[at + 2] === first && table[at + 3] === second;
    return table[at + 3] === LONG_KEY && this.#long[table[at + 2] ?? 0] === id;
  }

  /** The next key's number, with room for its value and place. */
  #nextNumber(): number {
    const number = this.#count;
    if (number === this.#values.length) this.#growValues();
    this.#count += 1;
    return number;
  }

  /** Adds the id {@link #slotOf} left packed into its empty slot `at` (`small`: its number). */
  #addHashed(at: number, id: string, small: number, value: number): void {
    if (small >= 0) this.#markSmall(small);
    if (packedSecond === LONG_KEY) this.#long.push(detached(id));
    const number = this.#nextNumber();
    this.#table[at] = number;
    this.#table[at + 1] = packedHash;
    this.#table[at + 2] = packedFirst;
    this.#table[at + 3] = packedSecond;
    this.#values[number] = value;
    this.#slots[number] = at;
    this.#hashed += 1;
    if (this.#hashed > (this.#table.length / SLOT) * MAX_LOAD)
      this.#rehash((this.#table.length / SLOT) * 2);
  }

  /** Adds the small id `small`, which the direct index reaches, with `value`. */
  #addDirect(small: number, value: number): void {
    this.#markSmall(small);
    const number = this.#nextNumber();
    this.#direct[small] = number;
    this.#values[number] = value;
    this.#slots[number] = -1 - small;
  }

  #marked(small: number): boolean {
    return ((this.#small[small >>> 5] ?? 0) & (1 << (small & 31))) !== 0;
  }

  #markSmall(small: number): void {
    if (small >= this.#small.length * 32) {
      let bits = Math.max(MIN_SMALL_BITS, this.#small.length * 32);
      while (bits <= small) bits *= 2;
      const grown = offHeap(Uint32Array, bits / 32);
      grown.set(this.#small);
      this.#small = grown;
    }
    this.#small[small >>> 5] = (this.#small[small >>> 5] ?? 0) | (1 << (small & 31));
  }

  /** The number of the small id `small` in the direct index, or EMPTY. */
  #directNumber(small: number): number {
    return small < this.#direct.length ? (this.#direct[small] ?? EMPTY) : EMPTY;
  }

  /**
   * Whether the direct index reaches `small`, growing it to when that keeps it within
   * {@link DIRECT_PER_ID} entries per id.
   */
  #indexesDirectly(small: number): boolean {
    if (small < this.#direct.length) return true;
    let entries = Math.max(MIN_DIRECT, this.#direct.length);
    while (entries <= small) entries *= 2;
    if (entries > DIRECT_PER_ID * Math.max(this.#count + 1, this.#expected, MIN_DIRECT))
      return false;
    const grown = offHeap(Int32Array, entries).fill(EMPTY);
    grown.set(this.#direct);
    this.#direct = grown;
    return true;
  }

  #growValues(): void {
    const values = offHeap(Float64Array, this.#values.length * 2);
    values.set(this.#values);
    this.#values = values;
    const slots = offHeap(Int32Array, this.#slots.length * 2);
    slots.set(this.#slots);
    this.#slots = slots;
  }

  /** Sizes the hash table, about to take its first id, for the ids still expected. */
  #sizeForExpected(): void {
    let slots = this.#table.length / SLOT;
    while (slots * MAX_LOAD < this.#expected - this.#count) slots *= 2;
    if (slots > this.#table.length / SLOT) this.#table = emptyTable(slots);
  }

  /** Moves the hashed ids into a table of `slotCount` slots. */
  #rehash(slotCount: number): void {
    const old = this.#table;
    const table = emptyTable(slotCount);
    const mask = slotCount - 1;
    for (let number = 0; number < this.#count; number += 1) {
      const from = this.#slots[number] ?? 0;
      if (from < 0) continue;
      let slot = (old[from + 1] ?? 0) & mask;
      while (table[slot * SLOT] !== EMPTY) slot = (slot + 1) & mask;
      // Element by element: a subarray per id to `set` from took most of a rehash's time.
      const to = slot * SLOT;
      table[to] = old[from] ?? EMPTY;
      table[to + 1] = old[from + 1] ?? 0;
      table[to + 2] = old[from + 2] ?? 0;
      table[to + 3] = old[from + 3] ?? 0;
      this.#slots[number] = to;
    }
    this.#table = table;
  }

  #keyOf(number: number): string {
    const at = this.#slots[number] ?? 0;
    if (at < 0) return String(-1 - at);
    const first = this.#table[at + 2] ?? 0;
    const second = this.#table[at + 3] ?? 0;
    return second === LONG_KEY ? (this.#long[first] ?? '') : unpacked(first, second);
  }
}

/**
 * The number an id writes in decimal, when it is one below {@link SMALL_IDS} written the one way
 * (no sign, no leading zero: `7` but not `07`, which is another id); else -1.
 */
function smallId(id: string): number {
  const length = id.length;
  if (length === 0 || length > 8 || (length > 1 && id.charCodeAt(0) === 0x30)) return -1;
  let value = 0;
  for (let index = 0; index < length; index += 1) {
    const digit = id.charCodeAt(index) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value < SMALL_IDS ? value : -1;
}

function emptyTable(slots: number): Int32Array {
  return offHeap(Int32Array, slots * SLOT).fill(EMPTY);
}

/**
 * A zeroed typed array of `length` elements over a `SharedArrayBuffer`, though nothing shares
 * it. V8 (Node 20) counts the memory of plain `ArrayBuffer`s toward its limits in a way that,
 * once a buffer of some tens of megabytes (a table of a million ids) is allocated while a load
 * parses, starts a full collection every 50 ms to the end of the load: the validation pass of
 * a million nodes ran 128 of them and took 7.7 s instead of 6.3. Shared buffers are not counted
 * so, and behave the same otherwise.
 */
function offHeap<T extends Int32Array | Uint32Array | Float64Array>(
  Kind: { new (buffer: SharedArrayBuffer): T; readonly BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new Kind(new SharedArrayBuffer(length * Kind.BYTES_PER_ELEMENT));
}

/**
 * The id {@link pack} packed last, and its hash. Module state rather than a returned tuple: a
 * probe runs once per edge endpoint of a load, tens of millions of times, and a tuple per probe
 * is garbage.
 */
let packedFirst = 0;
let packedSecond = 0;
let packedHash = 0;

/**
 * Packs an id as two integers: its characters a byte each, the length in the top byte of the
 * second; or, for an id longer than {@link INLINE_CHARS} or with a character past Latin-1,
 * (`longNumber`, {@link LONG_KEY}).
 */
function pack(id: string, longNumber: number): void {
  const length = id.length;
  packedFirst = longNumber;
  packedSecond = LONG_KEY;
  if (length > INLINE_CHARS) return;
  let first = 0;
  let second = length << 24;
  for (let index = 0; index < length; index += 1) {
    const code = id.charCodeAt(index);
    if (code > 0xff) return;
    if (index < 4) first |= code << (index * 8);
    else second |= code << ((index - 4) * 8);
  }
  packedFirst = first;
  packedSecond = second;
}

function unpacked(first: number, second: number): string {
  const length = second >>> 24;
  const codes: number[] = [];
  for (let index = 0; index < length; index += 1)
    codes.push(index < 4 ? (first >>> (index * 8)) & 0xff : (second >>> ((index - 4) * 8)) & 0xff);
  return String.fromCharCode(...codes);
}

/** The hash of a packed id (of its characters when long): a Murmur3 finalizer over them. */
function mix(first: number, second: number, id: string): number {
  let hash = second === LONG_KEY ? hashText(id) : first ^ Math.imul(second, 0x9e3779b1);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) | 0;
}

/** FNV-1a over the UTF-16 code units of `text`. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1)
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash;
}
