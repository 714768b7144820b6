import { errnoOf, errnoReason } from './errno-reason.js';
import { OmniError } from './omni-error.js';

/** Codes under which the file the user named is simply not there. */
const MISSING = new Set(['ENOENT', 'ENOTDIR']);

/**
 * The error for a file that could not be read, naming it as the user gave it and saying why in
 * plain words (`cannot read data file 'people/': it is a directory, not a file`): never the
 * resolved path or the system's message. A missing file is `not_found`, any other failure
 * `bad_request`; details carry `{file}`.
 */
export function fileReadError(what: string, file: string, error: unknown): OmniError {
  const errno = errnoOf(error);
  const missing = errno !== undefined && MISSING.has(errno);
  const reason = missing ? 'no such file' : errnoReason(error);
  return new OmniError(
    missing ? 'not_found' : 'bad_request',
    `cannot read ${what} file '${file}': ${reason}`,
    {
      details: { file },
      cause: error,
    },
  );
}
