import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { LoadData } from '../../api/load-output.js';
import { OmniError } from '../../util/omni-error.js';

/** Where a load reads NDJSON from. Each can be read more than once (validation, then write). */
export type LoadSource =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'file'; readonly path: string };

/**
 * The source of a request's data: text as it is, bytes decoded as strict UTF-8 (invalid bytes
 * are a `bad_request`, never replaced), a path resolved against `cwd`.
 */
export function loadSourceOf(data: LoadData, cwd: string): LoadSource {
  if (typeof data === 'string') return { kind: 'text', text: data };
  if (data instanceof Uint8Array) return { kind: 'text', text: decodeUtf8(data) };
  return { kind: 'file', path: path.resolve(cwd, data.path) };
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new OmniError('bad_request', 'load data is not valid UTF-8');
  }
}

/** One non-blank input line and its 1-based number. */
export interface SourceLine {
  readonly line: number;
  readonly text: string;
}

/** Longest accepted line, in bytes (docs/reference/ndjson.md). */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

function checkLength(line: number, text: string): void {
  // UTF-16 length is a lower bound of the UTF-8 length; measure exactly only near the limit.
  if (text.length * 3 > MAX_LINE_BYTES && Buffer.byteLength(text) > MAX_LINE_BYTES) {
    throw new OmniError('resource_limit', `line ${line}: longer than ${MAX_LINE_BYTES} bytes`, {
      details: { resource: 'graph_batch_line_bytes', limit: MAX_LINE_BYTES, line },
    });
  }
}

/** The non-blank lines of a source, in order. */
export async function* readSourceLines(source: LoadSource): AsyncGenerator<SourceLine> {
  if (source.kind === 'text') {
    const lines = source.text.split('\n');
    for (let i = 0; i < lines.length; i += 1) {
      const text = (lines[i] ?? '').replace(/\r$/, '');
      if (text.trim().length === 0) continue;
      checkLength(i + 1, text);
      yield { line: i + 1, text };
    }
    return;
  }
  const stream = createReadStream(source.path, { encoding: 'utf8' });
  try {
    await new Promise<void>((resolve, reject) => {
      stream
        .once('open', () => {
          resolve();
        })
        .once('error', reject);
    });
  } catch (error) {
    throw new OmniError(
      'not_found',
      `cannot read data file '${source.path}': ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim().length === 0) continue;
    checkLength(line, text);
    yield { line, text };
  }
}
