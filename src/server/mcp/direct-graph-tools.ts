import type { Env } from '../../api/settings-from-env.js';
import type { SettingsInput } from '../../api/settings.js';
import type { ClusterState } from '../../cluster/index.js';
import { Omnigraph } from '../../engine/index.js';
import { denialError, type Policy } from '../../policy/index.js';
import { messageOf, OmniError } from '../../util/omni-error.js';
import type { AccessGate } from '../access-gate.js';
import { Admission } from '../admission.js';
import { graphEmbedding } from '../boot/graph-embedding.js';
import type { ServedGraph } from '../graph-registry.js';
import { DEFAULT_SERVER_LIMITS } from '../server-limits.js';
import { compileStoredQuery, type StoredQuery } from '../stored-query.js';
import { graphTools } from './graph-tools.js';
import type { StoredQueryToolSource } from './stored-query-tools.js';
import { duplicateToolName, toolNameClashMessage } from './tool-names.js';

/** A graph of a cluster, opened on its storage for `omnigraph mcp --cluster`. */
export interface DirectGraphOptions {
  /** The applied revision (the graph's embedding provider is resolved from it). */
  readonly state: ClusterState;
  readonly id: string;
  /** The graph's root: `<storage>/graphs/<id>.omni`. */
  readonly uri: string;
  /** The stored queries the cluster applied for it, and the file each was read from. */
  readonly queries: readonly {
    readonly name: string;
    readonly source: string;
    readonly file?: string;
  }[];
  /** The bundle the cluster binds to the graph: it decides every call, for `actor`. */
  readonly policy?: Policy;
  /** Who calls the tools: checked by `policy`, recorded on commits. */
  readonly actor: string | null;
  /** Engine and S3 settings (the process's). */
  readonly settings?: SettingsInput;
  /** Where the embedding provider's `${VAR}` API key is read from. */
  readonly env: Env;
  readonly cwd?: string;
}

/** The tools of a directly opened graph, and how to let go of it. */
export interface DirectGraphTools {
  readonly tools: StoredQueryToolSource;
  /** How many stored queries are offered. */
  readonly count: number;
  /** Waits for the calls in flight, then closes the graph (releasing its writer lease). */
  close(): Promise<void>;
}

/**
 * Opens a cluster graph with the engine, as the server would serve it: under the cluster's
 * bundle for the graph (without one, every call is allowed, as for any direct command), with its
 * embedding provider, and its stored queries compiled against its live schema. A query that no
 * longer compiles, two queries with one tool name or a missing provider key refuse to start
 * (where the server quarantines the graph). Calls are gated like the server's: `invoke_query`,
 * then `read` or `change`.
 */
export async function openDirectGraphTools(options: DirectGraphOptions): Promise<DirectGraphTools> {
  const settings = embeddingSettings(options);
  const graph = await Omnigraph.open(options.uri, {
    ...(settings === undefined ? {} : { settings }),
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  let storedQueries: Map<string, StoredQuery>;
  try {
    storedQueries = await compileQueries(graph, options);
  } catch (error) {
    await graph.close().catch(() => undefined);
    throw error;
  }
  const served: ServedGraph = {
    id: options.id,
    graph,
    storedQueries,
    ...(options.policy === undefined ? {} : { policy: options.policy }),
  };
  const tools = graphTools(
    {
      gate: directGate,
      admission: new Admission({
        inflight: DEFAULT_SERVER_LIMITS.actorInflight,
        bytes: DEFAULT_SERVER_LIMITS.actorBytes,
      }),
    },
    { actor: options.actor, served },
  );
  const inFlight = new Set<Promise<unknown>>();
  return {
    count: storedQueries.size,
    tools: {
      ...tools,
      call: (toolName, params) => {
        const call = tools.call(toolName, params);
        const settled = call.catch(() => undefined);
        inFlight.add(settled);
        void settled.then(() => inFlight.delete(settled));
        return call;
      },
    },
    close: async () => {
      await Promise.all(inFlight);
      await graph.close();
    },
  };
}

/**
 * The server's gate for a graph it opens itself: the bundle decides what the engine never sees
 * (`invoke_query`, the catalog's `read`); without a bundle the operator's direct access allows
 * everything. The engine, opened with the bundle, decides `read` and `change` itself.
 */
const directGate: Pick<AccessGate, 'decide' | 'beforeEngine'> = {
  decide: (served, actor, action, on) => {
    if (served.policy === undefined) return;
    const decision = served.policy.decide({ actor, action, ...on });
    if (!decision.allowed) throw denialError(decision);
  },
  beforeEngine: () => undefined,
};

function embeddingSettings(options: DirectGraphOptions): SettingsInput | undefined {
  const address =
    options.state.applied_revision.resources[`graph.${options.id}`]?.embedding_provider;
  const embedding = graphEmbedding(
    options.state,
    {
      id: options.id,
      queries: [],
      ...(address === undefined ? {} : { embeddingProvider: address }),
    },
    options.env,
  );
  if (embedding.kind === 'fatal' || embedding.kind === 'quarantine')
    throw new OmniError('configuration', embedding.diagnostic.message);
  if (embedding.kind === 'default') return options.settings;
  return {
    ...options.settings,
    embedding: { ...options.settings?.embedding, ...embedding.embedding },
  };
}

/** The stored queries compiled against the graph's live schema (main's head), tool names unique. */
async function compileQueries(
  graph: Omnigraph,
  options: DirectGraphOptions,
): Promise<Map<string, StoredQuery>> {
  const schema = (await graph.resolve()).schema.source;
  const compiled = new Map<string, StoredQuery>();
  for (const { name, source, file } of options.queries) {
    try {
      compiled.set(
        name,
        compileStoredQuery({ name, source, ...(file === undefined ? {} : { file }) }, schema),
      );
    } catch (error) {
      throw new OmniError(
        'configuration',
        `stored query ${name} of graph ${options.id} no longer compiles against its live schema: ${messageOf(error)}`,
        { cause: error },
      );
    }
  }
  const clash = duplicateToolName(compiled.values());
  if (clash !== undefined)
    throw new OmniError('configuration', toolNameClashMessage(options.id, clash));
  return compiled;
}
