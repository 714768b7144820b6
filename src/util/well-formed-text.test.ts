import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOmniError } from './omni-error.js';
import { checkWellFormedText, wellFormedTextProblem } from './well-formed-text.js';

describe('wellFormedTextProblem', () => {
  it('accepts well-formed text, astral characters and U+FFFD included', () => {
    for (const text of ['', 'plain', 'é', '\u{1F600}', 'a\ud83d\ude00b', '\ufffd', '\u0000'])
      expect(wellFormedTextProblem(text), text).toBeUndefined();
  });

  it('names the first lone surrogate and its character position', () => {
    expect(wellFormedTextProblem('\ud800')).toBe('lone surrogate U+D800 at character 1');
    expect(wellFormedTextProblem('ab\udfff')).toBe('lone surrogate U+DFFF at character 3');
    // A pair counts as one character; a reversed pair is two lone surrogates.
    expect(wellFormedTextProblem('\u{1F600}x\udc00\ud800')).toBe(
      'lone surrogate U+DC00 at character 3',
    );
    expect(wellFormedTextProblem('\ude00\ud83d')).toBe('lone surrogate U+DE00 at character 1');
  });

  it('agrees with String.prototype.isWellFormed on random UTF-16 strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (text) => {
        const native = (text as string & { isWellFormed(): boolean }).isWellFormed();
        expect(wellFormedTextProblem(text) === undefined).toBe(native);
      }),
    );
  });
});

describe('checkWellFormedText', () => {
  it('throws a bad_request starting with the subject, with the given details', () => {
    expect(() => {
      checkWellFormedText('fine', "param 'x'");
    }).not.toThrow();
    let thrown: unknown;
    try {
      checkWellFormedText('a\ud800', "param 'name'", { param: 'name' });
    } catch (error) {
      thrown = error;
    }
    expect(isOmniError(thrown, 'bad_request')).toBe(true);
    expect((thrown as Error).message).toBe(
      "param 'name' is not well-formed Unicode: lone surrogate U+D800 at character 2",
    );
    expect(isOmniError(thrown) && thrown.details).toEqual({ param: 'name' });
  });
});
