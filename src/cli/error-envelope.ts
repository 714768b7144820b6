import type { ErrorOutput } from '../api/error-output.js';
import { errorResponse } from '../server/error-envelope.js';
import { OmniError, messageOf } from '../util/omni-error.js';

/**
 * The JSON a `--json` command prints on stdout when it fails: the HTTP API's error envelope
 * (`{error, code?, …structured fields}`), so a script reads a local and a served graph's
 * failures alike. An error that is not an {@link OmniError} is a bug: `internal`, first line only.
 */
export function errorEnvelope(error: unknown): ErrorOutput {
  if (error instanceof OmniError) return errorResponse(error).body;
  const firstLine = messageOf(error).split('\n', 1)[0] ?? '';
  return { error: `internal error: ${firstLine.trim()}`, code: 'internal' };
}
