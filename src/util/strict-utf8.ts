// A BOM is kept: text is decoded exactly, and a BOM where JSON or a source does not allow one
// is reported there rather than dropped silently.
const STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const LENIENT = new TextDecoder('utf-8', { ignoreBOM: true });

/** The first invalid UTF-8 sequence of some bytes: 1-based line and column (in characters). */
export interface Utf8Fault {
  readonly line: number;
  readonly column: number;
  /** `invalid UTF-8 byte 0xFF` */
  readonly message: string;
}

/** Decoded text, or where the bytes stop being UTF-8. */
export type Utf8Decoded =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly fault: Utf8Fault };

/**
 * Decodes bytes as strict UTF-8: an invalid byte is reported with its position, never replaced
 * with U+FFFD, so text is stored exactly as the bytes say or not at all.
 *
 * @example decodeUtf8Strict(new Uint8Array([0x61, 0xff])) // { ok: false, fault: { line: 1, column: 2, message: 'invalid UTF-8 byte 0xFF' } }
 */
export function decodeUtf8Strict(bytes: Uint8Array): Utf8Decoded {
  try {
    return { ok: true, text: STRICT.decode(bytes) };
  } catch {
    return { ok: false, fault: firstFault(bytes) };
  }
}

/**
 * The lenient decoding matches the bytes exactly up to the first invalid sequence, which it
 * replaces with U+FFFD; a U+FFFD the bytes really hold is told apart by its encoding (EF BF BD).
 */
function firstFault(bytes: Uint8Array): Utf8Fault {
  let offset = 0;
  let line = 1;
  let column = 1;
  for (const char of LENIENT.decode(bytes)) {
    const replaced =
      char === '\ufffd' &&
      !(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd);
    if (replaced) break;
    const codePoint = char.codePointAt(0) ?? 0;
    offset += utf8Length(codePoint);
    if (char === '\n') {
      line += 1;
      column = 1;
    } else column += 1;
  }
  const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return { line, column, message: `invalid UTF-8 byte 0x${byte}` };
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  return codePoint < 0x10000 ? 3 : 4;
}
