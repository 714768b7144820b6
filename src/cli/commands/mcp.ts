import type { Command } from 'commander';
import type { RemoteGraph } from '../../client/index.js';
import type {
  StoredQueryDescription,
  StoredQueryToolSource,
} from '../../server/mcp/stored-query-tools.js';
import { messageOf, OmniError } from '../../util/omni-error.js';
import type { CliContext } from '../cli-context.js';
import {
  actorOf,
  commandLabel,
  globalsOf,
  resolveGraphUri,
  scopeMisuse,
  serverTokenOf,
  withServedGraph,
} from '../graph-target.js';

/** `GET /graphs/{id}/queries`. */
interface StoredQueryCatalog {
  readonly queries: readonly {
    readonly name: string;
    readonly tool_name: string;
    readonly description?: string;
    readonly instruction?: string;
    readonly mutation: boolean;
    readonly params: StoredQueryDescription['params'];
  }[];
}

/**
 * `omnigraph mcp --cluster <dir|uri> [--graph <id>] [--as <actor>]` and
 * `omnigraph mcp --server <name|url> --graph <id>`: an MCP server on stdio whose tools are the
 * stored queries of one graph, for desktop agents. With `--cluster` the graph is opened on the
 * cluster's storage with the engine, under the bundle the cluster applied to it, for `--as` (or
 * `operator.actor`); with `--server` every call goes to the served graph's stored-query routes,
 * as the token's actor. Runs until the client closes stdin; stdout carries only the protocol.
 */
export function registerMcp(program: Command, ctx: CliContext): void {
  program
    .command('mcp')
    .description("serve a graph's stored queries as MCP tools on stdio, for AI agents")
    .option(
      '--cluster <dir|uri>',
      'run a graph of this cluster directly (its config directory or storage root)',
    )
    .action(async (flags: { readonly cluster?: string }, command: Command) => {
      if (flags.cluster !== undefined) {
        await serveClusterGraph(ctx, command, flags.cluster, globalsOf(command).graph);
        return;
      }
      if (globalsOf(command).server === undefined) {
        throw new OmniError(
          'usage',
          '`mcp` serves the stored queries of a cluster graph: pass --cluster <dir> [--graph <id>], or --server <name|url> --graph <id>.',
        );
      }
      await serveServedGraph(ctx, command);
    });
}

/** The graph of `--cluster`, opened with the engine under the cluster's policy. */
async function serveClusterGraph(
  ctx: CliContext,
  command: Command,
  cluster: string,
  graph: string | undefined,
): Promise<void> {
  const globals = globalsOf(command);
  const label = commandLabel(command);
  const capability = 'a cluster-addressed (--cluster)';
  if (globals.server !== undefined)
    throw scopeMisuse(
      label,
      capability,
      '--server addresses a served graph',
      ' Pass --cluster or --server, not both.',
    );
  if (globals.store !== undefined)
    throw scopeMisuse(
      label,
      capability,
      '--store addresses one graph root',
      ' The cluster names the root (--graph picks the graph).',
    );
  if (globals.token !== undefined)
    throw scopeMisuse(label, capability, '--token authenticates to a server', '');
  if (globals.policy !== undefined)
    throw scopeMisuse(
      label,
      capability,
      '--policy names a bundle',
      ' The bundle the cluster applied to the graph decides every call.',
    );
  const [{ openClusterScope, selectGraph }, { storedPolicy, storedQueries }] = await Promise.all([
    import('../cluster/cluster-scope.js'),
    import('../cluster/stored-catalog.js'),
  ]);
  const scope = await openClusterScope(ctx.io, cluster);
  const id = selectGraph(scope, graph);
  const bound = Object.entries(scope.state.applied_revision.resources).some(
    ([address, resource]) =>
      address.startsWith('policy.') && resource.applies_to?.includes(`graph.${id}`) === true,
  );
  const [queries, policy, actor] = await Promise.all([
    storedQueries(scope, id),
    bound ? storedPolicy(scope, id) : Promise.resolve(undefined),
    actorOf(ctx, command),
  ]);
  if (policy !== undefined && actor === null) {
    throw new OmniError(
      'usage',
      `the cluster's policy bundle ${policy.bundle.name} decides every call to graph ${id}: pass --as <actor>, or set operator.actor in the operator config.`,
    );
  }
  const [{ openDirectGraphTools }, { settingsFromEnv }] = await Promise.all([
    import('../../server/mcp/direct-graph-tools.js'),
    import('../../api/settings-from-env.js'),
  ]);
  const direct = await openDirectGraphTools({
    state: scope.state,
    id,
    uri: scope.store.graphUri(id),
    queries: queries.map(({ name, source, path }) => ({ name, source, file: path })),
    ...(policy === undefined ? {} : { policy }),
    actor,
    settings: settingsFromEnv(ctx.io.env),
    env: ctx.io.env,
    cwd: ctx.io.cwd,
  });
  try {
    const as = actor === null ? 'no actor' : `actor '${actor}'`;
    const guard = policy === undefined ? 'no policy bundle' : `policy ${policy.bundle.name}`;
    announce(
      ctx,
      command,
      `${direct.count} stored quer${direct.count === 1 ? 'y' : 'ies'} of graph ${id} (${scope.store.uri}; ${guard}, ${as})`,
    );
    await serve(ctx, direct.tools);
  } finally {
    await direct.close();
  }
}

