import { s3EndpointError } from '../../storage/s3-endpoint-error.js';
import type { ErrorCode } from '../../util/error-catalog.js';
import { isOmniError, messageOf, OmniError } from '../../util/omni-error.js';

/** What a Lance call was doing, for the error message and details. */
export interface LanceContext {
  /** The operation, e.g. `open`, `append`, `create branch`. */
  readonly op: string;
  /** Absent for operations on the whole root (connect, list tables). */
  readonly table?: string;
  readonly branch?: string;
  readonly version?: number;
}

/*
 * Lance errors carry no stable codes, only text, so they are classified by message. The
 * patterns are the ones Lance 12 produces for each case (see the table tests).
 */
const CLASSIFIERS: readonly (readonly [RegExp, ErrorCode])[] = [
  [/was not found|not found:|does not exist/i, 'not_found'],
  [/already exists|ref conflict|commit conflict|conflicting/i, 'conflict'],
  [
    // Not `retry_timeout`, which every S3 failure of Lance names.
    /\btimed? ?out\b|connection (reset|refused|closed)|temporar|slow ?down|503|dispatch failure/i,
    'transient',
  ],
  [/invalid (user )?input|schema error|cast error|not supported/i, 'bad_request'],
];

/** The endpoint of the S3 request Lance names in its text (`Error performing GET http://…`). */
const S3_REQUEST_URL = /(?:Error performing [A-Z]+ |uri: Some\()(https?:\/\/[^/\s?)]+)/;

/**
 * The status of an S3 request Lance gave up on, in its display (`non-2xx status code: 500
 * Internal Server Error`, `Client error with status 403 Forbidden`) or debug form
 * (`Status { status: 403`).
 */
const S3_STATUS =
  /(?:non-2xx status code: |Client error with status |Status \{ status: )(\d{3})([^:,}]*)/;

/** Lance's words for an HTTP attempt that got no answer (a timeout, or no connection). */
const NO_ANSWER =
  /error sending request|kind: (?:Timeout|Connect)\b|TimedOut|timed out|connection (?:refused|reset|closed)/i;

/**
 * Wraps a failure from `@lancedb/lancedb` in an {@link OmniError} with a catalog code and a
 * message naming the table, branch and version; the Lance text, stripped of Rust source
 * locations and of the dataset's physical path, follows. An S3 endpoint that did not answer
 * is the same error our own store gives (naming the endpoint and what to check). OmniErrors
 * pass through.
 */
export function lanceError(error: unknown, context: LanceContext, root: string): OmniError {
  if (isOmniError(error)) return error;
  const raw = messageOf(error);
  const where = [
    context.table === undefined ? 'the graph root' : `table '${context.table}'`,
    context.branch === undefined ? undefined : `branch '${context.branch}'`,
    context.version === undefined ? undefined : `version ${context.version}`,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
  const endpoint = S3_REQUEST_URL.exec(raw)?.[1];
  if (endpoint !== undefined && NO_ANSWER.test(raw)) {
    return s3EndpointError(endpoint, `did not answer (lance ${context.op} failed on ${where})`, {
      budgetVariable: 'OMNIGRAPH_S3_REQUEST_TIMEOUT_MS',
      details: { ...context },
      cause: error,
    });
  }
  const status = S3_STATUS.exec(raw);
  if (endpoint !== undefined && status !== null) {
    const refused = s3StatusError(endpoint, status, `lance ${context.op} on ${where}`, error);
    if (refused !== undefined) return refused;
  }
  const code = CLASSIFIERS.find(([pattern]) => pattern.test(raw))?.[1] ?? 'permanent';
  // For a missing thing the context says all; Lance's text would only add internal paths.
  const reason = code === 'not_found' ? 'it does not exist' : clean(raw, root);
  return new OmniError(code, `lance ${context.op} failed on ${where}: ${reason}`, {
    details: { ...context },
    cause: error,
  });
}

/**
 * The error for an S3 status Lance got after its retries, without Lance's text (which carries
 * the request's path): refused credentials are `configuration`, 5xx and 429 the endpoint error.
 */
function s3StatusError(
  endpoint: string,
  [, code = '', reason = '']: RegExpExecArray,
  doing: string,
  cause: unknown,
): OmniError | undefined {
  const status = Number(code);
  const answer = `${code}${reason.trimEnd()}`;
  if (status === 401 || status === 403) {
    return new OmniError(
      'configuration',
      `S3 endpoint ${endpoint} refused the credentials (${answer}) for ${doing}; check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
      { details: { endpoint }, cause },
    );
  }
  if (status === 429 || status >= 500) {
    return s3EndpointError(endpoint, `kept failing (${answer}; ${doing})`, {
      details: { endpoint, status },
      cause,
    });
  }
  return undefined;
}

/** Runs a Lance call and wraps its failure with {@link lanceError}. */
export async function withLanceError<T>(
  context: LanceContext,
  root: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw lanceError(error, context, root);
  }
}

/** The first clause of Lance's message without source locations or physical paths. */
function clean(message: string, root: string): string {
  const first = message.split(/\s+Caused by:/)[0] ?? message;
  const withoutLocations = first
    .replace(/,?\s*\/(?:usr|rustc|home)\/\S+?\.rs:\d+:\d+/g, '')
    .replace(/,?\s*location: Location \{[^}]*\}/g, '')
    .replace(/,?\s*backtrace: \w+/g, '');
  const bareRoot = root.replace(/^[a-z0-9]+:\/\//i, '').replace(/^\/+/, '');
  const withoutRoot =
    bareRoot.length > 0 ? withoutLocations.replaceAll(bareRoot, '<root>') : withoutLocations;
  return withoutRoot.trim();
}
