import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileReadError } from '../util/file-read-error.js';
import { OmniError } from '../util/omni-error.js';
import { decodeUtf8Strict } from '../util/strict-utf8.js';
import type { CliIo } from './cli-io.js';

/**
 * Reads a UTF-8 text file named on the command line, relative to the working directory. A
 * missing file is `not_found` and a directory or unreadable file `bad_request`, naming it as
 * given (`cannot read schema file 'x.pg': no such file`); bytes that are not UTF-8 are a
 * `bad_request` naming the line and column, never replaced.
 */
export async function readTextFile(io: CliIo, file: string, what: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path.resolve(io.cwd, file));
  } catch (error) {
    throw fileReadError(what, file, error);
  }
  const decoded = decodeUtf8Strict(bytes);
  if (decoded.ok) return decoded.text;
  const { line, column, message } = decoded.fault;
  throw new OmniError(
    'bad_request',
    `${what} file '${file}': ${message} at line ${line}, column ${column}; the file must be UTF-8 text`,
    { details: { file, line, column } },
  );
}
