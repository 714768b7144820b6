import { OmniError } from '../../util/omni-error.js';
import { checkWellFormedText, wellFormedTextProblem } from '../../util/well-formed-text.js';
import { JSON_CHAR as Ch } from '../../util/json-char-codes.js';

/** Limits of one strict JSON document (one NDJSON line). */
export interface StrictJsonLimits {
  /** Values plus containers: the JSON slots of docs/reference/ndjson.md. */
  readonly maxStructuralSlots: number;
  /** Deepest nesting of arrays and objects. */
  readonly maxDepth: number;
}

export const DEFAULT_STRICT_JSON_LIMITS: StrictJsonLimits = {
  maxStructuralSlots: 131_072,
  maxDepth: 64,
};

/** A parsed JSON value: integers beyond ±(2^53−1) are kept exact as `bigint`. */
export type StrictJsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | readonly StrictJsonValue[]
  | { readonly [key: string]: StrictJsonValue };

/**
 * A JSON parser stricter than `JSON.parse` in the ways a database needs: duplicate object
 * members are an error (JSON.parse keeps the last silently), numbers that overflow to
 * Infinity are an error, integers beyond the safe range stay exact as `bigint`, and the
 * document size is bounded in slots and depth, and every string and member name must be
 * well-formed Unicode (a `\ud800` escape is an error naming the field, `field 'data.name'`).
 * Objects have no prototype, so a `__proto__` member is plain data.
 */
export function parseStrictJson(
  text: string,
  limits: StrictJsonLimits = DEFAULT_STRICT_JSON_LIMITS,
): StrictJsonValue {
  const parser = new StrictJsonParser(text, limits);
  const value = parser.value(0);
  parser.end();
  return value;
}

class StrictJsonParser {
  #pos = 0;
  #slots = 0;
  /** Member names and array indexes down to the value being parsed, to name a bad string. */
  readonly #path: (string | number)[] = [];
  readonly #text: string;
  readonly #limits: StrictJsonLimits;

  constructor(text: string, limits: StrictJsonLimits) {
    this.#text = text;
    this.#limits = limits;
  }

