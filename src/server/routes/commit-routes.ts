import type { FastifyInstance } from 'fastify';
import { BranchQuerySchema, CommitChangesQuerySchema } from '../../api/http-requests.js';
import { isOmniError, OmniError } from '../../util/omni-error.js';
import { changeRouteError } from '../change-route-errors.js';
import { accessOf, callOptions } from '../request-access.js';
import { parseQueryString } from '../request-input.js';
import type { RouteContext } from './route-context.js';

/** Commit history, one commit, and one commit's entity diff. */
export function registerCommitRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/graphs/:graph_id/commits', async (request) => {
    const access = accessOf(request);
    const query = parseQueryString(BranchQuerySchema, request);
    ctx.gate.beforeEngine(access.served, access.actor, 'read', { branch: query.branch ?? 'main' });
    return access.served.graph.listCommits(query, callOptions(access));
  });

  app.get('/graphs/:graph_id/commits/:commit_id', async (request) => {
    const access = accessOf(request);
    ctx.gate.beforeEngine(access.served, access.actor, 'read');
    const { commit_id: commitId } = request.params as { commit_id: string };
    return access.served.graph.showCommit(commitId, callOptions(access));
  });

  app.get('/graphs/:graph_id/commits/:commit_id/changes', async (request) => {
    const access = accessOf(request);
    const query = parseQueryString(CommitChangesQuerySchema, request);
    ctx.gate.beforeEngine(access.served, access.actor, 'read');
    const { commit_id: commitId } = request.params as { commit_id: string };
    try {
      return await access.served.graph.commitChanges(commitId, query, callOptions(access));
    } catch (error) {
      // A commit of a branch the actor may not read does not exist for that actor.
      if (!isOmniError(error, 'forbidden')) throw changeRouteError(error);
      throw new OmniError('not_found', `commit '${commitId}' not found`, {
        details: { commit_id: commitId },
      });
    }
  });
}
