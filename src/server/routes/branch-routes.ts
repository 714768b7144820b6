import type { FastifyInstance } from 'fastify';
import {
  BranchCreateRequestSchema,
  BranchMergeRequestSchema,
  DiffBetweenQuerySchema,
} from '../../api/http-requests.js';
import { accessOf, callOptions } from '../request-access.js';
import { parseBody, parseQueryString } from '../request-input.js';
import type { RouteContext } from './route-context.js';

/** The admission estimate of a branch operation: its body is small and bounded. */
const BRANCH_OP_BYTES = 256;

/** Branch list, create, delete, merge (or its dry run) and the diff between branches. */
export function registerBranchRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/graphs/:graph_id/branches', async (request) => {
    const access = accessOf(request);
    ctx.gate.beforeEngine(access.served, access.actor, 'read');
    return access.served.graph.listBranches(callOptions(access));
  });

  app.post('/graphs/:graph_id/branches', async (request) => {
    const access = accessOf(request);
    const body = parseBody(BranchCreateRequestSchema, request);
    ctx.gate.beforeEngine(access.served, access.actor, 'branch_create', {
      branch: body.from ?? 'main',
      targetBranch: body.name,
    });
    return ctx.admission.run(access.actor, BRANCH_OP_BYTES, () =>
      access.served.graph.createBranch(body, callOptions(access)),
    );
  });

  app.post('/graphs/:graph_id/branches/merge', async (request) => {
    const access = accessOf(request);
    const body = parseBody(BranchMergeRequestSchema, request);
    ctx.gate.beforeEngine(access.served, access.actor, 'branch_merge', {
      branch: body.source,
      targetBranch: body.target ?? 'main',
    });
    const { message, ...merge } = body;
    return ctx.admission.run(access.actor, BRANCH_OP_BYTES, () =>
      access.served.graph.mergeBranch(merge, {
        ...callOptions(access),
        ...(message === undefined ? {} : { message }),
      }),
    );
  });

  // A read: never admitted. Each side's `read` is checked by the engine (commit ids on their
  // authoring branch, an unreadable one reported as not found, like a commit's changes).
  app.get('/graphs/:graph_id/diff', async (request) => {
    const access = accessOf(request);
    const query = parseQueryString(DiffBetweenQuerySchema, request);
    ctx.gate.beforeEngine(access.served, access.actor, 'read');
    return access.served.graph.diffBetween(query, callOptions(access));
  });

  // Branch names hold `/` (`feature/x`), so the name is the rest of the path.
  app.delete('/graphs/:graph_id/branches/*', async (request) => {
    const access = accessOf(request);
    const name = (request.params as { '*': string })['*'];
    ctx.gate.beforeEngine(access.served, access.actor, 'branch_delete', { targetBranch: name });
    return ctx.admission.run(access.actor, BRANCH_OP_BYTES, () =>
      access.served.graph.deleteBranch(name, callOptions(access)),
    );
  });
}
