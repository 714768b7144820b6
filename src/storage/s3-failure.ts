import type { S3Settings } from '../api/settings.js';
import { OmniError, messageOf } from '../util/omni-error.js';
import { AttemptTimeout } from './attempt-deadline.js';
import { endpointOf } from './s3-client.js';
import { s3EndpointError } from './s3-endpoint-error.js';

interface SdkError {
  readonly name?: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

function statusOf(error: unknown): number | undefined {
  return (error as SdkError | undefined)?.$metadata?.httpStatusCode;
}

function nameOf(error: unknown): string {
  const e = error as SdkError | undefined;
  return e?.name ?? e?.code ?? '';
}

function codeOf(error: unknown): string | undefined {
  const code = (error as SdkError | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

const TRANSIENT_NAMES = new Set([
  'SlowDown',
  'InternalError',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeTooSkewed',
  'NetworkingError',
  'Throttling',
  'ThrottlingException',
]);

/** Socket failures: the endpoint could not be reached, or dropped the connection. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
]);

/** How an attempt got no answer, if that is how it failed. */
type NoAnswer = 'connect' | 'answer' | 'network';

function noAnswerOf(error: unknown): NoAnswer | undefined {
  if (error instanceof AttemptTimeout) return 'answer';
  if (nameOf(error) === 'TimeoutError') {
    // The SDK's connect timeout says so in its message; it has no other mark.
    return /establish a connection/i.test(messageOf(error)) ? 'connect' : 'answer';
  }
  const code = codeOf(error);
  return code !== undefined && NETWORK_CODES.has(code) ? 'network' : undefined;
}

/** True for failures worth another attempt: no answer, 5xx, throttling. */
export function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  return (
    noAnswerOf(error) !== undefined ||
    TRANSIENT_NAMES.has(nameOf(error)) ||
    status === 429 ||
    (status !== undefined && status >= 500)
  );
}

/** RGW and S3 disagree on how they report a lost conditional put; these statuses are ambiguous. */
export function isAmbiguousConditional(error: unknown): boolean {
  const status = statusOf(error);
  return (
    status === 409 ||
    status === 500 ||
    status === 503 ||
    nameOf(error) === 'ConditionalRequestConflict'
  );
}

/** True when S3 refused a conditional put: the precondition did not hold. */
export function isPreconditionStatus(error: unknown): boolean {
  return statusOf(error) === 412 || nameOf(error) === 'PreconditionFailed';
}

/** True when the key (not the bucket) does not exist. */
export function isNotFound(error: unknown): boolean {
  const name = nameOf(error);
  return (
    (statusOf(error) === 404 && name !== 'NoSuchBucket') ||
    name === 'NoSuchKey' ||
    name === 'NotFound'
  );
}

/** One store call, for its error message. */
export interface S3Call {
  /** What it did, e.g. `get 'k'`. */
  readonly what: string;
  /** The store's URI. */
  readonly uri: string;
  readonly bucket: string;
  readonly settings: S3Settings;
  /** Attempts made. */
  readonly attempts: number;
}

const plural = (n: number): string => `${n} attempt${n === 1 ? '' : 's'}`;

/**
 * The typed error for a failed call: a missing bucket or refused credentials are
 * `configuration`; an endpoint that did not answer is a `transient` error naming it and the
 * budget that ran out; other failures that persisted through retries are `transient`, the rest
 * `permanent`. OmniErrors pass through.
 */
export function s3Failure(error: unknown, call: S3Call): OmniError {
  if (error instanceof OmniError) return error;
  const name = nameOf(error);
  const status = statusOf(error);
  const where = `${call.what} in ${call.uri}`;
  if (name === 'NoSuchBucket') {
    return new OmniError('configuration', `bucket '${call.bucket}' does not exist (${where})`, {
      cause: error,
    });
  }
  if (name === 'CredentialsProviderError') {
    return new OmniError(
      'configuration',
      'no AWS credentials found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or a profile)',
      { cause: error },
    );
  }
  if (
    status === 401 ||
    status === 403 ||
    ['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch'].includes(name)
  ) {
    return new OmniError(
      'configuration',
      `S3 refused the credentials (${name || status}) for ${where}`,
      { cause: error },
    );
  }
  const noAnswer = noAnswerOf(error);
  if (noAnswer !== undefined) return unanswered(noAnswer, error, call);
  const failure = [status, name].filter((part) => part !== undefined && part !== '').join(' ');
  if (isTransient(error)) {
    return new OmniError(
      'transient',
      `S3 kept failing (${failure}, ${plural(call.attempts)}) for ${where}: ${messageOf(error)}`,
      { cause: error },
    );
  }
  return new OmniError('permanent', `S3 failed (${failure}) for ${where}: ${messageOf(error)}`, {
    cause: error,
  });
}

function unanswered(kind: NoAnswer, error: unknown, call: S3Call): OmniError {
  const { settings, attempts } = call;
  const details = { attempts };
  const options = { details, cause: error };
  const endpoint = endpointOf(settings);
  switch (kind) {
    case 'answer':
      return s3EndpointError(
        endpoint,
        `did not answer within ${settings.requestTimeoutMs} ms (${plural(attempts)})`,
        { ...options, budgetVariable: 'OMNIGRAPH_S3_REQUEST_TIMEOUT_MS' },
      );
    case 'connect':
      return s3EndpointError(
        endpoint,
        `did not accept a connection within ${settings.connectTimeoutMs} ms (${plural(attempts)})`,
        { ...options, budgetVariable: 'OMNIGRAPH_S3_CONNECT_TIMEOUT_MS' },
      );
    case 'network':
      return s3EndpointError(
        endpoint,
        `could not be reached (${codeOf(error) ?? 'network error'}, ${plural(attempts)})`,
        options,
      );
  }
}
