import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOmniError } from '../../util/omni-error.js';
import { parseStrictJson } from './strict-json.js';

function errorOf(text: string, limits?: Parameters<typeof parseStrictJson>[1]): string {
  try {
    parseStrictJson(text, limits);
  } catch (error) {
    expect(isOmniError(error, 'bad_request')).toBe(true);
    return (error as Error).message;
  }
  throw new Error(`expected ${text} to be rejected`);
}

describe('parseStrictJson', () => {
  it('parses what JSON.parse parses, to the same values', () => {
    const text =
      '{"type":"Person","data":{"name":"A\\u00e9\\n","age":30,"f":-1.5e3,"ok":true,"n":null,"l":[1,[2]]}}';
    expect(JSON.stringify(parseStrictJson(text))).toBe(JSON.stringify(JSON.parse(text)));
  });

  it('agrees with JSON.parse on random JSON documents', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const text = JSON.stringify(value);
        // Exact big integers come back as bigint; as numbers they must equal JSON.parse's.
        const asNumbers = JSON.stringify(parseStrictJson(text), (_k, v: unknown) =>
          typeof v === 'bigint' ? Number(v) : v,
        );
        expect(asNumbers).toBe(JSON.stringify(JSON.parse(text)));
      }),
    );
  });

  it('rejects duplicate members, which JSON.parse would silently collapse', () => {
    expect(errorOf('{"a":1,"b":2,"a":3}')).toContain("duplicate JSON member 'a'");
    expect(errorOf('{"d":{"x":1,"x":1}}')).toContain("duplicate JSON member 'x'");
  });

  it('keeps integers beyond the safe range exact as bigint', () => {
    expect(parseStrictJson('{"v":9223372036854775807}')).toEqual({ v: 9223372036854775807n });
    expect(parseStrictJson('[-9007199254740993, 9007199254740991]')).toEqual([
      -9007199254740993n,
      9007199254740991,
    ]);
  });

  it('rejects numbers that overflow to Infinity and malformed input', () => {
    expect(errorOf('{"v":1e999}')).toContain('non-finite number');
    expect(errorOf('{"v":01}')).toContain('invalid number');
    expect(errorOf('{"v":1}x')).toContain('unexpected content');
    expect(errorOf('{"v":')).toContain('unexpected end');
    expect(errorOf('not-json')).toContain("unexpected character 'n'");
    expect(errorOf('"a\tb"')).toContain('control character');
  });

  it('bounds structural slots and depth', () => {
    expect(errorOf('[1,2,3,4]', { maxStructuralSlots: 3, maxDepth: 10 })).toContain(
      'more than 3 structural slots',
    );
    expect(errorOf('[[[[1]]]]', { maxStructuralSlots: 100, maxDepth: 3 })).toContain(
      'nesting deeper than 3',
    );
  });

  it('refuses strings that are not well-formed Unicode, naming the field', () => {
    const cases: readonly [string, string][] = [
      [
        '{"data":{"name":"\\ud800"}}',
        "field 'data.name' is not well-formed Unicode: lone surrogate U+D800 at character 1",
      ],
      [
        '{"a":[["x","\\udfffy"]]}',
        "field 'a[0][1]' is not well-formed Unicode: lone surrogate U+DFFF at character 1",
      ],
      [
        '{"a":"ok\\u00e9\\udc00"}',
        "field 'a' is not well-formed Unicode: lone surrogate U+DC00 at character 4",
      ],
      // Unescaped, as a JS string can carry it.
      ['{"a":"x\ud800"}', "field 'a' is not well-formed Unicode"],
      ['{"d":{"\\ud800":1}}', "a member name in 'd' is not well-formed Unicode"],
      ['{"\ude00":1}', 'a member name in the top level is not well-formed Unicode'],
      ['["\\ud800"]', "field '[0]'"],
      ['"\\ud800"', 'the value is not well-formed Unicode'],
      // A reversed pair is two lone surrogates.
      ['{"a":"\\ude00\\ud83d"}', 'lone surrogate U+DE00 at character 1'],
    ];
    for (const [text, message] of cases) expect(errorOf(text), text).toContain(message);
    let details: unknown;
    try {
      parseStrictJson('{"data":{"tags":["\\ud800"]}}');
    } catch (error) {
      details = isOmniError(error) ? error.details : undefined;
    }
    expect(details).toEqual({ field: 'data.tags[0]' });
  });

  it('keeps well-formed strings exactly, escaped pairs joined', () => {
    expect(
      parseStrictJson('{"a":"\\ud83d\\ude00","b":"\u{1F600}","c":"\\ufffd","\\u00e9":"e\u0301"}'),
    ).toEqual({ a: '\u{1F600}', b: '\u{1F600}', c: '\ufffd', '\u00e9': 'e\u0301' });
  });

  it('treats __proto__ as an ordinary member', () => {
    const value = parseStrictJson('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