/** The graph of `--server --graph`, reached through the remote client. */
async function serveServedGraph(ctx: CliContext, command: Command): Promise<void> {
  const url = await resolveGraphUri(ctx, command, undefined);
  const at = url.lastIndexOf('/graphs/');
  const id = decodeURIComponent(url.slice(at + '/graphs/'.length));
  const token = await serverTokenOf(ctx, command, url);
  const { HttpTransport } = await import('../../client/http-transport.js');
  const http = new HttpTransport({ url: url.slice(0, at), token });
  const catalog = (): Promise<StoredQueryCatalog> =>
    http.json('GET', `/graphs/${encodeURIComponent(id)}/queries`);
  await withServedGraph(ctx, command, url, async (remote) => {
    announce(ctx, command, `the stored queries of ${url} (served)`);
    await serve(ctx, remoteTools(id, remote, catalog));
  });
}

/**
 * A served graph's stored queries: the catalog is read from the server when the client lists
 * the tools (and on the first call before that); each call runs the stored query by name.
 */
function remoteTools(
  graphId: string,
  remote: RemoteGraph,
  fetchCatalog: () => Promise<StoredQueryCatalog>,
): StoredQueryToolSource {
  let known: Promise<readonly StoredQueryDescription[]> | undefined;
  const load = (): Promise<readonly StoredQueryDescription[]> => {
    const loading = fetchCatalog().then(({ queries }) =>
      queries.map((query) => ({
        name: query.name,
        toolName: query.tool_name,
        ...(query.description === undefined ? {} : { description: query.description }),
        ...(query.instruction === undefined ? {} : { instruction: query.instruction }),
        mutation: query.mutation,
        params: query.params,
      })),
    );
    known = loading;
    void loading.catch(() => {
      if (known === loading) known = undefined;
    });
    return loading;
  };
  return {
    graphId,
    list: load,
    call: async (toolName, params) => {
      const query = (await (known ?? load())).find((entry) => entry.toolName === toolName);
      if (query === undefined) return undefined;
      return query.mutation
        ? remote.runStoredMutation(query.name, { params })
        : remote.runStoredQuery(query.name, { params });
    },
  };
}

/** Serves `tools` on the process's stdio until the client closes stdin. */
async function serve(ctx: CliContext, tools: StoredQueryToolSource): Promise<void> {
  const [{ createMcpServer }, { serveMcpOverStdio }] = await Promise.all([
    import('../../server/mcp/mcp-server.js'),
    import('../../server/mcp/stdio-server.js'),
  ]);
  const server = createMcpServer(tools, {
    onInternalError: (error) => {
      ctx.io.stderr(`omnigraph mcp: a tool call failed: ${messageOf(error)}\n`);
    },
  });
  await serveMcpOverStdio(server);
}

/** One line on stderr (stdout is the protocol's), unless `--quiet`. */
function announce(ctx: CliContext, command: Command, what: string): void {
  if (globalsOf(command).quiet === true) return;
  ctx.io.stderr(`omnigraph mcp: serving ${what} as MCP tools on stdio\n`);
}
