// Mutations of valid inputs: text edits, byte edits (invalid UTF-8), hostile tokens and values.
import type { Rng } from './rng.js';

/** Words, numbers and characters that parsers, binders and storage tend to mishandle. */
export const HOSTILE_TOKENS: readonly string[] = [
  // keywords, reserved and special names
  'query',
  'match',
  'return',
  'insert',
  'update',
  'delete',
  'where',
  'set',
  'not',
  'limit',
  'order',
  'from',
  'to',
  'id',
  '_rowid',
  'src',
  'dst',
  '__proto__',
  'constructor',
  'null',
  'now()',
  '__nanograph_now',
  // numbers at and beyond the edges
  '99999999999999999999999999',
  '-9223372036854775809',
  '9223372036854775808',
  '18446744073709551616',
  '4294967296',
  '2147483648',
  '1e400',
  '-0',
  '0.0000000000000000000001',
  'NaN',
  'Infinity',
  // characters
  '\uD800',
  '\uDFFF',
  '\u0000',
  '\uFEFF',
  '\u202E',
  '\u2028',
  '🙂',
  '\u{10FFFF}',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '"',
  '\\',
  '\\u',
  '\\ud800',
  ',',
  ':',
  '$',
  '@',
  '.',
  '..',
  '->',
  '\n',
  '//',
  '/*',
  'x'.repeat(5000),
];

/** `depth` openers then closers: `[[[…]]]`. */
export function nested(open: string, close: string, depth: number, inner = ''): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

/** A random UTF-16 code unit, lone surrogates included. */
function randomChar(rng: Rng): string {
  return rng.weighted<() => string>([
    [5, () => String.fromCharCode(rng.int(0x20, 0x7e))],
    [1, () => String.fromCharCode(rng.int(0, 0x1f))],
    [1, () => String.fromCharCode(rng.int(0xd800, 0xdfff))],
    [1, () => String.fromCodePoint(rng.int(0x80, 0x10ffff))],
  ])();
}

type TextEdit = (rng: Rng, text: string) => string;

const TEXT_EDITS: readonly (readonly [string, TextEdit])[] = [
  [
    'replace-char',
    (rng, t) => {
      const at = rng.int(0, Math.max(0, t.length - 1));
      return t.slice(0, at) + randomChar(rng) + t.slice(at + 1);
    },
  ],
  ['truncate', (rng, t) => t.slice(0, rng.int(0, t.length))],
  [
    'insert-token',
    (rng, t) => {
      const at = rng.int(0, t.length);
      return t.slice(0, at) + rng.pick(HOSTILE_TOKENS) + t.slice(at);
    },
  ],
  [
    'delete-span',
    (rng, t) => {
      const at = rng.int(0, t.length);
      return t.slice(0, at) + t.slice(at + rng.int(1, 20));
    },
  ],
  [
    'duplicate-span',
    (rng, t) => {
      const at = rng.int(0, t.length);
      const end = Math.min(t.length, at + rng.int(1, 60));
      return t.slice(0, end) + t.slice(at, end) + t.slice(end);
    },
  ],
  [
    'deep-nesting',
    (rng, t) => {
      const at = rng.int(0, t.length);
      const [open, close] = rng.pick([
        ['[', ']'],
        ['{', '}'],
        ['(', ')'],
        ['not { ', ' }'],
      ] as const);
      return t.slice(0, at) + nested(open, close, rng.pick([50, 1000, 20_000])) + t.slice(at);
    },
  ],
];

/** One to three random edits of `text`; returns the result and the edits' names. */
export function mutateText(rng: Rng, text: string): { text: string; edits: string[] } {
  const edits: string[] = [];
  let out = text;
  for (let i = rng.int(1, 3); i > 0; i -= 1) {
    const [name, edit] = rng.pick(TEXT_EDITS);
    out = edit(rng, out);
    edits.push(name);
  }
  return { text: out, edits };
}

/** Byte sequences that are not UTF-8 (overlong, surrogate, truncated, out of range) and BOM/NUL. */
const BAD_BYTES: readonly (readonly number[])[] = [
  [0xff],
  [0x80],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xe2, 0x82],
  [0xf4, 0x90, 0x80, 0x80],
  [0xef, 0xbb, 0xbf],
  [0x00],
];

/** The UTF-8 bytes of `text` with one to three byte edits. */
export function mutateBytes(rng: Rng, text: string): { bytes: Uint8Array; edits: string[] } {
  let bytes = Array.from(new TextEncoder().encode(text));
  const edits: string[] = [];
  for (let i = rng.int(1, 3); i > 0; i -= 1) {
    const at = rng.int(0, bytes.length);
    const kind = rng.pick(['flip-bit', 'insert-invalid', 'truncate'] as const);
    edits.push(kind);
    if (kind === 'flip-bit' && bytes.length > 0) {
      const index = Math.min(at, bytes.length - 1);
      bytes[index] = (bytes[index] ?? 0) ^ (1 << rng.int(0, 7));
    } else if (kind === 'insert-invalid') {
      bytes = [...bytes.slice(0, at), ...rng.pick(BAD_BYTES), ...bytes.slice(at)];
    } else {
      bytes = bytes.slice(0, at);
    }
  }
  return { bytes: Uint8Array.from(bytes), edits };
}

/** An array nested `depth` deep, built without recursion. */
function deepArray(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = [value];
  return value;
}

/** Values of the wrong type, out of range or odd in other ways, for params. */
export function hostileValue(rng: Rng): unknown {
  return rng.pick<() => unknown>([
    () => 'x',
    () => '',
    () => 1,
    () => -1,
    () => 1.5,
    () => true,
    () => [],
    () => [1, 'a'],
    () => [null],
    () => ({}),
    () => ({ a: 1 }),
    () => '99999999999999999999',
    () => '-9223372036854775809',
    () => 2 ** 53,
    () => -(2 ** 63),
    () => 1e308,
    () => Number.NaN,
    () => Number.POSITIVE_INFINITY,
    () => -0,
    () => '\uD800',
    () => 'a\u0000b',
    () => 'x'.repeat(100_000),
    () => deepArray(rng.pick([10, 1000, 100_000])),
    () => 123n,
    () => '2024-02-30',
    () => '1970-01-01T25:00:00Z',
    () => 'base64:!!',
    () => new Date(0),
    () => Symbol('s'),
    () => () => 1,
  ])();
}
