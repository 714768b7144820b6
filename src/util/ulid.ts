import { randomFillSync } from 'node:crypto';

/** Crockford's base32, as character codes: the alphabet of ULIDs. */
const ALPHABET = Uint8Array.from('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (c) => c.charCodeAt(0));
/** Characters (and bytes) of a ULID. */
export const ID_CHARS = 26;
const TIME_CHARS = 10;
const RANDOM_BYTES = 10;
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;
const single = Buffer.alloc(ID_CHARS);

/** Ten random bytes from a pool refilled from the OS in 4 KiB blocks (one syscall per ~400 ids). */
function randomBytes10(): Buffer {
  if (offset + RANDOM_BYTES > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + RANDOM_BYTES);
  offset += RANDOM_BYTES;
  return bytes;
}

/**
 * A new ULID: 48 bits of milliseconds and 80 random bits in Crockford base32, so ids sort by
 * creation time. Loads mint one per edge; drawing OS randomness per id (as common libraries
 * do per character) dominated load time.
 */
export function newUlid(now: number = Date.now()): string {
  writeTime(single, 0, now);
  writeRandom(single, TIME_CHARS, randomBytes10(), 0);
  return single.toString('latin1');
}

/** Ids a {@link UlidMinter} mints at once. */
const BLOCK_IDS = 1024;

/**
 * Mints ULIDs of the {@link newUlid} form a block at a time, for a bulk load's million and more
 * edges: building each id on its own made minting a large share of the load's time and garbage.
 * The ids of a block are minted in the millisecond of its refill, as the characters of one
 * string sliced on demand.
 */
export class UlidMinter {
  readonly #random = Buffer.alloc(RANDOM_BYTES * BLOCK_IDS);
  readonly #chars = Buffer.alloc(ID_CHARS * BLOCK_IDS);
  /** The block's ids as one string, made when an id is first sliced from it. */
  #block: string | undefined;
  #next = BLOCK_IDS;

  /** A new id. */
  mint(): string {
    if (this.#next === BLOCK_IDS) this.#refill();
    const start = this.#next * ID_CHARS;
    this.#next += 1;
    this.#block ??= this.#chars.toString('latin1');
    return this.#block.slice(start, start + ID_CHARS);
  }

  /** A new id, written as 26 ASCII bytes into `target` at `at` (for ids written as bytes). */
  mintInto(target: Uint8Array, at: number): void {
    if (this.#next === BLOCK_IDS) this.#refill();
    const start = this.#next * ID_CHARS;
    this.#next += 1;
    const chars = this.#chars;
    for (let i = 0; i < ID_CHARS; i += 1) target[at + i] = chars[start + i] ?? 0;
  }

  #refill(): void {
    randomFillSync(this.#random);
    const chars = this.#chars;
    writeTime(chars, 0, Date.now());
    for (let id = 1; id < BLOCK_IDS; id += 1) {
      // Byte by byte: a `copy` call per id cost more than the copy (37 ms a million ids).
      for (let i = 0; i < TIME_CHARS; i += 1) chars[id * ID_CHARS + i] = chars[i] ?? 0;
      writeRandom(chars, id * ID_CHARS + TIME_CHARS, this.#random, id * RANDOM_BYTES);
    }
    writeRandom(chars, TIME_CHARS, this.#random, 0);
    this.#block = undefined;
    this.#next = 0;
  }
}

/** 48 bits of milliseconds as 10 digits of 5 bits, most significant first, at `at`. */
function writeTime(chars: Buffer, at: number, now: number): void {
  let t = now;
  for (let i = TIME_CHARS - 1; i >= 0; i -= 1) {
    chars[at + i] = digit(t % 32);
    t = Math.floor(t / 32);
  }
}

/** 80 random bits (ten bytes from `from`) as 16 digits of 5 bits, most significant first. */
function writeRandom(chars: Buffer, at: number, random: Buffer, from: number): void {
  writeForty(chars, at, random, from);
  writeForty(chars, at + 8, random, from + 5);
}

/** 40 bits (five bytes) as 8 digits of 5 bits. */
function writeForty(chars: Buffer, at: number, random: Buffer, from: number): void {
  const b0 = random[from] ?? 0;
  const b1 = random[from + 1] ?? 0;
  const b2 = random[from + 2] ?? 0;
  const b3 = random[from + 3] ?? 0;
  const b4 = random[from + 4] ?? 0;
  chars[at] = digit(b0 >> 3);
  chars[at + 1] = digit(((b0 & 7) << 2) | (b1 >> 6));
  chars[at + 2] = digit((b1 >> 1) & 31);
  chars[at + 3] = digit(((b1 & 1) << 4) | (b2 >> 4));
  chars[at + 4] = digit(((b2 & 15) << 1) | (b3 >> 7));
  chars[at + 5] = digit((b3 >> 2) & 31);
  chars[at + 6] = digit(((b3 & 3) << 3) | (b4 >> 5));
  chars[at + 7] = digit(b4 & 31);
}

function digit(value: number): number {
  return ALPHABET[value] ?? 0;
}
