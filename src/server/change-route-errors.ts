import { OmniError } from '../util/omni-error.js';

/** The resource limits a change route may report by name. */
const CHANGE_ROUTE_RESOURCES: ReadonlySet<string> = new Set([
  'commit_changes_page_changes',
  'commit_changes_page_bytes',
  'change_feed_commits_per_poll',
  'change_continuation_token_encoded_bytes',
  'stream_export_slots',
]);

/** Messages of a change route's own request checks (they name only what the caller sent). */
const REQUEST_MESSAGES = [
  /^change cursor rejected: /,
  /^cursor, start, and page_token are mutually exclusive$/,
  /^start must be now \| beginning \| after:<commit_id>$/,
  /^start commit '[^']*' is not on the first-parent history of branch '[^']*'$/,
  /^limit must be a positive integer/,
  /^unknown change (kind|op) /,
  /^branch name /,
  /^invalid branch name /,
];

/** Codes that say nothing about storage: access control, the feed gap, diff refusals. */
const PASSING_CODES: ReadonlySet<string> = new Set([
  'unauthorized',
  'forbidden',
  'too_many_requests',
  'change_feed_gap',
  'change_diff_refusal',
]);

function passes(error: OmniError): boolean {
  if (PASSING_CODES.has(error.code)) return true;
  if (error.code === 'bad_request')
    return REQUEST_MESSAGES.some((pattern) => pattern.test(error.message));
  // The branch, or the commit (`commit changes`), the caller named.
  if (error.code === 'not_found')
    return error.details?.branch !== undefined || error.details?.commit_id !== undefined;
  if (error.code === 'resource_limit') {
    const limit = error.details?.resource_limit as { resource?: unknown } | undefined;
    return typeof limit?.resource === 'string' && CHANGE_ROUTE_RESOURCES.has(limit.resource);
  }
  return false;
}

/**
 * The error a change route (`/changes`, `/changes/baseline`, `/commits/{id}/changes`) answers
 * with: an allowlist (cursor rejections and the route's request checks, a missing branch or
 * commit, the feed gap, diff refusals, recovery, named resource limits, access control) passes
 * through; anything else becomes `internal error while reading changes`, so no storage path or
 * table name leaks (the original is logged as the cause).
 */
export function changeRouteError(error: unknown): OmniError {
  if (error instanceof OmniError) {
    if (passes(error)) return error;
    if (error.code === 'recovery_required')
      return new OmniError('recovery_required', 'recovery required before changes can be read', {
        ...(error.details === undefined ? {} : { details: error.details }),
        cause: error,
      });
  }
  return new OmniError('internal', 'internal error while reading changes', { cause: error });
}
