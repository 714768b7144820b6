import type { FastifyReply } from 'fastify';
import type { AccessGate } from '../access-gate.js';
import type { Admission } from '../admission.js';
import type { GraphRegistry } from '../graph-registry.js';
import type { ServerLimits } from '../server-limits.js';

/** What every route module works with. */
export interface RouteContext {
  readonly registry: GraphRegistry;
  readonly gate: AccessGate;
  readonly admission: Admission;
  readonly limits: ServerLimits;
}

/** Marks a response of a deprecated route (RFC 9745) and names its successor (RFC 8288). */
export function markDeprecated(reply: FastifyReply, successor: string): void {
  void reply
    .header('Deprecation', 'true')
    .header('Link', `<${successor}>; rel="successor-version"`);
}

/** The successor path of a deprecated route of graph `id`. */
export function graphPath(id: string, route: string): string {
  return `/graphs/${id}/${route}`;
}
