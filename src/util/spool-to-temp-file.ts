import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { usableTempDir } from './usable-temp-dir.js';

/** A temporary copy of a stream, removed by `remove`. */
export interface SpooledFile {
  readonly path: string;
  remove(): Promise<void>;
}

/**
 * Copies a stream that can be read only once (stdin, a pipe, a request body) into a new file
 * in its own directory under the system temp directory, so it can be read again; memory stays
 * bounded whatever its size. A failed copy leaves nothing behind and rethrows the error.
 */
export async function spoolToTempFile(
  chunks: AsyncIterable<Uint8Array>,
  name: string,
): Promise<SpooledFile> {
  const dir = await mkdtemp(path.join(usableTempDir(), 'omnigraph-spool-'));
  const remove = (): Promise<void> => rm(dir, { recursive: true, force: true });
  const file = path.join(dir, name);
  try {
    await pipeline(chunks, createWriteStream(file, { flags: 'wx' }));
  } catch (error) {
    await remove();
    throw error;
  }
  return { path: file, remove };
}
