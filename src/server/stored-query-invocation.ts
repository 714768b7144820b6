import type { ChangeOutput } from '../api/change-output.js';
import type { QueryResult } from '../api/graph.js';
import { jsonText } from '../api/json-text.js';
import { OmniError } from '../util/omni-error.js';
import type { AccessGate } from './access-gate.js';
import type { Admission } from './admission.js';
import { callOptions, type RequestAccess } from './request-access.js';
import type { StoredQuery } from './stored-query.js';

/**
 * What an invocation needs to authorize and admit a stored query: the server's gate and
 * admission, or (a graph run by `omnigraph mcp --cluster`) stand-ins with the same contract.
 */
export interface InvocationContext {
  readonly gate: Pick<AccessGate, 'decide' | 'beforeEngine'>;
  readonly admission: Pick<Admission, 'run'>;
}

/** How a stored query is run: its params and the branch or commit it runs on. */
export interface StoredQueryInvocation {
  readonly params?: Readonly<Record<string, unknown>> | null;
  readonly branch?: string;
  /** A read only: the commit read instead of a branch head. */
  readonly snapshot?: string;
  /** A mutation only: recorded on the commit it publishes. */
  readonly message?: string;
  /** A mutation only: the commit the branch head must still be. */
  readonly ifCommit?: string;
}

/** What a stored query answered: a read's result, or a mutation's. */
export type StoredQueryOutcome =
  | { readonly mutation: false; readonly result: QueryResult }
  | { readonly mutation: true; readonly result: ChangeOutput };

/**
 * Decides `invoke_query` for the actor: the server's own decision, which the engine never sees.
 * A denial is `forbidden` (the stored-query route answers it as an unknown query).
 */
export function authorizeInvocation(ctx: InvocationContext, access: RequestAccess): void {
  ctx.gate.decide(access.served, access.actor, 'invoke_query');
}

/**
 * Runs a stored query the actor may invoke ({@link authorizeInvocation}): a read under `read`,
 * a mutation under `change` on its branch and the actor's admission budget. The engine decides
 * both on a graph with a bundle; the gate applies default deny on one without.
 */
export async function runStoredQuery(
  ctx: InvocationContext,
  access: RequestAccess,
  query: StoredQuery,
  invocation: StoredQueryInvocation = {},
): Promise<StoredQueryOutcome> {
  const options = callOptions(access);
  const params = invocation.params === undefined ? {} : { params: invocation.params };
  const branch = invocation.branch === undefined ? {} : { branch: invocation.branch };
  if (!query.mutation) {
    ctx.gate.beforeEngine(access.served, access.actor, 'read');
    const snapshot = invocation.snapshot === undefined ? {} : { snapshot: invocation.snapshot };
    const result = await access.served.graph.query(
      { query: query.source, name: query.name, ...params, ...branch, ...snapshot },
      options,
    );
    return { mutation: false, result };
  }
  if (invocation.snapshot !== undefined)
    throw new OmniError('bad_request', 'stored mutation cannot target a snapshot');
  ctx.gate.beforeEngine(access.served, access.actor, 'change', {
    branch: invocation.branch ?? 'main',
  });
  const bytes = query.source.length + jsonText(invocation.params ?? null).length;
  const result = await ctx.admission.run(access.actor, bytes, () =>
    access.served.graph.mutate(
      { query: query.source, name: query.name, ...params, ...branch },
      {
        ...options,
        ...(invocation.message === undefined ? {} : { message: invocation.message }),
        ...(invocation.ifCommit === undefined ? {} : { ifCommit: invocation.ifCommit }),
      },
    ),
  );
  return { mutation: true, result };
}
