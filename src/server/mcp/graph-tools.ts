import type { RequestAccess } from '../request-access.js';
import type { StoredQuery } from '../stored-query.js';
import {
  authorizeInvocation,
  runStoredQuery,
  type InvocationContext,
} from '../stored-query-invocation.js';
import type { StoredQueryToolSource } from './stored-query-tools.js';

/**
 * The stored queries of a graph opened by this process, as MCP tools for one actor, gated as
 * the stored-query routes gate them: listing is the catalog's `read` on `main`; a call decides
 * `invoke_query`, then runs the query under `read` or `change` (the engine decides both on a
 * graph with a bundle). Unlike the route, a denied `invoke_query` is reported as the denial.
 */
export function graphTools(ctx: InvocationContext, access: RequestAccess): StoredQueryToolSource {
  const { served, actor } = access;
  return {
    graphId: served.id,
    list: async () => {
      ctx.gate.decide(served, actor, 'read', { branch: 'main' });
      return [...served.storedQueries.values()].sort(byName);
    },
    call: async (toolName, params) => {
      const query = [...served.storedQueries.values()].find((q) => q.toolName === toolName);
      if (query === undefined) return undefined;
      authorizeInvocation(ctx, access);
      return (await runStoredQuery(ctx, access, query, { params })).result;
    },
  };
}

function byName(a: StoredQuery, b: StoredQuery): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
