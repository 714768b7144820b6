import { jsonText } from '../../api/json-text.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ChangeOutput } from '../../api/change-output.js';
import { ChangeRequestSchema } from '../../api/http-requests.js';
import { OmniError } from '../../util/omni-error.js';
import { ifGraphCommitOf, refuseIfGraphCommit } from '../if-graph-commit.js';
import { accessOf, callOptions } from '../request-access.js';
import { parseBody } from '../request-input.js';
import { graphPath, markDeprecated, type RouteContext } from './route-context.js';

/** Mutations: `/mutate`, its conditional form, and the deprecated `/change`. */
export function registerMutateRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/graphs/:graph_id/mutate', async (request) => {
    refuseIfGraphCommit(request.headers, '/mutate');
    return mutate(ctx, request, undefined);
  });

  app.post('/graphs/:graph_id/mutate/if-graph-commit', async (request) => {
    const expected = ifGraphCommitOf(request.raw.rawHeaders);
    if (expected === undefined)
      throw new OmniError('bad_request', 'missing Omnigraph-If-Graph-Commit header');
    return mutate(ctx, request, expected);
  });

  app.post('/graphs/:graph_id/change', async (request, reply) => {
    refuseIfGraphCommit(request.headers, '/change');
    const output = await mutate(ctx, request, undefined);
    markDeprecated(reply, graphPath(accessOf(request).served.id, 'mutate'));
    return output;
  });
}

async function mutate(
  ctx: RouteContext,
  request: FastifyRequest,
  ifCommit: string | undefined,
): Promise<ChangeOutput> {
  const access = accessOf(request);
  const body = parseBody(ChangeRequestSchema, request);
  const query = body.query ?? body.query_source ?? '';
  const name = body.name ?? body.query_name;
  const branch = body.branch ?? 'main';
  ctx.gate.beforeEngine(access.served, access.actor, 'change', { branch });
  const bytes = query.length + jsonText(body.params ?? null).length;
  return ctx.admission.run(access.actor, bytes, () =>
    access.served.graph.mutate(
      {
        query,
        ...(name === undefined ? {} : { name }),
        ...(body.params === undefined ? {} : { params: body.params }),
        ...(body.branch === undefined ? {} : { branch: body.branch }),
      },
      {
        ...callOptions(access),
        ...(body.message === undefined ? {} : { message: body.message }),
        ...(ifCommit === undefined ? {} : { ifCommit }),
      },
    ),
  );
}
