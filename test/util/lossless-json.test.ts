import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonText } from '../../src/api/json-text.js';
import { parseLosslessJson } from '../../src/util/lossless-json.js';

/**
 * A value written out with everything `toEqual` overlooks: member order, own `__proto__`
 * members, prototypes, `-0`, and number versus bigint.
 */
function exactly(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (Array.isArray(value)) return `[${value.map(exactly).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const proto = Object.getPrototypeOf(value) === Object.prototype ? '' : '<proto>';
    const members = Object.keys(value).map(
      (key) => `${JSON.stringify(key)}:${exactly((value as Record<string, unknown>)[key])}`,
    );
    return `${proto}{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `value` with its bigints as the numbers `JSON.parse` rounds them to. */
function rounded(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(rounded);
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value))
      Object.defineProperty(copy, key, {
        value: rounded((value as Record<string, unknown>)[key]),
        enumerable: true,
      });
    return copy;
  }
  return value;
}

/**
 * What a parse of `text` gives, written {@link exactly}, or `SyntaxError`; bigints as
 * `JSON.parse` rounds them: `parseLosslessJson` must agree with `JSON.parse` on everything else.
 */
function outcome(parse: (text: string) => unknown, text: string): string {
  try {
    return exactly(rounded(parse(text)));
  } catch (error) {
    expect(error).toBeInstanceOf(SyntaxError);
    return 'SyntaxError';
  }
}

/** Forces the token parser: a 16-digit (but safe) integer first, then `text`. */
const slowPath = (text: string): string => `[1234567890123456,${text}]`;

/** Integers of 64-bit columns, weighted to the edges of the safe range and of I64/U64. */
const wideInteger = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
  fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }),
  fc.constantFrom(
    2n ** 53n - 1n,
    2n ** 53n,
    2n ** 53n + 1n,
    -(2n ** 53n) + 1n,
    -(2n ** 53n),
    -(2n ** 63n),
    2n ** 63n - 1n,
    2n ** 64n - 1n,
  ),
);

/** JSON data holding wide integers as bigint. */
const wideJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    wideInteger,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/**
 * What the parser must give back for `value`: bigints in the safe range as numbers, and, since
 * text cannot tell them apart, a float JSON writes as a bare integer beyond the safe range (from
 * 2^53 up to 10^21) as the bigint it spells; -0 as 0, as JSON writes it.
 */
function expected(value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value))
    return Math.abs(value) < 1e21 ? BigInt(JSON.stringify(value)) : value;
  if (Object.is(value, -0)) return 0; // JSON writes it as 0
  if (typeof value === 'bigint')
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value;
  if (Array.isArray(value)) return value.map(expected);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expected(item)]));
  return value;
}

describe('parseLosslessJson', () => {
  it('keeps integers beyond the safe range exact, and safe ones as numbers', () => {
    expect(parseLosslessJson('[9007199254740991,9007199254740992,-9007199254740993]')).toEqual([
      9007199254740991,
      9007199254740992n,
      -9007199254740993n,
    ]);
    expect(parseLosslessJson('{"max":18446744073709551615,"min":-9223372036854775808}')).toEqual({
      max: 2n ** 64n - 1n,
      min: -(2n ** 63n),
    });
    // A fraction or an exponent makes a number a float, however many digits it has.
    expect(parseLosslessJson('[12345678901234567890.5,1e400,90071992547409930e-1]')).toEqual([
      Number('12345678901234567890.5'),
      Infinity,
      Number('9007199254740993'),
    ]);
  });

  it('reads back what jsonText wrote, wide integers included', () => {
    fc.assert(
      fc.property(wideJson, (value) => {
        expect(exactly(parseLosslessJson(jsonText(value)))).toBe(exactly(expected(value)));
        expect(exactly(parseLosslessJson(jsonText(value, 2)))).toBe(exactly(expected(value)));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with JSON.parse on any JSON, its bigints rounded as JSON.parse rounds them', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(outcome(parseLosslessJson, slowPath(text))).toBe(
          outcome(JSON.parse, slowPath(text)),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('accepts and refuses exactly the texts JSON.parse does', () => {
    const edited = fc
      .tuple(fc.json(), fc.nat(), fc.nat({ max: 3 }), fc.string({ maxLength: 3 }))
      .map(([text, at, cut, insert]) => {
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i + cut);
      });
    fc.assert(
      fc.property(fc.oneof(edited, fc.string()), (text) => {
        expect(outcome(parseLosslessJson, text)).toBe(outcome(JSON.parse, text));
        expect(outcome(parseLosslessJson, slowPath(text))).toBe(
          outcome(JSON.parse, slowPath(text)),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('matches JSON.parse on the corners: members, escapes, whitespace, signs', () => {
    const corners = [
      '{"a":1,"a":2,"b":3}',
      '{"b":1,"2":2,"1":3,"a":4}',
      '{"__proto__":{"x":1},"y":2}',
      '{"constructor":1,"toString":2,"hasOwnProperty":3}',
      '"\\u00e9\\ud83d\\ude00\\n\\"\\\\\\/"',
      '"\\ud800"',
      '"\ud800"',
      '"\\x41"',
      '"\\u12"',
      '"a\u0001"',
      '"a\u007f"',
      ' \t\r\n[ 1 , -0 , 0.5e-3 , -1E+2 ] \n',
      '[01]',
      '[1.]',
      '[.5]',
      '[-]',
      '[+1]',
      '[1,]',
      '{"a":1,}',
      '{a:1}',
      '[tru]',
      '[nul]',
      'nulls',
      '[1]]',
      '',
      ' ',
      '\u00a0[1]',
    ];
    for (const text of corners) {
      expect(outcome(parseLosslessJson, slowPath(text)), text).toBe(
        outcome(JSON.parse, slowPath(text)),
      );
      expect(outcome(parseLosslessJson, text), text).toBe(outcome(JSON.parse, text));
    }
  });

  it('parses deep nesting, and reports nesting deeper than the stack as a SyntaxError', () => {
    const deep = (depth: number) => `${'['.repeat(depth)}9007199254740993${']'.repeat(depth)}`;
    let value = parseLosslessJson(deep(1000));
    for (let i = 0; i < 1000; i += 1) value = (value as unknown[])[0];
    expect(value).toBe(9007199254740993n);
    expect(() => parseLosslessJson(deep(1_000_000))).toThrow(SyntaxError);
  });
});
