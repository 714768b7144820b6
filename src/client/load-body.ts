import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { LoadData } from '../api/load-output.js';
import { fileReadError } from '../util/file-read-error.js';
import type { RequestBody } from './http-transport.js';

/**
 * The request body of a load's data: text and bytes as they are, a file streamed from disk so
 * that memory stays bounded however large it is. A file that cannot be opened fails here, as the
 * engine reports it, before anything is sent.
 */
export async function loadBody(data: LoadData, cwd: string): Promise<RequestBody> {
  if (typeof data === 'string' || data instanceof Uint8Array) return data;
  let handle;
  try {
    handle = await open(resolve(cwd, data.path));
  } catch (error) {
    throw fileReadError('data', data.path, error);
  }
  return Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>;
}
