import type { FastifyInstance } from 'fastify';
import { SchemaApplyRequestSchema } from '../../api/http-requests.js';
import { OmniError } from '../../util/omni-error.js';
import { accessOf, callOptions } from '../request-access.js';
import { parseBody } from '../request-input.js';
import type { RouteContext } from './route-context.js';

/** The schema source, and schema apply (always refused: the cluster owns schemas). */
export function registerSchemaRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/graphs/:graph_id/schema', async (request) => {
    const access = accessOf(request);
    ctx.gate.beforeEngine(access.served, access.actor, 'read');
    return access.served.graph.getSchema(callOptions(access));
  });

  app.post('/graphs/:graph_id/schema/apply', async (request) => {
    const { served, actor } = accessOf(request);
    ctx.gate.decide(served, actor, 'schema_apply', { targetBranch: 'main' });
    parseBody(SchemaApplyRequestSchema, request);
    // A served graph's schema is the applied cluster's: changing it here would drift from it.
    throw new OmniError(
      'conflict',
      `graph '${served.id}' is served from a cluster: change its schema in cluster.yaml, run \`omnigraph cluster apply\`, then restart the server`,
    );
  });
}
