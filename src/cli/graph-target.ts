import type { Command } from 'commander';
import type { Graph } from '../api/index.js';
import type { RemoteGraph } from '../client/index.js';
import type { Omnigraph, OpenMode } from '../engine/index.js';
import { OmniError } from '../util/omni-error.js';
import { isLocalLocation, parseStoreUri } from '../util/store-uri.js';
import type { CliContext } from './cli-context.js';
import type { OperatorSettings } from './operator/index.js';

/**
 * Global options every verb can read (`--as`, `--store`, `--server`, `--graph`, `--profile`,
 * `--token`, `--policy`, `--quiet`, `--yes`).
 */
export interface GlobalOptions {
  readonly as?: string;
  readonly store?: string;
  readonly server?: string;
  readonly graph?: string;
  readonly profile?: string;
  readonly token?: string;
  readonly policy?: string;
  readonly quiet?: boolean;
  readonly yes?: boolean;
}

/** The global options of the invoked command. */
export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/**
 * The operator config of this run (`$OMNIGRAPH_HOME/config.yaml`), read once, and only by a
 * command that needs it; its warnings go to stderr.
 */
export async function operatorSettingsOf(ctx: CliContext): Promise<OperatorSettings> {
  ctx.operator ??= import('./operator/index.js').then(async ({ loadOperatorSettings }) =>
    loadOperatorSettings(ctx.io.env, ctx.io.stderr),
  );
  return ctx.operator;
}

/**
 * The graph a command addresses, by precedence (docs/reference/operator-config.md): an explicit
 * address — `--server <name|url> --graph <id>` (its URL, `<url>/graphs/<id>`), a positional URI
 * (or `--uri`) or `--store` — else the scope of `--profile` (or `$OMNIGRAPH_PROFILE`), else the
 * operator config's `defaults`. A positional `http(s)://` target is refused: remote graphs are
 * addressed with `--server`.
 */
export async function resolveGraphUri(
  ctx: CliContext,
  command: Command,
  positional: string | undefined,
): Promise<string> {
  const globals = globalsOf(command);
  if (globals.server !== undefined)
    return servedGraphUrl(ctx, command, positional, { ref: globals.server });
  const explicit = positional ?? globals.store;
  if (explicit !== undefined) return storageUri(command, globals, explicit);
  const { operatorScope } = await import('./operator/index.js');
  const { config, paths } = await operatorSettingsOf(ctx);
  const scope = operatorScope(config, paths.configFile, ctx.io.env, globals.profile);
  switch (scope?.kind) {
    case 'server':
      return servedGraphUrl(ctx, command, undefined, { ref: scope.server, graph: scope.graph });
    case 'store':
      return storageUri(command, globals, scope.store);
    case 'cluster':
      refuseServedFlag(command, globals.token, '--token authenticates to a server');
      return clusterGraphUri(ctx, scope.cluster, globals.graph ?? scope.graph);
    case undefined:
      throw new OmniError(
        'usage',
        `\`${commandLabel(command)}\` needs a graph: pass its URI, --store <uri>, --server <name|url> --graph <id> or --profile <name>, or set \`defaults\` in '${paths.configFile}'`,
      );
  }
}

/** A storage URI a command was given, refusing the flags of a served scope and http(s) URLs. */
function storageUri(command: Command, globals: GlobalOptions, uri: string): string {
  refuseServedFlag(command, globals.graph, '--graph picks a graph of a server');
  refuseServedFlag(command, globals.token, '--token authenticates to a server');
  if (isServedUri(uri)) {
    throw new OmniError(
      'usage',
      'a remote graph must be addressed with --server <url> — a positional (or --uri) http(s):// URL no longer dispatches to a server.',
    );
  }
  return uri;
}

/** True for the URL of a served graph (the only `http(s)://` target `resolveGraphUri` returns). */
export function isServedUri(uri: string): boolean {
  return /^https?:\/\//i.test(uri);
}

/** `--graph` and `--token` belong to a served scope; on a storage address they are misuse. */
function refuseServedFlag(command: Command, value: string | undefined, clause: string): void {
  if (value === undefined) return;
  const remedy = clause.startsWith('--graph')
    ? " Pass --server <url> --graph <id>, or the graph's URI."
    : ' Pass --server <url> with it.';
  throw scopeMisuse(commandLabel(command), 'a storage-addressed', clause, remedy);
}

/** The graph `id` (or the only one) of the cluster at `cluster`: its storage root. */
async function clusterGraphUri(
  ctx: CliContext,
  cluster: string,
  graph: string | undefined,
): Promise<string> {
  const { openClusterScope, selectGraph } = await import('./cluster/cluster-scope.js');
  const scope = await openClusterScope(ctx.io, cluster);
  return scope.store.graphUri(selectGraph(scope, graph));
}

