/** An empty slot of the hash table. */
const EMPTY = -1;

/**
 * Dense numbers for ids given as UTF-8 byte ranges, in order of first sight. Ids are hashed and
 * compared as bytes in typed arrays (open addressing, linear probing), so numbering the
 * endpoints of ten million edges makes no string and no garbage: only the distinct ids become
 * strings, once, in {@link ids}. A topology index built through a `Map` of strings spent most of
 * a 20 s cold build hashing fresh strings and collecting them.
 */
export class ByteIds {
  /** The distinct ids' bytes, one after another. */
  #arena: Uint8Array = new Uint8Array(1 << 16);
  #arenaUsed = 0;
  /**
   * The hash table, {@link SLOT} integers a slot: the number there ({@link EMPTY} for none), its
   * id's hash, and where its bytes start and end in the arena. A probe reads one slot and the
   * arena, not four arrays: at a million ids every extra array is a cache miss per endpoint.
   */
  #table: Int32Array = emptyTable(1 << 11);
  #count = 0;

  /** How many distinct ids have been numbered. */
  get count(): number {
    return this.#count;
  }

  /** The number of the id `bytes[start … end - 1]`, numbering it when new. */
  number(bytes: Uint8Array, start: number, end: number): number {
    const hash = hashBytes(bytes, start, end);
    const table = this.#table;
    const mask = table.length / SLOT - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = slot * SLOT;
      const number = table[at] ?? EMPTY;
      if (number === EMPTY) return this.#add(at, hash, bytes, start, end);
      if (table[at + 1] === hash && this.#holds(at, bytes, start, end)) return number;
    }
  }

  /** The ids as strings, by number. */
  ids(): string[] {
    const arena = Buffer.from(this.#arena.buffer, this.#arena.byteOffset, this.#arenaUsed);
    const ids = new Array<string>(this.#count);
    const table = this.#table;
    for (let at = 0; at < table.length; at += SLOT) {
      const number = table[at] ?? EMPTY;
      if (number !== EMPTY) ids[number] = arena.toString('utf8', table[at + 2], table[at + 3]);
    }
    return ids;
  }

  #holds(at: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = this.#table[at + 2] ?? 0;
    if ((this.#table[at + 3] ?? 0) - from !== end - start) return false;
    for (let offset = 0; offset < end - start; offset += 1)
      if (this.#arena[from + offset] !== bytes[start + offset]) return false;
    return true;
  }

  #add(at: number, hash: number, bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (this.#arenaUsed + length > this.#arena.length) {
      const arena = new Uint8Array(Math.max(this.#arena.length * 2, this.#arenaUsed + length));
      arena.set(this.#arena.subarray(0, this.#arenaUsed));
      this.#arena = arena;
    }
    this.#arena.set(bytes.subarray(start, end), this.#arenaUsed);
    const number = this.#count;
    this.#table.set([number, hash, this.#arenaUsed, this.#arenaUsed + length], at);
    this.#arenaUsed += length;
    this.#count += 1;
    // Kept at most half full, so probes stay short.
    if (this.#count * 2 * SLOT > this.#table.length) this.#rehash((this.#table.length / SLOT) * 2);
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

/** Integers per slot of the hash table: number, hash, start, end. */
const SLOT = 4;

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
