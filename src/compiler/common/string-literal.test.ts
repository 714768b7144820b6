import { describe, expect, it } from 'vitest';
import { decodeStringLiteral, formatStringLiteral } from './string-literal.js';

describe('decodeStringLiteral', () => {
  it('decodes the five escapes', () => {
    expect(decodeStringLiteral('a\\"b\\\\c\\nd\\re\\tf')).toEqual({
      ok: true,
      value: 'a"b\\c\nd\re\tf',
    });
  });

  it('keeps text without escapes as it is', () => {
    expect(decodeStringLiteral('plain ünïcode 🚀')).toEqual({
      ok: true,
      value: 'plain ünïcode 🚀',
    });
  });

  it('refuses any other escape, naming it', () => {
    expect(decodeStringLiteral('a\\qb')).toEqual({
      ok: false,
      message: 'unsupported escape sequence: \\q',
    });
    expect(decodeStringLiteral('\\u0041')).toEqual({
      ok: false,
      message: 'unsupported escape sequence: \\u',
    });
  });

  it('refuses a trailing backslash', () => {
    expect(decodeStringLiteral('abc\\')).toEqual({
      ok: false,
      message: 'unsupported escape sequence: \\',
    });
  });
});

describe('formatStringLiteral', () => {
  it('is the inverse of decoding', () => {
    const value = 'say "hi"\\\n\r\t done';
    const literal = formatStringLiteral(value);
    expect(literal).toBe('"say \\"hi\\"\\\\\\n\\r\\t done"');
    expect(decodeStringLiteral(literal.slice(1, -1))).toEqual({ ok: true, value });
  });
});
