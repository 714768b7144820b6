import type { FastifyRequest } from 'fastify';
import { OmniError } from '../util/omni-error.js';
import type { AccessGate } from './access-gate.js';
import { requireValidGraphId } from './graph-id.js';
import type { GraphRegistry, ServedGraph } from './graph-registry.js';

/** Who sends a request to a graph route, and the graph it addresses. */
export interface RequestAccess {
  readonly actor: string | null;
  readonly served: ServedGraph;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by {@link resolveAccess} before the body is read, on every `/graphs/{id}/…` route. */
    access: RequestAccess | null;
    /** The authenticated actor (null in open mode or before authentication), for the request log. */
    actor: string | null;
  }
}

/** Authenticates a request (401 first), then resolves its graph: 400 for a bad id, 404 unknown. */
export function resolveAccess(
  gate: AccessGate,
  registry: GraphRegistry,
  request: FastifyRequest,
): void {
  const actor = gate.actorOf(request.headers.authorization);
  request.actor = actor;
  const id = requireValidGraphId((request.params as { graph_id: string }).graph_id);
  const served = registry.get(id);
  if (served === undefined)
    throw new OmniError('not_found', `graph '${id}' not found`, { details: { graph_id: id } });
  request.access = { actor, served };
}

/** The access {@link resolveAccess} resolved for a graph route. */
export function accessOf(request: FastifyRequest): RequestAccess {
  if (request.access === null) throw new OmniError('internal', 'graph route ran without access');
  return request.access;
}

/** The options every call to the engine takes: the actor, when there is one. */
export function callOptions(access: RequestAccess): { actor?: string } {
  return access.actor === null ? {} : { actor: access.actor };
}
