import { JSON_CHAR as Ch } from './json-char-codes.js';

/**
 * JSON text parsed exactly as `JSON.parse` parses it, except that an integer written beyond the
 * safe range (±(2^53 − 1)) comes back exact, as a `bigint`, where `JSON.parse` would round it.
 * Everything else is the same value: numbers with a fraction or an exponent are `Number(token)`,
 * duplicate members keep the last value at the first one's place, `__proto__` is an own member,
 * and malformed text is a `SyntaxError`.
 *
 * Node 20's `JSON.parse` gives a reviver no access to a number's source text, so the numbers are
 * read here from their tokens. An integer token beyond the safe range has at least 16 digits;
 * text without such an integer part (most responses) is handed to `JSON.parse` unchanged.
 *
 * @example parseLosslessJson('{"id":9007199254740993,"n":1}') // { id: 9007199254740993n, n: 1 }
 */
export function parseLosslessJson(text: string): unknown {
  if (!LONG_DIGIT_RUN.test(text)) return JSON.parse(text);
  const parser = new LosslessJsonParser(text);
  let value: unknown;
  try {
    value = parser.value();
  } catch (error) {
    // Nesting deep enough to exhaust the stack is not a document this client is sent.
    if (error instanceof RangeError) throw new SyntaxError('JSON nested too deeply');
    throw error;
  }
  parser.end();
  return value;
}

/**
 * The start of an integer part of 16 digits or more: an integer beyond the safe range has one
 * (2^53 has 16 digits). A fraction's digits follow a `.` and do not count.
 */
const LONG_DIGIT_RUN = /(?<![0-9.])[0-9]{16}/;

class LosslessJsonParser {
  readonly #text: string;
  #pos = 0;

  constructor(text: string) {
    this.#text = text;
  }

  #fail(message: string): never {
    throw new SyntaxError(`${message} in JSON at position ${this.#pos}`);
  }

  #ws(): void {
    const t = this.#text;
    let c = t.charCodeAt(this.#pos);
    while (c === Ch.Space || c === Ch.Lf || c === Ch.Cr || c === Ch.Tab)
      c = t.charCodeAt(++this.#pos);
  }

  /** Only whitespace may follow the value. */
  end(): void {
    this.#ws();
    if (this.#pos < this.#text.length) this.#fail('Unexpected non-whitespace character');
  }

  value(): unknown {
    this.#ws();
    const c = this.#text.charCodeAt(this.#pos);
    if (c === Ch.LBrace) return this.#object();
    if (c === Ch.LBracket) return this.#array();
    if (c === Ch.Quote) return this.#string();
    if (c === Ch.Minus || (c >= Ch.Zero && c <= Ch.Nine)) return this.#number();
    if (this.#text.startsWith('true', this.#pos)) return this.#literal(4, true);
    if (this.#text.startsWith('false', this.#pos)) return this.#literal(5, false);
    if (this.#text.startsWith('null', this.#pos)) return this.#literal(4, null);
    return this.#fail(Number.isNaN(c) ? 'Unexpected end' : 'Unexpected token');
  }

  #literal<T>(length: number, value: T): T {
    this.#pos += length;
    return value;
  }

  #object(): Record<string, unknown> {
    this.#pos += 1;
    const object: Record<string, unknown> = {};
    this.#ws();
    if (this.#text.charCodeAt(this.#pos) === Ch.RBrace) {
      this.#pos += 1;
      return object;
    }
    for (;;) {
      this.#ws();
      if (this.#text.charCodeAt(this.#pos) !== Ch.Quote) this.#fail('Expected a member name');
      const key = this.#string();
      this.#ws();
      if (this.#text.charCodeAt(this.#pos) !== Ch.Colon) this.#fail("Expected ':'");
      this.#pos += 1;
      const value = this.value();
      // Like JSON.parse: a member named `__proto__` is data, not the object's prototype.
      if (key === '__proto__')
        Object.defineProperty(object, key, {
          value,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      else object[key] = value;
      this.#ws();
      const c = this.#text.charCodeAt(this.#pos++);
      if (c === Ch.RBrace) return object;
      if (c !== Ch.Comma) this.#fail("Expected ',' or '}'");
    }
  }

  #array(): unknown[] {
    this.#pos += 1;
    const array: unknown[] = [];
    this.#ws();
    if (this.#text.charCodeAt(this.#pos) === Ch.RBracket) {
      this.#pos += 1;
      return array;
    }
    for (;;) {
      array.push(this.value());
      this.#ws();
      const c = this.#text.charCodeAt(this.#pos++);
      if (c === Ch.RBracket) return array;
      if (c !== Ch.Comma) this.#fail("Expected ',' or ']'");
    }
  }

  /** A string token; one with escapes is decoded (and its escapes checked) by `JSON.parse`. */
  #string(): string {
    const t = this.#text;
    const start = this.#pos;
    let escaped = false;
    let i = start + 1;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === Ch.Quote) break;
      if (c === Ch.Backslash) {
        escaped = true;
        i += 2;
        continue;
      }
      if (Number.isNaN(c)) this.#fail('Unterminated string');
      if (c < 0x20) this.#fail('Bad control character in string literal');
      i += 1;
    }
    this.#pos = i + 1;
    return escaped ? (JSON.parse(t.slice(start, i + 1)) as string) : t.slice(start + 1, i);
  }

  /** A number token, by the grammar of RFC 8259: `-? (0 | [1-9][0-9]*) fraction? exponent?`. */
  #number(): number | bigint {
    const t = this.#text;
    const start = this.#pos;
    let i = start;
    if (t.charCodeAt(i) === Ch.Minus) i += 1;
    if (t.charCodeAt(i) === Ch.Zero) i += 1;
    else if (isDigit(t.charCodeAt(i))) i = this.#digits(i);
    else {
      this.#pos = i;
      this.#fail('No number after minus sign');
    }
    let integer = true;
    if (t.charCodeAt(i) === Ch.Dot && isDigit(t.charCodeAt(i + 1))) {
      integer = false;
      i = this.#digits(i + 1);
    }
    const e = t.charCodeAt(i);
    if (e === Ch.LowerE || e === Ch.UpperE) {
      let j = i + 1;
      const sign = t.charCodeAt(j);
      if (sign === Ch.Plus || sign === Ch.Minus) j += 1;
      if (isDigit(t.charCodeAt(j))) {
        integer = false;
        i = this.#digits(j);
      }
    }
    this.#pos = i;
    const token = t.slice(start, i);
    const value = Number(token);
    // An integer token is exact as a number exactly when it lies in the safe range.
    return integer && !Number.isSafeInteger(value) ? BigInt(token) : value;
  }

  /** The end of the run of digits starting at `i`. */
  #digits(i: number): number {
    const t = this.#text;
    let end = i;
    while (isDigit(t.charCodeAt(end))) end += 1;
    return end;
  }
}

function isDigit(c: number): boolean {
  return c >= Ch.Zero && c <= Ch.Nine;
}
