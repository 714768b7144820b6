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
const OPEN_BRACE = 0x7b;

/**
 * The non-blank lines of a stream of bytes, in order, holding the lines of one chunk in memory
 * at a time (one line, when a line is longer).
 * Lines end at `\n` (a `\r` before it is dropped); bytes are decoded as strict UTF-8, so an
 * invalid byte is an error naming its line and column, never replaced.
 */
export async function* utf8Lines(
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  faults: LineFaults,
): AsyncGenerator<NumberedLine> {
  for await (const batch of utf8LineBatches(chunks, faults)) yield* batch;
}

/**
 * The non-blank lines of a stream of bytes as {@link utf8Lines} reads them, one batch per chunk
 * that ends a line: the lines a chunk completes are decoded in one call, so a reader pays no
 * per-line decoding or await. A fault (a line too long, a byte that is not UTF-8) is raised once
 * the lines before it have been yielded, as line by line.
 */
export async function* utf8LineBatches(
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  faults: LineFaults,
): AsyncGenerator<NumberedLine[]> {
  const splitter = new LineSplitter(faults);
  for await (const chunk of chunks) {
    const { lines, fault } = splitter.push(chunk);
    if (lines.length > 0) yield lines;
    if (fault) throw fault;
  }
  const { lines, fault } = splitter.end();
  if (lines.length > 0) yield lines;
  if (fault) throw fault;
}

/** The lines a chunk completed, up to the first fault, and that fault. */
interface Split {
  readonly lines: NumberedLine[];
  readonly fault?: Error;
}

/**
 * The non-blank lines of `bytes`, numbered from `firstLine`, decoded as {@link utf8LineBatches}
 * decodes them: up to the first fault, and that fault. `bytes` are whole lines, the newline
 * after the last one left out; `ended` is false when no newline ends it (the end of the input).
 * `nextLine` is the number after the last line read.
 */
export function decodeLines(
  bytes: Uint8Array,
  firstLine: number,
  ended: boolean,
  faults: LineFaults,
): Split & { readonly nextLine: number } {
  const splitter = new LineSplitter(faults, firstLine);
  return { ...splitter.split(bytes, ended), nextLine: splitter.line };
}

/** Cuts chunks of bytes into numbered, decoded lines; keeps the unfinished last line. */
class LineSplitter {
  readonly #faults: LineFaults;
  /** Bytes of the line not ended yet. */
  #open: Uint8Array[] = [];
  #openBytes = 0;
  /** Number of the next line to end. */
  #line: number;

  constructor(faults: LineFaults, firstLine = 1) {
    this.#faults = faults;
    this.#line = firstLine;
  }

  get line(): number {
    return this.#line;
  }

  push(chunk: Uint8Array): Split {
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < 0) return { lines: [], fault: this.#take(chunk) };
    const head = chunk.subarray(0, last);
    const ended = this.#open.length === 0 ? head : Buffer.concat([...this.#open, head]);
    this.#open = [];
    this.#openBytes = 0;
    const split = this.split(ended, true);
    if (split.fault || last + 1 === chunk.length) return split;
    const fault = this.#take(chunk.subarray(last + 1));
    return fault ? { lines: split.lines, fault } : split;
  }

  /** The last line, which no newline ends. */
  end(): Split {
    const rest = this.#open.length === 1 ? this.#open[0] : Buffer.concat(this.#open);
    this.#open = [];
    return this.split(rest ?? new Uint8Array(), false);
  }

  #take(piece: Uint8Array): Error | undefined {
    this.#openBytes += piece.length;
    if (this.#openBytes > MAX_LINE_BYTES) return this.#faults.tooLong(this.#line);
    this.#open.push(piece);
    return undefined;
  }

  /**
   * The lines of `bytes`, separated by newlines; the last one is ended too when `ended`. No
   * line of bytes within the limit can exceed it, and whole valid UTF-8 decodes to its lines'
   * texts, so both are checked on the whole first; only when one fails are the lines taken one
   * by one to find the fault.
   */
  split(bytes: Uint8Array, ended: boolean): Split {
    if (bytes.length <= MAX_LINE_BYTES) {
      const decoded = decodeUtf8Strict(bytes);
      if (decoded.ok) return { lines: this.#textLines(decoded.text, ended) };
    }
    return this.#eachLine(bytes, ended);
  }

  #textLines(text: string, ended: boolean): NumberedLine[] {
    const lines: NumberedLine[] = [];
    // Text that ends no line (the end of the input) may be nothing at all: no line then.
    const parts = !ended && text.length === 0 ? [] : text.split('\n');
    for (let part of parts) {
      const line = this.#line++;
      if (part.charCodeAt(part.length - 1) === CARRIAGE_RETURN) part = part.slice(0, -1);
      if (nonBlank(part)) lines.push({ line, text: part });
    }
    return lines;
  }

  #eachLine(bytes: Uint8Array, ended: boolean): Split {
    const lines: NumberedLine[] = [];
    for (let start = 0; ;) {
      const newline = bytes.indexOf(NEWLINE, start);
      const end = newline < 0 ? bytes.length : newline;
      if (newline < 0 && !ended && end === start) return { lines };
      const one = this.#oneLine(bytes.subarray(start, end));
      if (one instanceof Error) return { lines, fault: one };
      if (one !== undefined) lines.push(one);
      if (newline < 0) return { lines };
      start = newline + 1;
    }
  }

  #oneLine(bytes: Uint8Array): NumberedLine | Error | undefined {
    if (bytes.length > MAX_LINE_BYTES) return this.#faults.tooLong(this.#line);
    const body = bytes.at(-1) === CARRIAGE_RETURN ? bytes.subarray(0, -1) : bytes;
    const decoded = decodeUtf8Strict(body);
    if (!decoded.ok)
      return this.#faults.notUtf8(this.#line, decoded.fault.column, decoded.fault.message);
    const line = this.#line++;
    return nonBlank(decoded.text) ? { line, text: decoded.text } : undefined;
  }
}

/** Whether a line holds more than whitespace; a JSON object line is told at its first byte. */
export function nonBlank(text: string): boolean {
  return text.charCodeAt(0) === OPEN_BRACE || text.trim().length > 0;
}
