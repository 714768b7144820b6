import { decodeUtf8Strict } from './strict-utf8.js';

/** One non-blank line of a text and its 1-based number. */
export interface NumberedLine {
  readonly line: number;
  readonly text: string;
}

/** Longest accepted line, in bytes: the load format's limit (docs/reference/ndjson.md). */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

/** The errors a reader of lines raises, worded for what it reads. */
export interface LineFaults {
  /** Line `line` is longer than {@link MAX_LINE_BYTES}. */
  readonly tooLong: (line: number) => Error;
  /** Line `line` is not UTF-8 at `column` (1-based, in characters decoded so far). */
  readonly notUtf8: (line: number, column: number, message: string) => Error;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * The non-blank lines of a stream of bytes, in order, holding one line in memory at a time.
 * Lines end at `\n` (a `\r` before it is dropped); bytes are decoded as strict UTF-8, so an
 * invalid byte is an error naming its line and column, never replaced.
 */
export async function* utf8Lines(
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  faults: LineFaults,
): AsyncGenerator<NumberedLine> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let line = 1;
  const take = (piece: Uint8Array): void => {
    pendingBytes += piece.length;
    if (pendingBytes > MAX_LINE_BYTES) throw faults.tooLong(line);
    pending.push(piece);
  };
  const finish = (): NumberedLine | undefined => {
    let bytes = pending.length === 1 ? (pending[0] ?? new Uint8Array()) : Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    if (bytes.at(-1) === CARRIAGE_RETURN) bytes = bytes.subarray(0, -1);
    const decoded = decodeUtf8Strict(bytes);
    if (!decoded.ok) throw faults.notUtf8(line, decoded.fault.column, decoded.fault.message);
    line += 1;
    return decoded.text.trim().length > 0 ? { line: line - 1, text: decoded.text } : undefined;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
      take(chunk.subarray(start, end));
      const next = finish();
      if (next !== undefined) yield next;
      start = end + 1;
    }
    if (start < chunk.length) take(chunk.subarray(start));
  }
  const last = finish();
  if (last !== undefined) yield last;
}
