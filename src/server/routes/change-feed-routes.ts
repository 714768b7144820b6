import type { FastifyInstance } from 'fastify';
import { ChangeFeedQuerySchema, ChangesBaselineRequestSchema } from '../../api/http-requests.js';
import { OmniError } from '../../util/omni-error.js';
import { changeRouteError } from '../change-route-errors.js';
import { accessOf, callOptions } from '../request-access.js';
import { parseBody, parseQueryString } from '../request-input.js';
import type { RouteContext } from './route-context.js';
import { sendNdjsonLines } from '../ndjson-reply.js';

/** The branch a change route names (trimmed; default `main`, empty refused). */
function branchOf(branch: string | undefined): string {
  const name = (branch ?? 'main').trim();
  if (name.length === 0) throw new OmniError('bad_request', 'branch name cannot be empty');
  return name;
}

/** Runs a change route's work, answering its failures through the change-route allowlist. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw changeRouteError(error);
  }
}

/** The change feed of a branch (`GET …/changes`) and its baseline (`POST …/changes/baseline`). */
export function registerChangeFeedRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/graphs/:graph_id/changes', async (request) => {
    const access = accessOf(request);
    const query = parseQueryString(ChangeFeedQuerySchema, request);
    return guarded(async () => {
      const branch = branchOf(query.branch);
      ctx.gate.beforeEngine(access.served, access.actor, 'read', { branch });
      return access.served.graph.pollChanges({ ...query, branch }, callOptions(access));
    });
  });

  app.post('/graphs/:graph_id/changes/baseline', async (request, reply) => {
    const access = accessOf(request);
    const body = parseBody(ChangesBaselineRequestSchema, request);
    const { lines, first } = await guarded(async () => {
      const branch = branchOf(body.branch);
      ctx.gate.beforeEngine(access.served, access.actor, 'export', { branch });
      const baseline = access.served.graph.changesBaseline(
        { ...body, branch },
        callOptions(access),
      );
      const iterator = baseline[Symbol.asyncIterator]();
      // The first line settles authorization, the branch and the filter before the 200 is sent.
      return { lines: iterator, first: await iterator.next() };
    });
    return sendNdjsonLines(reply, first, lines);
  });
}
