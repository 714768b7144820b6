import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { LoadData } from '../../api/load-output.js';
import { fileReadError } from '../../util/file-read-error.js';
import { OmniError } from '../../util/omni-error.js';
import { spoolToTempFile } from '../../util/spool-to-temp-file.js';
import {
  MAX_LINE_BYTES,
  utf8Lines,
  type LineFaults,
  type NumberedLine,
} from '../../util/utf8-lines.js';

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
export async function* readSourceLines(source: LoadSource): AsyncGenerator<NumberedLine> {
  switch (source.kind) {
    case 'text':
      yield* textLines(source.text);
      return;
    case 'bytes':
      yield* utf8Lines([source.bytes], LOAD_LINE_FAULTS);
      return;
    case 'file':
      yield* utf8Lines(fileChunks(source), LOAD_LINE_FAULTS);
      return;
  }
}

function* textLines(text: string): Generator<NumberedLine> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    // UTF-16 length is a lower bound of the UTF-8 length; measure exactly only near the limit.
    if (line.length * 3 > MAX_LINE_BYTES && Buffer.byteLength(line) > MAX_LINE_BYTES)
      throw tooLong(i + 1);
    if (line.trim().length > 0) yield { line: i + 1, text: line };
  }
}

/** The load format's wording of a line's faults. */
const LOAD_LINE_FAULTS: LineFaults = {
  tooLong,
  notUtf8: (line, column, message) =>
    new OmniError(
      'bad_request',
      `line ${line}: ${message} at column ${column}; load data must be UTF-8 text`,
      { details: { line, column } },
    ),
};

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
