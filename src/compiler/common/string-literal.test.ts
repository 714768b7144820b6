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

  it('refuses text that is not well-formed Unicode, naming the lone surrogate', () => {
    expect(decodeStringLiteral('ab\ud800')).toEqual({
      ok: false,
      message: 'string literal is not well-formed Unicode: lone surrogate U+D800 at character 3',
    });
    // Even after a backslash, which would otherwise be an unsupported escape.
    expect(decodeStringLiteral('\\\udc00')).toMatchObject({ ok: false });
    expect(decodeStringLiteral('\u{1F680}')).toEqual({ ok: true, value: '\u{1F680}' });
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
