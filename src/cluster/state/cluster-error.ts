import type { ErrorCode } from '../../util/error-catalog.js';
import { OmniError } from '../../util/omni-error.js';
import type { Diagnostic, DiagnosticCode } from '../diagnostic.js';

/**
 * A failure of the cluster's stored state, carrying the {@link Diagnostic} a command reports for
 * it. It is an {@link OmniError} (so the CLI and server map its `code` like any other error);
 * the diagnostic code is the finer, cluster-specific reason (`state_cas_mismatch`,
 * `invalid_state_json`, …), also in `details.diagnostic`.
 *
 * @example
 * try {
 *   await writeState(store, next, base);
 * } catch (error) {
 *   if (isClusterError(error, 'state_cas_mismatch')) diagnostics.push(error.diagnostic);
 *   else throw error;
 * }
 */
export class ClusterError extends OmniError {
  readonly diagnostic: Diagnostic;

  constructor(code: ErrorCode, diagnostic: Diagnostic, cause?: unknown) {
    super(code, diagnostic.message, {
      details: { diagnostic: diagnostic.code, path: diagnostic.path },
      cause,
    });
    this.name = 'ClusterError';
    this.diagnostic = diagnostic;
  }
}

/** True when `error` is a {@link ClusterError}, optionally with the given diagnostic code. */
export function isClusterError(error: unknown, code?: DiagnosticCode): error is ClusterError {
  return error instanceof ClusterError && (code === undefined || error.diagnostic.code === code);
}

/** A {@link ClusterError} whose diagnostic is an `error` at `path`. */
export function clusterError(
  code: ErrorCode,
  diagnosticCode: DiagnosticCode,
  path: string,
  message: string,
  cause?: unknown,
): ClusterError {
  return new ClusterError(code, { code: diagnosticCode, severity: 'error', path, message }, cause);
}

/**
 * The error code of a failed storage call: the store's own (`transient`, `configuration`,
 * `permanent`, …) so that wrapping it in a diagnostic keeps what the operator should fix.
 */
export function storageCodeOf(cause: unknown): ErrorCode {
  return cause instanceof OmniError ? cause.code : 'internal';
}
