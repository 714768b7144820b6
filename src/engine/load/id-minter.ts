import { randomFillSync } from 'node:crypto';

/** Crockford's base32, as character codes: the alphabet of ULIDs. */
const ALPHABET = Uint8Array.from('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (c) => c.charCodeAt(0));
const ID_CHARS = 26;
const TIME_CHARS = 10;
const RANDOM_BYTES = 10;
/** Ids minted at once. */
const BLOCK_IDS = 1024;

/**
 * Mints the ids of entities a load creates without one (edges, mostly): ULIDs of the same form
 * as `generatedId` (48 bits of milliseconds, then 80 random bits, in Crockford base32), so they
 * sort by creation time. A bulk load mints one per edge, a million and more, and building each
 * id character by character made minting a large share of its time and garbage: this mints a
 * block of ids at once, as the characters of one string, and hands out slices of it.
 */
export class IdMinter {
  readonly #random = Buffer.alloc(RANDOM_BYTES * BLOCK_IDS);
  readonly #chars = Buffer.alloc(ID_CHARS * BLOCK_IDS);
  #block = '';
  #next = BLOCK_IDS;

  /** A new id. */
  mint(): string {
    if (this.#next === BLOCK_IDS) this.#refill();
    const start = this.#next * ID_CHARS;
    this.#next += 1;
    return this.#block.slice(start, start + ID_CHARS);
  }

  #refill(): void {
    randomFillSync(this.#random);
    const chars = this.#chars;
    // Every id of a block is minted in the millisecond of its refill.
    writeTime(chars, Date.now());
    for (let id = 1; id < BLOCK_IDS; id += 1) chars.copy(chars, id * ID_CHARS, 0, TIME_CHARS);
    for (let id = 0; id < BLOCK_IDS; id += 1) {
      const from = id * RANDOM_BYTES;
      const at = id * ID_CHARS + TIME_CHARS;
      writeRandom(chars, at, this.#random, from);
      writeRandom(chars, at + 8, this.#random, from + 5);
    }
    this.#block = chars.toString('latin1');
    this.#next = 0;
  }
}

/** 48 bits of milliseconds as 10 digits of 5 bits, most significant first, at the start. */
function writeTime(chars: Buffer, now: number): void {
  let t = now;
  for (let i = TIME_CHARS - 1; i >= 0; i -= 1) {
    chars[i] = ALPHABET[t % 32] ?? 0;
    t = Math.floor(t / 32);
  }
}

/** 40 random bits (five bytes) as 8 digits of 5 bits, most significant first. */
function writeRandom(chars: Buffer, at: number, random: Buffer, from: number): void {
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
