import { resourceLimitError } from '../util/resource-limit-error.js';
import type { FastifyRequest } from 'fastify';
import { OmniError } from '../util/omni-error.js';

/** What the HTTP framework throws: an error with a status (body limit, content type, JSON syntax). */
interface FrameworkError {
  readonly statusCode: number;
  readonly message: string;
}

function isFrameworkError(error: unknown): error is FrameworkError {
  return (
    error instanceof Error && typeof (error as { statusCode?: unknown }).statusCode === 'number'
  );
}

/**
 * Any error a request failed with, as an {@link OmniError}: the framework's rejections keep
 * their status (a too-large body is a `resource_limit` naming the route's limit); anything
 * else unexpected is `internal`, without its message, which may name internals.
 */
export function requestError(error: unknown, request: FastifyRequest): OmniError {
  if (error instanceof OmniError) return error;
  if (!isFrameworkError(error) || error.statusCode >= 500)
    return new OmniError('internal', 'internal error', { cause: error });
  switch (error.statusCode) {
    case 413:
      return bodyTooLarge(request);
    case 415:
      return new OmniError(
        'unsupported_media_type',
        `unsupported content type '${request.headers['content-type'] ?? ''}' for ${request.method} ${request.url.split('?')[0] ?? ''}`,
      );
    case 404:
      return new OmniError('not_found', error.message);
    default:
      return new OmniError('bad_request', `invalid request: ${error.message}`);
  }
}

function bodyTooLarge(request: FastifyRequest): OmniError {
  const limit = request.routeOptions.bodyLimit;
  const config = request.routeOptions.config as { bodyResource?: string } | undefined;
  const resource = config?.bodyResource ?? 'request_body_bytes';
  const declared = Number(request.headers['content-length']);
  if (!Number.isSafeInteger(declared) || declared <= limit) {
    return new OmniError(
      'resource_limit',
      `request body exceeds the limit of ${limit} bytes for ${resource}`,
      {
        details: { resource, limit },
      },
    );
  }
  return resourceLimitError(resource, declared, limit);
}
