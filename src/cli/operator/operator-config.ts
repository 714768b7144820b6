import { readFile } from 'node:fs/promises';
import { errnoOf } from '../../util/errno-reason.js';
import { fileReadError } from '../../util/file-read-error.js';
import type { Warn } from './operator-config-parse.js';
import type { OperatorConfig } from './operator-config-shape.js';

export type { Warn } from './operator-config-parse.js';

/**
 * Reads the operator config at `file`. A missing file is an empty config; a file that is not
 * YAML, breaks a key's type or binds two scopes at once is a `configuration` error naming the
 * file; an unknown key is ignored with a warning, so a config written for a newer CLI still
 * works here. The parser (YAML, zod) loads only when there is a file to parse.
 */
export async function loadOperatorConfig(file: string, warn: Warn): Promise<OperatorConfig> {
  const source = await readConfigSource(file);
  if (source === undefined) return {};
  const { parseOperatorConfig } = await import('./operator-config-parse.js');
  return parseOperatorConfig(file, source, warn);
}

async function readConfigSource(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw fileReadError('operator config', file, error);
  }
}
