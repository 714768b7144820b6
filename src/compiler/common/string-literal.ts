import { wellFormedTextProblem } from '../../util/well-formed-text.js';

/** The outcome of decoding a string literal: its value, or why it is invalid. */
export type DecodedString =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly message: string };

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** A backslash and what follows it: one code point, or nothing at the end of the text. */
const ESCAPE_SEQUENCE = /\\(.|$)/gsu;

/**
 * Decodes the text between the quotes of a `.pg`/`.gq` string literal. The escapes are `\"`,
 * `\\`, `\n`, `\r` and `\t`; any other yields `unsupported escape sequence: \x`. Text that is not
 * well-formed Unicode (a lone surrogate, possible in a source given as a JS string) is refused
 * as every input's text is. Returns a result rather than throwing so a grammar action can
 * report the failure at the literal's position.
 *
 * @example decodeStringLiteral('a\\tb') // { ok: true, value: 'a\tb' }
 */
export function decodeStringLiteral(body: string): DecodedString {
  const problem = wellFormedTextProblem(body);
  if (problem !== undefined) {
    return { ok: false, message: `string literal is not well-formed Unicode: ${problem}` };
  }
  for (const [, escaped = ''] of body.matchAll(ESCAPE_SEQUENCE)) {
    if (ESCAPES[escaped] === undefined) {
      return { ok: false, message: `unsupported escape sequence: \\${escaped}` };
    }
  }
  return {
    ok: true,
    value: body.replace(ESCAPE_SEQUENCE, (_, escaped: string) => ESCAPES[escaped] ?? ''),
  };
}

const ENCODINGS: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * The string literal (with quotes) that decodes to `value`; the inverse of
 * {@link decodeStringLiteral}.
 *
 * @example formatStringLiteral('say "hi"') // '"say \\"hi\\""'
 */
export function formatStringLiteral(value: string): string {
  return `"${value.replace(/["\\\n\r\t]/gu, (char) => ENCODINGS[char] ?? char)}"`;
}
