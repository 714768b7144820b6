import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { LoadData } from '../../api/load-output.js';
import { fileReadError } from '../../util/file-read-error.js';
import { OmniError } from '../../util/omni-error.js';
import { spoolToTempFile } from '../../util/spool-to-temp-file.js';
import {
  MAX_LINE_BYTES,
  utf8LineBatches,
  type LineFaults,
  type NumberedLine,
} from '../../util/utf8-lines.js';

/**
 * The default size of a batch of lines: bytes read from a file at a time (or cut from bytes in
 * memory, characters from a text), decoded in one call. Small enough that the rows parsed from
 * one batch are garbage before the next young-generation collection, rather than moved to the
 * old generation, which made a load's heap grow by hundreds of megabytes of garbage.
 */
export const BATCH_BYTES = 128 * 1024;

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
  const copy = await spoolToTempFile(fileChunks(source, BATCH_BYTES), 'data.jsonl');
  return { source: { ...source, path: copy.path }, close: () => copy.remove() };
}

/**
 * The size of a source: characters of a text, bytes otherwise (at least its characters). A file
 * that cannot be read counts as empty; reading it reports the error.
 */
export async function sourceSize(source: LoadSource): Promise<number> {
  switch (source.kind) {
    case 'text':
      return source.text.length;
    case 'bytes':
      return source.bytes.length;
    case 'file':
      return (await stat(source.path).catch(() => undefined))?.size ?? 0;
  }
}

function tooLong(line: number): OmniError {
  return new OmniError('resource_limit', `line ${line}: longer than ${MAX_LINE_BYTES} bytes`, {
    details: { resource: 'graph_batch_line_bytes', limit: MAX_LINE_BYTES, line },
  });
}

/**
 * The non-blank lines of a source, in order, in batches of about `batchBytes` of input. Lines end
 * at `\n` (a `\r` before it is dropped); bytes are decoded as strict UTF-8, so an invalid byte
 * is an error naming its line, never replaced; it is raised after the batch of the lines before
 * it. Memory holds one chunk of input at a time (one line, when a line is longer).
 */
export async function* readSourceBatches(
  source: LoadSource,
  batchBytes: number = BATCH_BYTES,
): AsyncGenerator<NumberedLine[]> {
  switch (source.kind) {
    case 'text':
      yield* textBatches(source.text, batchBytes);
      return;
    case 'bytes':
    case 'file':
      yield* utf8LineBatches(sourceChunks(source, batchBytes), LOAD_LINE_FAULTS);
      return;
  }
}

/** A source held as bytes or read from a file: one its lines can be read from as bytes. */
export type ByteSource = Exclude<LoadSource, { readonly kind: 'text' }>;

/** The bytes of `source` in chunks of about `size`, as read (lines are cut by the reader). */
export function sourceChunks(source: ByteSource, size: number): AsyncGenerator<Uint8Array> {
  return source.kind === 'bytes' ? slices(source.bytes, size) : fileChunks(source, size);
}

async function* slices(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += size)
    yield bytes.subarray(start, start + size);
}

function* textBatches(text: string, batchChars: number): Generator<NumberedLine[]> {
  let batch: NumberedLine[] = [];
  let chars = 0;
  let line = 1;
  for (let start = 0; start <= text.length; line += 1) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const raw = text.slice(start, end);
    start = end + 1;
    const body = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // UTF-16 length is a lower bound of the UTF-8 length; measure exactly only near the limit.
    if (body.length * 3 > MAX_LINE_BYTES && Buffer.byteLength(body) > MAX_LINE_BYTES) {
      if (batch.length > 0) yield batch;
      throw tooLong(line);
    }
    if (body.trim().length > 0) batch.push({ line, text: body });
    chars += raw.length + 1;
    if (chars >= batchChars && batch.length > 0) {
      yield batch;
      batch = [];
      chars = 0;
    }
  }
  if (batch.length > 0) yield batch;
}

/** The load format's wording of a line's faults. */
export const LOAD_LINE_FAULTS: LineFaults = {
  tooLong,
  notUtf8: (line, column, message) =>
    new OmniError(
      'bad_request',
      `line ${line}: ${message} at column ${column}; load data must be UTF-8 text`,
      { details: { line, column } },
    ),
};

async function* fileChunks(
  source: { readonly path: string; readonly given?: string },
  size: number,
): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(source.path, { highWaterMark: size });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    throw fileReadError('data', source.given ?? source.path, error);
  }
}
