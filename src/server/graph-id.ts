import { OmniError } from '../util/omni-error.js';

const GRAPH_ID = /^[a-zA-Z0-9-]{1,64}$/;

/** Ids that would shadow the server's own paths; refused even though they match the pattern. */
export const RESERVED_GRAPH_IDS: ReadonlySet<string> = new Set([
  'policies',
  'healthz',
  'openapi',
  'graphs',
]);

/** Whether `id` may name a served graph: 1–64 ASCII letters, digits and `-`, not reserved. */
export function isValidGraphId(id: string): boolean {
  return GRAPH_ID.test(id) && !RESERVED_GRAPH_IDS.has(id);
}

/** Checks a graph id taken from a URL: `bad_request` when it cannot name a graph. */
export function requireValidGraphId(id: string): string {
  if (isValidGraphId(id)) return id;
  throw new OmniError(
    'bad_request',
    `invalid graph id '${id}': use 1-64 ASCII letters, digits and '-' (not ${[...RESERVED_GRAPH_IDS].join(', ')})`,
    { details: { graph_id: id } },
  );
}
