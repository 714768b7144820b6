import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { errnoReason } from './errno-reason.js';
import { OmniError } from './omni-error.js';

/** Temporary directories found usable: each is checked once per process. */
const USABLE_TEMP_DIRS = new Set<string>();

/**
 * The system temporary directory, once a directory could be made in it; otherwise a
 * `configuration` error saying to set `TMPDIR`. Lance makes one there (its spill store) whenever
 * it connects, and panics with a Rust backtrace when it cannot; stdin is spooled there too.
 */
export function usableTempDir(): string {
  const dir = tmpdir();
  if (USABLE_TEMP_DIRS.has(dir)) return dir;
  try {
    rmdirSync(mkdtempSync(path.join(dir, '.omnigraph-')));
  } catch (error) {
    throw new OmniError(
      'configuration',
      `the temporary directory ${dir} is not usable (${errnoReason(error)}); set TMPDIR to a writable directory`,
      { details: { dir }, cause: error },
    );
  }
  USABLE_TEMP_DIRS.add(dir);
  return dir;
}
