/**
 * The one catalog of error codes. Every layer raises {@link OmniError} with a code from here,
 * so the server maps codes to HTTP status in one place and the CLI maps them to exit codes in
 * one place. Later layers add their codes to this table rather than inventing error classes.
 */
export const ERROR_CATALOG = {
  // storage
  not_found: {
    httpStatus: 404,
    summary: 'the named object, graph, branch or commit does not exist',
  },
  precondition_failed: {
    httpStatus: 412,
    summary: 'a conditional write lost: the object exists (create) or changed (if-match)',
  },
  transient: { httpStatus: 503, summary: 'a temporary failure that persisted through retries' },
  configuration: {
    httpStatus: 500,
    summary: 'the environment is misconfigured (missing bucket, bad credentials, bad endpoint)',
  },
  permanent: { httpStatus: 500, summary: 'a storage failure that retrying will not fix' },
  // compiler (messages carry the prefixes `parse error: `, `catalog error: `, `type error: Tn: `)
  parse_error: { httpStatus: 400, summary: 'a .pg or .gq source does not parse' },
  schema_error: { httpStatus: 400, summary: 'a schema breaks a catalog rule' },
  type_error: {
    httpStatus: 400,
    summary: 'a query does not typecheck against the schema (T1-T24)',
  },
  param_error: { httpStatus: 400, summary: 'a query parameter is missing or has the wrong type' },
  // engine
  forbidden: { httpStatus: 403, summary: 'the authorizer denied the action to the actor' },
  conflict: {
    httpStatus: 409,
    summary: 'the operation conflicts with the current state of the graph',
  },
  already_initialized: {
    httpStatus: 409,
    summary: 'the root already holds a graph or schema artifacts',
  },
  resource_limit: { httpStatus: 413, summary: 'an input exceeds a declared limit' },
  key_conflict: { httpStatus: 409, summary: 'an append load hit an id that already exists' },
  precondition_failure: {
    httpStatus: 412,
    summary:
      'a conditional write (--if-commit) found the branch at another commit; nothing changed',
  },
  merge_conflict: {
    httpStatus: 409,
    summary: 'a three-way merge found conflicts (details.merge_conflicts); nothing was published',
  },
  change_diff_refusal: {
    httpStatus: 409,
    summary: 'a commit has no entity diff (parentless commit or schema boundary)',
  },
  change_feed_gap: {
    httpStatus: 410,
    summary:
      'cleanup reclaimed history a change-feed cursor needs; take a baseline and follow from its cursor',
  },
  recovery_required: {
    httpStatus: 503,
    summary: 'a recovery intent is pending; reopen the graph read-write to resolve it first',
  },
  // input
  invalid_uri: { httpStatus: 400, summary: 'a storage URI is malformed or uses an unknown scheme' },
  invalid_key: { httpStatus: 400, summary: 'an object key is empty, absolute or escapes its root' },
  bad_request: { httpStatus: 400, summary: 'the request is malformed' },
  usage: { httpStatus: 400, summary: 'a command was called with wrong arguments' },
  // server
  unauthorized: {
    httpStatus: 401,
    summary: 'a request carries no bearer token, or an unknown one',
  },
  unsupported_media_type: {
    httpStatus: 415,
    summary: 'a request body has a content type its route does not take',
  },
  too_many_requests: {
    httpStatus: 429,
    summary: 'an actor is over its in-flight or byte budget; retry after `Retry-After` seconds',
  },
  not_implemented: { httpStatus: 501, summary: 'the capability is not implemented yet' },
  internal: { httpStatus: 500, summary: 'an invariant broke inside OmniGraph' },
} as const satisfies Record<string, ErrorSpec>;

/** What the catalog records about each code. */
export interface ErrorSpec {
  /** HTTP status the server answers with. */
  readonly httpStatus: number;
  /** One line on what the code means, for the reference docs. */
  readonly summary: string;
}

/** A stable error code. */
export type ErrorCode = keyof typeof ERROR_CATALOG;
