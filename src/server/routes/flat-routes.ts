import type { FastifyInstance } from 'fastify';
import { GRAPH_FORMAT_VERSION } from '../../engine/index.js';
import { openApiDocument } from '../openapi-document.js';
import { SERVER_VERSION } from '../server-version.js';
import type { RouteContext } from './route-context.js';

/** The routes outside `/graphs/{id}`: liveness, the OpenAPI document and the graph list. */
export function registerFlatRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/healthz', async () => ({
    status: 'ok',
    version: SERVER_VERSION,
    internal_schema_version: GRAPH_FORMAT_VERSION,
  }));

  const document = openApiDocument({ version: SERVER_VERSION, open: ctx.gate.open });
  app.get('/openapi.json', async () => document);

  app.get('/graphs', async (request) => {
    const actor = ctx.gate.actorOf(request.headers.authorization);
    request.actor = actor;
    ctx.gate.graphList(actor);
    return {
      graphs: ctx.registry.list().map((served) => ({ graph_id: served.id, uri: served.graph.uri })),
    };
  });
}
