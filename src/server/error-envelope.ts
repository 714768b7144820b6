import { ERROR_DETAIL_FIELDS, type ErrorOutput, type WireErrorCode } from '../api/error-output.js';
import type { ErrorCode } from '../util/error-catalog.js';
import type { OmniError } from '../util/omni-error.js';

/**
 * The envelope `code` of each error code; null where the status alone tells the kind (the
 * envelope then omits `code`).
 */
const WIRE_CODES: Readonly<Record<ErrorCode, WireErrorCode | null>> = {
  not_found: 'not_found',
  precondition_failed: 'conflict',
  transient: null,
  configuration: 'internal',
  permanent: 'internal',
  parse_error: 'bad_request',
  schema_error: 'bad_request',
  type_error: 'bad_request',
  param_error: 'bad_request',
  forbidden: 'forbidden',
  conflict: 'conflict',
  already_initialized: 'conflict',
  resource_limit: 'bad_request',
  key_conflict: 'conflict',
  precondition_failure: null,
  merge_conflict: 'conflict',
  change_diff_refusal: 'conflict',
  change_feed_gap: null,
  recovery_required: null,
  invalid_uri: 'bad_request',
  invalid_key: 'bad_request',
  bad_request: 'bad_request',
  usage: 'bad_request',
  unauthorized: 'unauthorized',
  unsupported_media_type: 'bad_request',
  too_many_requests: 'too_many_requests',
  not_implemented: 'internal',
  internal: 'internal',
};

/** An HTTP error response: status and JSON envelope. */
export interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorOutput;
}

/**
 * The response for an {@link OmniError}: the status of its code (error catalog), the envelope
 * code, and its structured details under the envelope's own keys.
 */
export function errorResponse(error: OmniError): ErrorResponse {
  const code = WIRE_CODES[error.code];
  return {
    status: error.httpStatus,
    body: { error: error.message, ...(code === null ? {} : { code }), ...envelopeDetails(error) },
  };
}

function envelopeDetails(error: OmniError): Partial<ErrorOutput> {
  const details = error.details ?? {};
  const fields: Record<string, unknown> = {};
  for (const field of ERROR_DETAIL_FIELDS) {
    if (details[field] !== undefined) fields[field] = details[field];
  }
  const { resource, limit, actual, operation_id: operationId } = details;
  if (
    error.code === 'resource_limit' &&
    fields.resource_limit === undefined &&
    typeof resource === 'string'
  ) {
    if (typeof limit === 'number' && typeof actual === 'number')
      fields.resource_limit = { resource, limit, actual };
  }
  if (error.code === 'recovery_required' && typeof operationId === 'string')
    fields.recovery_required = { operation_id: operationId };
  return fields;
}
