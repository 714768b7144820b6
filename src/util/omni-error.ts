import { ERROR_CATALOG, type ErrorCode } from './error-catalog.js';

/** Structured, JSON-serializable facts about an error (the thing to fix, the limit hit, …). */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/**
 * The error type of OmniGraph. `code` is stable and machine-readable; `message` names what the
 * user can fix; `details` carries structured facts for the JSON envelope.
 *
 * @example
 * throw new OmniError('not_found', `branch 'feature' not found`, { details: { branch: 'feature' } });
 */
export class OmniError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { details?: ErrorDetails; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OmniError';
    this.code = code;
    this.details = options?.details;
  }

  /** HTTP status for this error's code. */
  get httpStatus(): number {
    return ERROR_CATALOG[this.code].httpStatus;
  }
}

/** True when `error` is an {@link OmniError}, optionally with the given code. */
export function isOmniError(error: unknown, code?: ErrorCode): error is OmniError {
  return error instanceof OmniError && (code === undefined || error.code === code);
}

/** Message of any thrown value, for wrapping foreign errors. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