/** A server reference (a name under `servers:` or a URL) and the graph that came with it. */
interface ServedRef {
  readonly ref: string;
  readonly graph?: string | undefined;
}

/** The served graph's URL, refusing every flag that addresses or acts on a local graph. */
async function servedGraphUrl(
  ctx: CliContext,
  command: Command,
  positional: string | undefined,
  served: ServedRef,
): Promise<string> {
  const globals = globalsOf(command);
  const label = commandLabel(command);
  const capability = 'a served (--server)';
  if (positional !== undefined)
    throw scopeMisuse(
      label,
      capability,
      'a positional (or --uri) graph URI addresses storage',
      ' Pass --server <url> --graph <id>, or the URI alone.',
    );
  if (globals.store !== undefined)
    throw scopeMisuse(
      label,
      capability,
      '--store addresses storage directly',
      ' Pass --server or --store, not both.',
    );
  if (globals.as !== undefined)
    throw scopeMisuse(
      label,
      capability,
      '--as names the actor of direct writes',
      ' The server takes the actor from the bearer token (--token).',
    );
  if (globals.policy !== undefined)
    throw scopeMisuse(
      label,
      capability,
      '--policy guards a local graph',
      ' The server enforces its own policy.',
    );
  const { resolveServerRef } = await import('./operator/index.js');
  const { config, paths } = await operatorSettingsOf(ctx);
  const { url } = resolveServerRef(served.ref, config, paths.configFile);
  const graph = globals.graph ?? served.graph;
  if (graph === undefined) throw await graphNeeded(ctx, command, url);
  return `${url}/graphs/${encodeURIComponent(graph)}`;
}

/**
 * The error for a served command given no graph: it lists the graphs the server serves when
 * it answers `GET /graphs`, else says how to list them.
 */
async function graphNeeded(ctx: CliContext, command: Command, url: string): Promise<OmniError> {
  const label = commandLabel(command);
  const { listGraphs } = await import('../client/index.js');
  const token = await serverTokenOf(ctx, command, url);
  const served = await listGraphs({ url, token }).then(
    (list) => list.graphs.map((entry) => entry.graph_id),
    () => undefined,
  );
  const candidates =
    served === undefined
      ? `\`omnigraph graphs list --server ${url}\` lists the graphs it serves`
      : `it serves: ${served.length === 0 ? 'none' : served.join(', ')}`;
  return new OmniError('usage', `\`${label}\` needs --graph <id> with --server: ${candidates}.`);
}

/** A scope-flag misuse, in the one template every verb uses. */
export function scopeMisuse(
  label: string,
  capability: string,
  flagClause: string,
  remediation: string,
): OmniError {
  return new OmniError(
    'usage',
    `\`${label}\` is ${capability} command; ${flagClause} and does not apply.${remediation}`,
  );
}

/** The actor of a write: `--as`, else `operator.actor` of the operator config, else none. */
export async function actorOf(ctx: CliContext, command: Command): Promise<string | null> {
  return globalsOf(command).as ?? (await configuredActor(ctx));
}

/**
 * The actor of a read: `--as`, which only a `--policy` checks (a read records no actor), so
 * without one it is a usage error; under `--policy`, `operator.actor` when `--as` is not given.
 */
export async function readerOf(ctx: CliContext, command: Command): Promise<string | null> {
  const { as, policy } = globalsOf(command);
  if (as !== undefined && policy === undefined) {
    throw new OmniError(
      'usage',
      `\`${commandLabel(command)}\` is a read command; --as names the actor of writes (and of reads under --policy) and does not apply without --policy.`,
    );
  }
  if (policy === undefined) return null;
  return as ?? (await configuredActor(ctx));
}

async function configuredActor(ctx: CliContext): Promise<string | null> {
  const { nonEmpty } = await import('./operator/index.js');
  return nonEmpty((await operatorSettingsOf(ctx)).config.operator?.actor) ?? null;
}

/** `query`, or `commit list` for a verb under a group. */
export function commandLabel(command: Command): string {
  const group = command.parent?.parent ? `${command.parent.name()} ` : '';
  return `${group}${command.name()}`;
}

/**
 * Opens a local graph with the settings of the CLI's environment, guarded by the bundle of
 * `--policy` when one is given.
 */
