import type { Graph } from '../api/graph.js';
import type { Policy } from '../policy/index.js';
import { OmniError } from '../util/omni-error.js';
import { isValidGraphId } from './graph-id.js';
import type { StoredQuery } from './stored-query.js';

/**
 * One graph the server serves. When `policy` is set, `graph` must be the engine opened with that
 * same policy (and the server's decision observer): the engine then decides every data operation
 * for the actor the server passes, and the server decides only what the engine never sees
 * (`invoke_query`, `schema_apply`). The policy is compiled for this graph's id.
 */
export interface ServedGraph {
  readonly id: string;
  readonly graph: Graph;
  readonly policy?: Policy;
  /** Stored queries by name. */
  readonly storedQueries: ReadonlyMap<string, StoredQuery>;
}

/** The ready graphs of a server (quarantined ones are simply absent) and its server policy. */
export interface GraphRegistry {
  /** Every served graph, sorted by id. */
  list(): readonly ServedGraph[];
  get(id: string): ServedGraph | undefined;
  /** The `cluster`-bound policy: the only source of `graph_list`. */
  readonly serverPolicy?: Policy;
  /** Closes every graph. */
  close(): Promise<void>;
}

/** What {@link createGraphRegistry} serves. */
export interface GraphRegistryInput {
  readonly graphs: readonly ServedGraph[];
  readonly serverPolicy?: Policy;
}

/**
 * A registry over graphs opened by the caller: ids are checked (pattern, reserved names,
 * duplicates), and closing it closes every graph, even when some fail to close.
 *
 * @example
 * const registry = createGraphRegistry({ graphs: [{ id: 'people', graph, storedQueries: new Map() }] });
 */
export function createGraphRegistry(input: GraphRegistryInput): GraphRegistry {
  const byId = new Map<string, ServedGraph>();
  for (const served of input.graphs) {
    if (!isValidGraphId(served.id))
      throw new OmniError('bad_request', `invalid graph id '${served.id}'`);
    if (byId.has(served.id))
      throw new OmniError('bad_request', `graph '${served.id}' is served twice`);
    byId.set(served.id, served);
  }
  const sorted = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    list: () => sorted,
    get: (id) => byId.get(id),
    ...(input.serverPolicy === undefined ? {} : { serverPolicy: input.serverPolicy }),
    close: async () => {
      const results = await Promise.allSettled(sorted.map((served) => served.graph.close()));
      const failed = results.find((result) => result.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
    },
  };
}
