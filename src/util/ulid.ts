import { randomFillSync } from 'node:crypto';

/** Crockford's base32, as character codes: the alphabet of ULIDs. */
const ALPHABET = Uint8Array.from('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (c) => c.charCodeAt(0));
/** Characters (and bytes) of a ULID. */
export const ID_CHARS = 26;
const TIME_CHARS = 10;
/** Digits of a ULID's random part (5 bits each). */
const RANDOM_DIGITS = ID_CHARS - TIME_CHARS;
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
 * creation time (commits, intents; loads mint theirs with a {@link UlidMinter}).
 */
export function newUlid(now: number = Date.now()): string {
  writeTime(single, 0, now);
  writeRandom(single, TIME_CHARS, randomBytes10());
  return single.toString('latin1');
}

/** Ids a {@link UlidMinter} mints between two reads of the clock, and slices from one string. */
const BLOCK_IDS = 1024;

/**
 * Mints ULIDs of the {@link newUlid} form for a bulk load's million and more edges, monotonic as
 * the ULID specification defines it: a minter starts from a random point in each millisecond and
 * counts up from there (the random part's most significant bit starts clear, so it cannot
 * overflow), so its ids are distinct, ascending, and in the order minted. Ids that share all but
 * their last characters are what Lance stores well: a million random ULIDs made an edge table's
 * files twice the size, and its write took about twice the CPU. The clock is read every
 * {@link BLOCK_IDS} ids; {@link mint} slices its ids from one string per block.
 */
export class UlidMinter {
  /** The last id minted, as characters. */
  readonly #id = Buffer.alloc(ID_CHARS);
  /** Its random part as 5-bit digits, most significant first. */
  readonly #digits = new Uint8Array(RANDOM_DIGITS);
  #time = -1;
  /** Ids minted since the clock was last read. */
  #counted = BLOCK_IDS;
  readonly #chars = Buffer.alloc(ID_CHARS * BLOCK_IDS);
  /** The block's ids as one string, made when an id is first sliced from it. */
  #block: string | undefined;
  #next = BLOCK_IDS;

  /** A new id. */
  mint(): string {
    if (this.#next === BLOCK_IDS) this.#fillBlock();
    const start = this.#next * ID_CHARS;
    this.#next += 1;
    this.#block ??= this.#chars.toString('latin1');
    return this.#block.slice(start, start + ID_CHARS);
  }

  /**
   * A new id, written as 26 ASCII bytes into `target` at `at` (for ids written as bytes): the
   * next of the block {@link mint} made, if any is left, else the next id itself.
   */
  mintInto(target: Uint8Array, at: number): void {
    let chars = this.#id;
    let start = 0;
    if (this.#next < BLOCK_IDS) {
      chars = this.#chars;
      start = this.#next * ID_CHARS;
      this.#next += 1;
    } else this.#advance();
    for (let i = 0; i < ID_CHARS; i += 1) target[at + i] = chars[start + i] ?? 0;
  }

  #fillBlock(): void {
    const chars = this.#chars;
    const id = this.#id;
    for (let start = 0; start < chars.length; start += ID_CHARS) {
      this.#advance();
      for (let i = 0; i < ID_CHARS; i += 1) chars[start + i] = id[i] ?? 0;
    }
    this.#block = undefined;
    this.#next = 0;
  }

  /** Makes `#id` the next id: one more than the last, or a new start in a new millisecond. */
  #advance(): void {
    if (this.#counted === BLOCK_IDS) {
      this.#counted = 0;
      const now = Date.now();
      // A clock set back keeps counting in the last millisecond, so ids still ascend.
      if (now > this.#time) {
        this.#start(now);
        return;
      }
    }
    this.#counted += 1;
    const digits = this.#digits;
    const id = this.#id;
    let at = RANDOM_DIGITS - 1;
    while (digits[at] === 31) {
      digits[at] = 0;
      id[TIME_CHARS + at] = digit(0);
      at -= 1;
    }
    // Never below 0: from a clear top bit, 2^79 ids would have to be minted in one millisecond.
    const value = (digits[at] ?? 0) + 1;
    digits[at] = value;
    id[TIME_CHARS + at] = digit(value);
  }

  /** A random start in millisecond `now`, its top bit clear. */
  #start(now: number): void {
    this.#time = now;
    writeTime(this.#id, 0, now);
    const random = randomBytes10();
    const digits = this.#digits;
    for (let at = 0; at < RANDOM_DIGITS; at += 1) digits[at] = fiveBits(random, at * 5);
    digits[0] = (digits[0] ?? 0) & 15;
    for (let at = 0; at < RANDOM_DIGITS; at += 1)
      this.#id[TIME_CHARS + at] = digit(digits[at] ?? 0);
  }
}

/** The 5 bits of `bytes` starting at bit `bit`, most significant first. */
function fiveBits(bytes: Buffer, bit: number): number {
  const byte = bit >> 3;
  const pair = ((bytes[byte] ?? 0) << 8) | (bytes[byte + 1] ?? 0);
  return (pair >> (11 - (bit & 7))) & 31;
}

/** 48 bits of milliseconds as 10 digits of 5 bits, most significant first, at `at`. */
function writeTime(chars: Buffer, at: number, now: number): void {
  let t = now;
  for (let i = TIME_CHARS - 1; i >= 0; i -= 1) {
    chars[at + i] = digit(t % 32);
    t = Math.floor(t / 32);
  }
}

/** 80 random bits (ten bytes) as 16 digits of 5 bits, most significant first, at `at`. */
function writeRandom(chars: Buffer, at: number, random: Buffer): void {
  for (let i = 0; i < RANDOM_DIGITS; i += 1) chars[at + i] = digit(fiveBits(random, i * 5));
}

function digit(value: number): number {
  return ALPHABET[value] ?? 0;
}