async function openLocal(
  ctx: CliContext,
  command: Command,
  uri: string,
  mode: OpenMode,
): Promise<Omnigraph> {
  const file = globalsOf(command).policy;
  // Loaded on demand, so that a served graph's commands never load the engine (nor Lance).
  const [{ Omnigraph }, { settingsFromEnv }, { loadPolicyFile }] = await Promise.all([
    import('../engine/index.js'),
    import('../api/settings-from-env.js'),
    import('./policy-file.js'),
  ]);
  const policy = file === undefined ? undefined : await loadPolicyFile(ctx.io, file);
  return Omnigraph.open(uri, {
    mode,
    cwd: ctx.io.cwd,
    settings: settingsFromEnv(ctx.io.env),
    ...(policy === undefined ? {} : { policy }),
  });
}

/**
 * Runs `use` on `graph`, closing it afterwards whatever happens; when `use` failed, that error
 * is the one reported, whatever the close does.
 */
async function using<G extends { close(): Promise<void> }, T>(
  graph: G,
  use: (graph: G) => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await use(graph);
  } catch (error) {
    await graph.close().catch(() => undefined);
    throw error;
  }
  await graph.close();
  return result;
}

/** Connects to the served graph `url` names (`<server>/graphs/<id>`). */
async function openServed(ctx: CliContext, command: Command, url: string): Promise<RemoteGraph> {
  const at = url.lastIndexOf('/graphs/');
  const { connect } = await import('../client/index.js');
  return connect({
    url: url.slice(0, at),
    graph: decodeURIComponent(url.slice(at + '/graphs/'.length)),
    token: await serverTokenOf(ctx, command, url),
    cwd: ctx.io.cwd,
  });
}

/**
 * The bearer token for the server at `url`: `--token`, else the token keyed to the configured
 * server the URL belongs to (`OMNIGRAPH_TOKEN_<NAME>`, then the credentials file), else
 * `$OMNIGRAPH_BEARER_TOKEN`. Blank means none.
 */
export async function serverTokenOf(
  ctx: CliContext,
  command: Command,
  url: string,
): Promise<string | undefined> {
  const flag = globalsOf(command).token;
  if (flag !== undefined) return flag.trim() === '' ? undefined : flag.trim();
  const { matchServer, resolveToken } = await import('./operator/index.js');
  const { config, paths } = await operatorSettingsOf(ctx);
  return resolveToken(matchServer(url, config.servers ?? {}), ctx.io.env, paths.credentialsFile);
}

/**
 * Opens the graph `command` addresses for a data-plane verb and runs `use` with it, closing it
 * afterwards. Verbs see only the {@link Graph} interface, so a served graph stands in for a
 * local one.
 */
export async function withGraph<T>(
  ctx: CliContext,
  command: Command,
  uri: string,
  mode: OpenMode,
  use: (graph: Graph) => Promise<T>,
): Promise<T> {
  const graph = isServedUri(uri)
    ? await openServed(ctx, command, uri)
    : await openLocal(ctx, command, uri, mode);
  return using<Graph, T>(graph, use);
}

/** Runs `use` with the served graph `url` names, for what only a server offers (stored queries). */
export async function withServedGraph<T>(
  ctx: CliContext,
  command: Command,
  url: string,
  use: (graph: RemoteGraph) => Promise<T>,
): Promise<T> {
  return using(await openServed(ctx, command, url), use);
}

/** Opens the addressed graph for a direct-only verb (maintenance) and runs `use` with it. */
export async function withDirectGraph<T>(
  ctx: CliContext,
  command: Command,
  uri: string,
  use: (graph: Omnigraph) => Promise<T>,
): Promise<T> {
  if (isServedUri(uri)) {
    throw scopeMisuse(
      commandLabel(command),
      'a direct (storage-native)',
      '--server addresses a served graph',
      ' Pass a storage URI, or --cluster <dir> --graph <id>.',
    );
  }
  return using(await openLocal(ctx, command, uri, 'read-write'), use);
}

/** True when `uri` is a graph on this machine (a path or `file://`), not in a bucket or served. */
export function isLocalTarget(uri: string, cwd: string): boolean {
  return !isServedUri(uri) && isLocalLocation(parseStoreUri(uri, cwd));
}

/**
 * Echoes a write's target to stderr (`omnigraph load → <uri> (served | direct, local | direct,
 * remote)`), unless quiet.
 */
export function echoWriteTarget(
  ctx: CliContext,
  command: Command,
  label: string,
  uri: string,
): void {
  if (globalsOf(command).quiet === true) return;
  const where = isServedUri(uri)
    ? 'served'
    : isLocalTarget(uri, ctx.io.cwd)
      ? 'direct, local'
      : 'direct, remote';
  ctx.io.stderr(`omnigraph ${label} → ${uri} (${where})\n`);
}
