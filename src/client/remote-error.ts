import { ErrorOutputSchema, ERROR_DETAIL_FIELDS, type ErrorOutput } from '../api/error-output.js';
import type { ErrorCode } from '../util/error-catalog.js';
import { OmniError, type ErrorDetails } from '../util/omni-error.js';

/**
 * The error code a failed response stands for. The envelope's wire `code` is coarser than the
 * engine's, so the structured field a failure carries (and then its status) names the kind.
 */
function codeOf(status: number, body: ErrorOutput): ErrorCode {
  if (body.merge_conflicts !== undefined) return 'merge_conflict';
  if (body.key_conflict !== undefined) return 'key_conflict';
  if (body.precondition_failure !== undefined) return 'precondition_failure';
  if (body.change_diff_refusal !== undefined) return 'change_diff_refusal';
  if (body.change_feed_gap !== undefined) return 'change_feed_gap';
  if (body.recovery_required !== undefined) return 'recovery_required';
  if (body.resource_limit !== undefined) return 'resource_limit';
  return codeOfStatus(status);
}

/** The error code of a status alone, for envelopes without a structured field. */
function codeOfStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
    case 405:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 410:
      return 'change_feed_gap';
    case 412:
      return 'precondition_failed';
    case 413:
      return 'resource_limit';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'too_many_requests';
    case 501:
      return 'not_implemented';
    case 503:
      return 'transient';
    default:
      return 'internal';
  }
}

/** The structured fields of an envelope, as error details (undefined when it has none). */
function detailsOf(body: ErrorOutput): ErrorDetails | undefined {
  const details: Record<string, unknown> = {};
  for (const field of ERROR_DETAIL_FIELDS) {
    if (body[field] !== undefined) details[field] = body[field];
  }
  return Object.keys(details).length === 0 ? undefined : details;
}

/**
 * The {@link OmniError} a failed response carries: the envelope's message and structured
 * fields, as the engine raised them on the server. A body that is not an envelope (a proxy's
 * page, say) is reported by its status.
 */
export function remoteError(status: number, text: string, url: string): OmniError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const envelope = ErrorOutputSchema.safeParse(parsed);
  if (!envelope.success) {
    return new OmniError(
      codeOfStatus(status),
      `${url} answered HTTP ${status}: ${text.slice(0, 200)}`,
    );
  }
  // Validated, but the fields are kept as sent: zod would reorder their keys.
  const details = detailsOf(parsed as ErrorOutput);
  return new OmniError(
    codeOf(status, envelope.data),
    envelope.data.error,
    details === undefined ? undefined : { details },
  );
}
