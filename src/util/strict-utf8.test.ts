import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8Strict } from './strict-utf8.js';

const bytes = (...values: number[]) => new Uint8Array(values);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('decodeUtf8Strict', () => {
  it('decodes UTF-8 exactly, a BOM and U+FFFD kept', () => {
    expect(decodeUtf8Strict(utf8('\ufeffa\ufffd\u{1F600}é'))).toEqual({
      ok: true,
      text: '\ufeffa\ufffd\u{1F600}é',
    });
    expect(decodeUtf8Strict(bytes())).toEqual({ ok: true, text: '' });
  });

  it('reports the first invalid byte by line and character column', () => {
    const cases: readonly [Uint8Array, number, number, string][] = [
      [bytes(0xff), 1, 1, 'FF'],
      [bytes(0x61, 0x62, 0x80), 1, 3, '80'],
      [new Uint8Array([...utf8('ok\nx\u{1F600}'), 0xc0, 0xaf]), 2, 3, 'C0'],
      [new Uint8Array([...utf8('\ufffd\n\n'), 0xed, 0xa0, 0x80]), 3, 1, 'ED'],
      [new Uint8Array([...utf8('é'), 0xe2, 0x82]), 1, 2, 'E2'],
    ];
    for (const [input, line, column, byte] of cases) {
      expect(decodeUtf8Strict(input)).toEqual({
        ok: false,
        fault: { line, column, message: `invalid UTF-8 byte 0x${byte}` },
      });
    }
  });

  it('agrees with a fatal TextDecoder on random bytes, and locates the first fault', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const valid = (input: Uint8Array): boolean => {
      try {
        fatal.decode(input);
        return true;
      } catch {
        return false;
      }
    };
    const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (input) => {
        const decoded = decodeUtf8Strict(input);
        expect(decoded.ok).toBe(valid(input));
        if (decoded.ok) return;
        // The characters before the fault re-encode to a valid prefix; the fault starts there.
        const { line, column, message } = decoded.fault;
        const lines = lenient.decode(input).split('\n').slice(0, line);
        const before = [
          ...lines.slice(0, -1),
          Array.from(lines.at(-1) ?? '')
            .slice(0, column - 1)
            .join(''),
        ];
        const offset = new TextEncoder().encode(before.join('\n')).length;
        expect(valid(input.subarray(0, offset))).toBe(true);
        expect(valid(input.subarray(0, offset + 4))).toBe(false);
        expect(message).toBe(
          `invalid UTF-8 byte 0x${(input[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0')}`,
        );
      }),
      { numRuns: 500 },
    );
  });
});
