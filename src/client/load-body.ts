import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { LoadData, LoadProgress } from '../api/load-output.js';
import { fileReadError } from '../util/file-read-error.js';
import type { RequestBody } from './http-transport.js';

/** Least time between two upload progress reports. */
const REPORT_MS = 100;

/**
 * The request body of a load's data: text and bytes as they are, a file streamed from disk so
 * that memory stays bounded however large it is. A file that cannot be opened fails here, as the
 * engine reports it, before anything is sent. With `onProgress`, a file's bytes are counted as
 * the request reads them and reported as `upload` progress at most every 100 ms, and once more
 * when the whole file has been read (unless the last report had it all).
 */
export async function loadBody(
  data: LoadData,
  cwd: string,
  onProgress?: (progress: LoadProgress) => void,
): Promise<RequestBody> {
  if (typeof data === 'string' || data instanceof Uint8Array) return data;
  let handle;
  try {
    handle = await open(resolve(cwd, data.path));
  } catch (error) {
    throw fileReadError('data', data.path, error);
  }
  const stream = Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>;
  if (onProgress === undefined) return stream;
  let totalBytes: number | undefined;
  try {
    totalBytes = (await handle.stat()).size;
  } catch {
    totalBytes = undefined;
  }
  return stream.pipeThrough(uploadCounter(totalBytes, onProgress));
}

/** Passes chunks through unchanged (none held back) and reports the bytes passed so far. */
function uploadCounter(
  totalBytes: number | undefined,
  onProgress: (progress: LoadProgress) => void,
): TransformStream<Uint8Array, Uint8Array> {
  let bytes = 0;
  let last = Number.NEGATIVE_INFINITY;
  let reported = -1;
  const report = (): void => {
    reported = bytes;
    onProgress({
      phase: 'upload',
      done: bytes,
      total: totalBytes,
      bytes,
      ...(totalBytes === undefined ? {} : { totalBytes }),
    });
  };
  return new TransformStream({
    transform(chunk, controller) {
      bytes += chunk.byteLength;
      controller.enqueue(chunk);
      const now = Date.now();
      if (now - last < REPORT_MS) return;
      last = now;
      report();
    },
    flush() {
      // Unless the last chunk's report already said it all.
      if (reported !== bytes) report();
    },
  });
}
