import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
} from 'fastify';
import { pino } from 'pino';
import { jsonText } from '../api/json-text.js';
import { parseLosslessJson } from '../util/lossless-json.js';
import { messageOf, OmniError } from '../util/omni-error.js';
import { AccessGate } from './access-gate.js';
import { accessModeOf } from './access-mode.js';
import { Admission, RETRY_AFTER_SECONDS } from './admission.js';
import type { AuthConfig } from './auth-config.js';
import { errorResponse } from './error-envelope.js';
import type { GraphRegistry } from './graph-registry.js';
import { resolveAccess } from './request-access.js';
import { requestError } from './request-error.js';
import { registerBranchRoutes } from './routes/branch-routes.js';
import { registerChangeFeedRoutes } from './routes/change-feed-routes.js';
import { registerCommitRoutes } from './routes/commit-routes.js';
import { registerFlatRoutes } from './routes/flat-routes.js';
import { registerLoadRoutes } from './routes/load-routes.js';
import { registerMcpRoutes } from './routes/mcp-routes.js';
import { registerMutateRoutes } from './routes/mutate-routes.js';
import { registerReadRoutes } from './routes/read-routes.js';
import type { RouteContext } from './routes/route-context.js';
import { registerSchemaRoutes } from './routes/schema-routes.js';
import { registerStoredQueryRoutes } from './routes/stored-query-routes.js';
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from './server-limits.js';

/** Options of {@link createServer}. */
export interface ServerOptions {
  /** The graphs to serve; closed when the server closes. */
  readonly registry: GraphRegistry;
  readonly auth: AuthConfig;
  /** Where request and policy-decision lines go; pino at `info` on stdout by default. */
  readonly logger?: FastifyBaseLogger;
  readonly limits?: Partial<ServerLimits>;
}

/**
 * The HTTP application over a registry of graphs: every route of the reference, bearer auth,
 * Cedar and default-deny gates, body limits, per-actor admission, JSON error envelopes and the
 * OpenAPI document. Refuses (`configuration`) the auth states that may not serve. Listening is
 * the caller's (`listen({ port })`); `close()` stops accepting, lets in-flight requests finish
 * (cutting connections after `limits.shutdownGraceMs`) and closes the registry.
 *
 * @example
 * const app = createServer({ registry, auth: await loadAuthConfig(authSettingsFromEnv(process.env)) });
 * const address = await app.listen({ host: '127.0.0.1', port: 8080 });
 */
export function createServer(options: ServerOptions): FastifyInstance {
  const limits: ServerLimits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  const logger = options.logger ?? pino({ level: 'info' });
  const mode = accessModeOf(options.auth, options.registry);
  const app = Fastify({
    loggerInstance: logger,
    // One line per request is written by the hook below, in our shape.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: limits.bodyBytes,
    // Closing is answered by the hook below, in the error envelope.
    return503OnClosing: false,
    // A URL that does not decode (`%ZZ`) is answered in the envelope like every error.
    frameworkErrors: (error, request, reply) => {
      void sendError(reply, requestError(error, request));
    },
  });
  const ctx: RouteContext = {
    registry: options.registry,
    gate: new AccessGate(mode, options.auth, options.registry, app.log),
    admission: new Admission({ inflight: limits.actorInflight, bytes: limits.actorBytes }),
    limits,
  };
  app.decorateRequest('access', null);
  app.decorateRequest('actor', null);
  // JSON routes take JSON only: anything else is a 415 before the body is read.
  app.removeContentTypeParser('text/plain');
  // Params keep I64/U64 values beyond 2^53 exact (bigint), as the CLI's and NDJSON loads do.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseLosslessJson(String(body)));
    } catch (error) {
      done(
        new OmniError('bad_request', `the body is not valid JSON: ${messageOf(error)}`),
        undefined,
      );
    }
  });
  // Result rows hold 64-bit integers as bigint, written at full width.
  app.setReplySerializer((payload) => jsonText(payload));
  app.setErrorHandler((error, request, reply) => {
    const failure = requestError(error, request);
    if (failure.code === 'internal') request.log.error({ err: error }, 'request failed');
    if (failure.code === 'too_many_requests')
      void reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    const { status, body } = errorResponse(failure);
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((request) => {
    throw new OmniError(
      'not_found',
      `no route for ${request.method} ${request.url.split('?')[0] ?? ''}`,
    );
  });
  handleShutdown(app, options.registry, limits.shutdownGraceMs);
  logRequests(app);
  registerFlatRoutes(app, ctx);
  void app.register(async (graphs) => {
    graphs.addHook('onRequest', async (request) => {
      resolveAccess(ctx.gate, ctx.registry, request);
    });
    registerReadRoutes(graphs, ctx);
    registerMutateRoutes(graphs, ctx);
    registerStoredQueryRoutes(graphs, ctx);
    registerMcpRoutes(graphs, ctx);
    registerSchemaRoutes(graphs, ctx);
    registerLoadRoutes(graphs, ctx);
    registerBranchRoutes(graphs, ctx);
    registerCommitRoutes(graphs, ctx);
    registerChangeFeedRoutes(graphs, ctx);
  });
  return app;
}

/** Answers an error in the JSON envelope (with `Retry-After` on a 429). */
function sendError(reply: FastifyReply, failure: OmniError): FastifyReply {
  if (failure.code === 'too_many_requests')
    void reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
  const { status, body } = errorResponse(failure);
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** One line per request: method, route, status, duration, actor (never a token). */
function logRequests(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? request.url.split('?')[0],
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime * 1000) / 1000,
        actor: request.actor,
      },
      'request',
    );
  });
}

/**
 * While closing, new requests on open connections are refused (503); requests in flight finish,
 * until `graceMs`, when remaining connections are cut. The registry closes last.
 */
function handleShutdown(app: FastifyInstance, registry: GraphRegistry, graceMs: number): void {
  let closing = false;
  let deadline: NodeJS.Timeout | undefined;
  app.addHook('onRequest', async () => {
    if (closing) throw new OmniError('transient', 'the server is shutting down');
  });
  // A kept-alive connection would hold close() open after its last response: end it instead.
  app.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });
  app.addHook('preClose', async () => {
    closing = true;
    deadline = setTimeout(() => {
      app.server.closeAllConnections();
    }, graceMs);
    deadline.unref();
  });
  app.addHook('onClose', async () => {
    clearTimeout(deadline);
    await registry.close();
  });
}
