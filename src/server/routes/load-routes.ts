import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IngestRequestSchema, LoadNdjsonQuerySchema } from '../../api/http-requests.js';
import type { LoadOutput, LoadRequest } from '../../api/load-output.js';
import { accessOf, callOptions } from '../request-access.js';
import { parseBody, parseQueryString } from '../request-input.js';
import { graphPath, markDeprecated, type RouteContext } from './route-context.js';

/** The media type of `/load/ndjson` bodies. */
export const NDJSON_MEDIA_TYPE = 'application/x-ndjson';

/** The resource a too-large `/load/ndjson` body exceeds. */
export const GRAPH_BATCH_REQUEST_BYTES = 'graph_batch_request_bytes';

/** Loads: NDJSON in a JSON envelope (`/load`, deprecated `/ingest`) or raw (`/load/ndjson`). */
export function registerLoadRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const bodyLimit = ctx.limits.loadBodyBytes;
  app.post('/graphs/:graph_id/load', { bodyLimit }, async (request) => ingest(ctx, request));

  app.post('/graphs/:graph_id/ingest', { bodyLimit }, async (request, reply) => {
    const output = await ingest(ctx, request);
    markDeprecated(reply, graphPath(accessOf(request).served.id, 'load'));
    return output;
  });

  // Only NDJSON is parsed here, so any other content type is refused before the body is read.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(NDJSON_MEDIA_TYPE, { parseAs: 'buffer' }, (_request, body, done) => {
      done(null, body);
    });
    scope.post(
      '/graphs/:graph_id/load/ndjson',
      { bodyLimit, config: { bodyResource: GRAPH_BATCH_REQUEST_BYTES } },
      async (request) => {
        const { message, ...query } = parseQueryString(LoadNdjsonQuerySchema, request);
        const data = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
        return withoutUri(await load(ctx, request, { ...query, data }, data.length, message));
      },
    );
  });
}

/** `GraphBatchLoadOutput`: the load output without `uri`. */
function withoutUri(output: LoadOutput): Omit<LoadOutput, 'uri'> {
  return Object.fromEntries(Object.entries(output).filter(([key]) => key !== 'uri')) as Omit<
    LoadOutput,
    'uri'
  >;
}

function ingest(ctx: RouteContext, request: FastifyRequest): Promise<LoadOutput> {
  const { message, ...body } = parseBody(IngestRequestSchema, request);
  return load(ctx, request, body, Buffer.byteLength(body.data), message);
}

function load(
  ctx: RouteContext,
  request: FastifyRequest,
  load: LoadRequest,
  bytes: number,
  message: string | undefined,
): Promise<LoadOutput> {
  const access = accessOf(request);
  ctx.gate.beforeEngine(access.served, access.actor, 'change', { branch: load.branch ?? 'main' });
  const options = { ...callOptions(access), ...(message === undefined ? {} : { message }) };
  return ctx.admission.run(access.actor, bytes, () => access.served.graph.load(load, options));
}
