import { OmniError, type ErrorDetails } from '../util/omni-error.js';

/** Options of {@link s3EndpointError}. */
export interface S3EndpointErrorOptions {
  /** The variable whose budget ran out, named as what to raise. */
  readonly budgetVariable?: string;
  readonly details?: ErrorDetails;
  readonly cause?: unknown;
}

/**
 * The error of an S3 endpoint that gave no usable answer (no answer in time, a refused or reset
 * connection): `transient`, naming the endpoint, what went wrong (`problem`) and what to check.
 * Both our store and Lance's failures of this kind use it, so they read alike.
 *
 * @example s3EndpointError('http://127.0.0.1:9000', 'did not answer within 30000 ms (4 attempts)')
 */
export function s3EndpointError(
  endpoint: string,
  problem: string,
  options: S3EndpointErrorOptions = {},
): OmniError {
  const raise = options.budgetVariable === undefined ? '' : `, or raise ${options.budgetVariable}`;
  return new OmniError(
    'transient',
    `S3 endpoint ${endpoint} ${problem}; check AWS_ENDPOINT_URL and that the server is up${raise}`,
    { details: { endpoint, ...options.details }, cause: options.cause },
  );
}
