import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { LoadData } from '../../api/load-output.js';
import { fileReadError } from '../../util/file-read-error.js';
import { OmniError } from '../../util/omni-error.js';
import { spoolToTempFile } from '../../util/spool-to-temp-file.js';
import { decodeUtf8Strict } from '../../util/strict-utf8.js';

/**
 * Where a load reads NDJSON from. A load reads it twice (validation, then write): see
 * {@link rereadable} for files that can be read only once.
 */
export type LoadSource =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  /** `path` resolved; `given` as the caller wrote it, for messages (default: `path`). */
  | { readonly kind: 'file'; readonly path: string; readonly given?: string };

/** The source of a request's data: text as it is, bytes, a path resolved against `cwd`. */
export function loadSourceOf(data: LoadData, cwd: string): LoadSource {
  if (typeof data === 'string') return { kind: 'text', text: data };
  if (data instanceof Uint8Array) return { kind: 'bytes', bytes: data };
  return { kind: 'file', path: path.resolve(cwd, data.path), given: data.path };
}

/** A source that can be read again, and what to do once the load is done with it. */
export interface RereadableSource {
  readonly source: LoadSource;
  close(): Promise<void>;
}

/**
 * `source`, readable twice: a file that is not a regular file (a pipe such as `<(…)`, a device)
 * yields its bytes only once, so it is first copied to a temporary file. A directory or a
 * missing file is refused here, naming the path as given.
 */
export async function rereadable(source: LoadSource): Promise<RereadableSource> {
  const none = { source, close: () => Promise.resolve() };
  if (source.kind !== 'file') return none;
  const given = source.given ?? source.path;
  const info = await stat(source.path).catch((error: unknown) => {
    throw fileReadError('data', given, error);
  });
  if (info.isFile()) return none;
  if (info.isDirectory()) throw fileReadError('data', given, { code: 'EISDIR' });
  const copy = await spoolToTempFile(fileChunks(source), 'data.jsonl');
  return { source: { ...source, path: copy.path }, close: () => copy.remove() };
}

/** One non-blank input line and its 1-based number. */
export interface SourceLine {
  readonly line: number;
  readonly text: string;
}

/** Longest accepted line, in bytes (docs/reference/ndjson.md). */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

function tooLong(line: number): OmniError {
  return new OmniError('resource_limit', `line ${line}: longer than ${MAX_LINE_BYTES} bytes`, {
    details: { resource: 'graph_batch_line_bytes', limit: MAX_LINE_BYTES, line },
  });
}

/**
 * The non-blank lines of a source, in order. Lines end at `\n` (a `\r` before it is dropped);
 * bytes are decoded as strict UTF-8, so an invalid byte is an error naming its line, never
 * replaced. Memory holds one line at a time.
 */
export async function* readSourceLines(source: LoadSource): AsyncGenerator<SourceLine> {
  switch (source.kind) {
    case 'text':
      yield* textLines(source.text);
      return;
    case 'bytes':
      yield* byteLines([source.bytes]);
      return;
    case 'file':
      yield* byteLines(fileChunks(source));
      return;
  }
}

function* textLines(text: string): Generator<SourceLine> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    // UTF-16 length is a lower bound of the UTF-8 length; measure exactly only near the limit.
    if (line.length * 3 > MAX_LINE_BYTES && Buffer.byteLength(line) > MAX_LINE_BYTES)
      throw tooLong(i + 1);
    if (line.trim().length > 0) yield { line: i + 1, text: line };
  }
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

async function* byteLines(
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncGenerator<SourceLine> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let line = 1;
  const take = (piece: Uint8Array): void => {
    pendingBytes += piece.length;
    if (pendingBytes > MAX_LINE_BYTES) throw tooLong(line);
    pending.push(piece);
  };
  const finish = (): SourceLine | undefined => {
    let bytes = pending.length === 1 ? (pending[0] ?? new Uint8Array()) : Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    if (bytes.at(-1) === CARRIAGE_RETURN) bytes = bytes.subarray(0, -1);
    const text = decodeLine(bytes, line);
    line += 1;
    return text.trim().length > 0 ? { line: line - 1, text } : undefined;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
      take(chunk.subarray(start, end));
      const next = finish();
      if (next) yield next;
      start = end + 1;
    }
    if (start < chunk.length) take(chunk.subarray(start));
  }
  const last = finish();
  if (last) yield last;
}

async function* fileChunks(source: {
  readonly path: string;
  readonly given?: string;
}): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(source.path);
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    throw fileReadError('data', source.given ?? source.path, error);
  }
}

function decodeLine(bytes: Uint8Array, line: number): string {
  const decoded = decodeUtf8Strict(bytes);
  if (decoded.ok) return decoded.text;
  const { column, message } = decoded.fault;
  throw new OmniError(
    'bad_request',
    `line ${line}: ${message} at column ${column}; load data must be UTF-8 text`,
    { details: { line, column } },
  );
}
