import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChangeOutput } from '../../api/change-output.js';
import type { QueryResult } from '../../api/graph.js';
import {
  InvokeStoredQueryRequestSchema,
  type InvokeStoredQueryRequestBody,
} from '../../api/http-requests.js';
import { parseLosslessJson } from '../../util/lossless-json.js';
import { isOmniError, messageOf, OmniError } from '../../util/omni-error.js';
import { ifGraphCommitOf, refuseIfGraphCommit } from '../if-graph-commit.js';
import { accessOf, type RequestAccess } from '../request-access.js';
import { parseInput } from '../request-input.js';
import type { StoredQuery } from '../stored-query.js';
import { authorizeInvocation, runStoredQuery } from '../stored-query-invocation.js';
import { markBigintColumns } from './read-routes.js';
import type { RouteContext } from './route-context.js';

/** The stored-query catalog and invocation (plain and graph-commit conditional). */
export function registerStoredQueryRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/graphs/:graph_id/queries', async (request) => {
    const { served, actor } = accessOf(request);
    ctx.gate.decide(served, actor, 'read', { branch: 'main' });
    const queries = [...served.storedQueries.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    return { queries: queries.map(catalogEntry) };
  });

  // The invocation body is optional (empty, or `null`), so these routes read it as text.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'string' },
      (_request, body, done) => {
        done(null, body);
      },
    );
    scope.post('/graphs/:graph_id/queries/:name', async (request, reply) => {
      refuseIfGraphCommit(request.headers, 'this route');
      return invoke(ctx, request, reply, undefined);
    });
    scope.post('/graphs/:graph_id/queries/:name/if-graph-commit', async (request, reply) => {
      const expected = ifGraphCommitOf(request.raw.rawHeaders);
      if (expected === undefined)
        throw new OmniError('bad_request', 'missing Omnigraph-If-Graph-Commit header');
      return invoke(ctx, request, reply, expected);
    });
  });
}

function catalogEntry(query: StoredQuery) {
  return {
    name: query.name,
    tool_name: query.toolName,
    ...(query.description === undefined ? {} : { description: query.description }),
    ...(query.instruction === undefined ? {} : { instruction: query.instruction }),
    mutation: query.mutation,
    params: query.params,
  };
}

async function invoke(
  ctx: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  ifCommit: string | undefined,
): Promise<QueryResult | ChangeOutput> {
  const access = accessOf(request);
  const query = storedQuery(ctx, access, (request.params as { name: string }).name);
  const body = invocationBody(request.body);
  if (ifCommit !== undefined && !query.mutation) {
    throw new OmniError(
      'bad_request',
      'the graph-commit conditional route applies only to stored mutations',
    );
  }
  checkKind(query, body.expect_mutation);
  const outcome = await runStoredQuery(ctx, access, query, {
    ...(body.params === undefined ? {} : { params: body.params }),
    ...(body.branch === undefined ? {} : { branch: body.branch }),
    ...(body.snapshot === undefined ? {} : { snapshot: body.snapshot }),
    ...(body.message === undefined ? {} : { message: body.message }),
    ...(ifCommit === undefined ? {} : { ifCommit }),
  });
  if (!outcome.mutation) markBigintColumns(reply, outcome.result.rows);
  return outcome.result;
}

/**
 * The stored query, when it exists and the actor may invoke it. Both failures answer the same
 * `not_found`, so a denied actor cannot tell which queries exist.
 */
function storedQuery(ctx: RouteContext, access: RequestAccess, name: string): StoredQuery {
  const notFound = () => new OmniError('not_found', 'stored query not found');
  const query = access.served.storedQueries.get(name);
  if (query === undefined) throw notFound();
  try {
    authorizeInvocation(ctx, access);
  } catch (error) {
    if (isOmniError(error, 'forbidden')) throw notFound();
    throw error;
  }
  return query;
}

function invocationBody(raw: unknown): InvokeStoredQueryRequestBody {
  const what = 'stored-query invocation body';
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return {};
  let value: unknown;
  try {
    value = parseLosslessJson(text);
  } catch (error) {
    throw new OmniError('bad_request', `invalid ${what}: ${messageOf(error)}`);
  }
  return value === null ? {} : parseInput(InvokeStoredQueryRequestSchema, value, what);
}

function checkKind(query: StoredQuery, expectMutation: boolean | undefined): void {
  if (expectMutation === undefined || expectMutation === query.mutation) return;
  throw new OmniError(
    'bad_request',
    query.mutation
      ? `'${query.name}' is a mutation — use omnigraph mutate ${query.name}`
      : `'${query.name}' is a read — use omnigraph query ${query.name}`,
  );
}
