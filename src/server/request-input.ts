import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { OmniError } from '../util/omni-error.js';

/**
 * `value` parsed by `schema`, or a `bad_request` listing every problem (`what` names the part of
 * the request: `request body`, `query string`).
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  throw new OmniError('bad_request', `invalid ${what}: ${problems.join('; ')}`, {
    details: { problems },
  });
}

/** The request's JSON body parsed by `schema`; an absent body reads as `{}`. */
export function parseBody<S extends z.ZodType>(schema: S, request: FastifyRequest): z.output<S> {
  return parseInput(schema, request.body ?? {}, 'request body');
}

/** The request's query string parsed by `schema` (a repeated key arrives as a list). */
export function parseQueryString<S extends z.ZodType>(
  schema: S,
  request: FastifyRequest,
): z.output<S> {
  return parseInput(schema, { ...(request.query as object) }, 'query string');
}

/** The media type of the request's `Content-Type`, lower-cased, without parameters. */
export function mediaTypeOf(request: FastifyRequest): string | undefined {
  const header = request.headers['content-type'];
  return header?.split(';')[0]?.trim().toLowerCase();
}