  #fail(message: string): never {
    throw new OmniError('bad_request', `invalid JSON at column ${this.#pos + 1}: ${message}`);
  }

  #ws(): void {
    const t = this.#text;
    let c = t.charCodeAt(this.#pos);
    while (c === Ch.Space || c === Ch.Lf || c === Ch.Cr || c === Ch.Tab)
      c = t.charCodeAt(++this.#pos);
  }

  end(): void {
    this.#ws();
    if (this.#pos < this.#text.length) this.#fail('unexpected content after the value');
  }

  value(depth: number): StrictJsonValue {
    this.#ws();
    if (++this.#slots > this.#limits.maxStructuralSlots) {
      throw new OmniError(
        'bad_request',
        `JSON has more than ${this.#limits.maxStructuralSlots} structural slots`,
        {
          details: {
            resource: 'graph_batch_json_structural_slots',
            limit: this.#limits.maxStructuralSlots,
          },
        },
      );
    }
    const c = this.#text.charCodeAt(this.#pos);
    if (c === Ch.LBrace) return this.#object(depth + 1);
    if (c === Ch.LBracket) return this.#array(depth + 1);
    if (c === Ch.Quote) return this.#string('value');
    if (c === Ch.Minus || (c >= Ch.Zero && c <= Ch.Nine)) return this.#number();
    if (this.#text.startsWith('true', this.#pos)) return this.#literal(4, true);
    if (this.#text.startsWith('false', this.#pos)) return this.#literal(5, false);
    if (this.#text.startsWith('null', this.#pos)) return this.#literal(4, null);
    if (Number.isNaN(c)) this.#fail('unexpected end of input');
    return this.#fail(`unexpected character '${this.#text[this.#pos] ?? ''}'`);
  }

  #literal<T>(length: number, value: T): T {
    this.#pos += length;
    return value;
  }

  #enter(depth: number): void {
    if (depth > this.#limits.maxDepth) this.#fail(`nesting deeper than ${this.#limits.maxDepth}`);
    this.#pos += 1;
  }

  #object(depth: number): Record<string, StrictJsonValue> {
    this.#enter(depth);
    const object = Object.create(null) as Record<string, StrictJsonValue>;
    this.#ws();
    if (this.#text.charCodeAt(this.#pos) === Ch.RBrace) {
      this.#pos += 1;
      return object;
    }
    for (;;) {
      this.#ws();
      if (this.#text.charCodeAt(this.#pos) !== Ch.Quote) this.#fail('expected a member name');
      const key = this.#string('key');
      if (Object.hasOwn(object, key)) this.#fail(`duplicate JSON member '${key}'`);
      this.#ws();
      if (this.#text.charCodeAt(this.#pos) !== Ch.Colon) this.#fail("expected ':'");
      this.#pos += 1;
      this.#path.push(key);
      object[key] = this.value(depth);
      this.#path.pop();
      this.#ws();
      const c = this.#text.charCodeAt(this.#pos++);
      if (c === Ch.RBrace) return object;
      if (c !== Ch.Comma) this.#fail("expected ',' or '}'");
    }
  }

  #array(depth: number): StrictJsonValue[] {
    this.#enter(depth);
    const array: StrictJsonValue[] = [];
    this.#ws();
    if (this.#text.charCodeAt(this.#pos) === Ch.RBracket) {
      this.#pos += 1;
      return array;
    }
    for (;;) {
      this.#path.push(array.length);
      array.push(this.value(depth));
      this.#path.pop();
      this.#ws();
      const c = this.#text.charCodeAt(this.#pos++);
      if (c === Ch.RBracket) return array;
      if (c !== Ch.Comma) this.#fail("expected ',' or ']'");
    }
  }

  #string(role: 'key' | 'value'): string {
    const t = this.#text;
    const start = this.#pos + 1;
    let i = start;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === Ch.Quote) break;
      if (c === Ch.Backslash) return this.#wellFormed(this.#escapedString(start), role);
      if (Number.isNaN(c)) this.#fail('unterminated string');
      if (c < 0x20) this.#fail('control character in string');
      i += 1;
    }
    this.#pos = i + 1;
    // Text given as a JS string (not decoded from bytes) can hold a lone surrogate unescaped.
    return this.#wellFormed(t.slice(start, i), role);
  }

  /** `text`, unless it is not well-formed Unicode: then a `bad_request` naming the field. */
  #wellFormed(text: string, role: 'key' | 'value'): string {
    if (wellFormedTextProblem(text) === undefined) return text;
    const field = fieldName(this.#path);
    checkWellFormedText(text, stringSubject(field, role), { field });
    return text;
  }

  /** Slow path for strings with escapes: find the end, then let JSON.parse decode it. */
  #escapedString(start: number): string {
    const t = this.#text;
    let i = start;
    for (;;) {
      const c = t.charCodeAt(i);
      if (Number.isNaN(c)) this.#fail('unterminated string');
      if (c === Ch.Backslash) i += 2;
      else if (c === Ch.Quote) break;
      else {
        if (c < 0x20) this.#fail('control character in string');
        i += 1;
      }
    }
    try {
      const decoded = JSON.parse(t.slice(start - 1, i + 1)) as string;
      this.#pos = i + 1;
      return decoded;
    } catch {
      return this.#fail('invalid escape in string');
    }
  }

  #number(): number | bigint {
    const t = this.#text;
    const start = this.#pos;
    let i = start;
    if (t.charCodeAt(i) === Ch.Minus) i += 1;
    const digitsStart = i;
    while (isDigit(t.charCodeAt(i))) i += 1;
    if (i === digitsStart || (t.charCodeAt(digitsStart) === Ch.Zero && i - digitsStart > 1)) {
      this.#fail('invalid number');
    }
    let integer = true;
    if (t.charCodeAt(i) === Ch.Dot) {
      integer = false;
      const fraction = ++i;
      while (isDigit(t.charCodeAt(i))) i += 1;
      if (i === fraction) this.#fail('invalid number');
    }
    const e = t.charCodeAt(i);
    if (e === Ch.LowerE || e === Ch.UpperE) {
      integer = false;
      i += 1;
      const sign = t.charCodeAt(i);
      if (sign === Ch.Plus || sign === Ch.Minus) i += 1;
      const exponent = i;
      while (isDigit(t.charCodeAt(i))) i += 1;
      if (i === exponent) this.#fail('invalid number');
    }
    this.#pos = i;
    const token = t.slice(start, i);
    if (integer && i - digitsStart > 15) {
      const exact = BigInt(token);
      return exact >= BigInt(Number.MIN_SAFE_INTEGER) && exact <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(exact)
        : exact;
    }
    const value = Number(token);
    if (!Number.isFinite(value)) this.#fail(`non-finite number ${token}`);
    return value;
  }
}

/** A path as messages name fields: `data.tags[1]`. */
function fieldName(path: readonly (string | number)[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
}

/** How a message names a string: `field 'data.name'`, `a member name in 'data'`. */
function stringSubject(field: string, role: 'key' | 'value'): string {
  if (role === 'key') return `a member name in ${field === '' ? 'the top level' : `'${field}'`}`;
  return field === '' ? 'the value' : `field '${field}'`;
}

function isDigit(c: number): boolean {
  return c >= Ch.Zero && c <= Ch.Nine;
}

/** True for a parsed JSON object (not an array, not null). */
export function isJsonObject(
  value: StrictJsonValue | undefined,
): value is { readonly [key: string]: StrictJsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
