import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { OmniError, messageOf } from '../util/omni-error.js';
import type { CliIo } from './cli-io.js';

/**
 * Reads a text file named on the command line, relative to the working directory; a missing
 * or unreadable file is `not_found` naming it (`cannot read schema file 'x.pg': …`).
 */
export async function readTextFile(io: CliIo, file: string, what: string): Promise<string> {
  try {
    return await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new OmniError('not_found', `cannot read ${what} file '${file}': ${messageOf(error)}`, {
      details: { file },
    });
  }
}
