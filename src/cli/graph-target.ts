import type { Command } from 'commander';
import { settingsFromEnv, type Graph } from '../api/index.js';
import type { RemoteGraph } from '../client/index.js';
import type { Omnigraph, OpenMode } from '../engine/index.js';
import { OmniError } from '../util/omni-error.js';
import { isLocalLocation, parseStoreUri } from '../util/store-uri.js';
import type { CliContext } from './cli-context.js';
import { loadPolicyFile } from './policy-file.js';

/**
 * Global options every verb can read (`--as`, `--store`, `--server`, `--graph`, `--token`,
 * `--policy`, `--quiet`, `--yes`).
 */
export interface GlobalOptions {
  readonly as?: string;
  readonly store?: string;
  readonly server?: string;
  readonly graph?: string;
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
 * The graph a command addresses: `--server <url> --graph <id>` (its URL,
 * `<url>/graphs/<id>`), else a positional URI (or `--uri`), else `--store`. A positional
 * `http(s)://` target is refused: remote graphs are addressed with `--server`.
 */
export function resolveGraphUri(command: Command, positional: string | undefined): string {
  const globals = globalsOf(command);
  if (globals.server !== undefined) return servedGraphUrl(command, positional, globals);
  refuseServedFlags(command, globals);
  const uri = positional ?? globals.store;
  if (uri === undefined) {
    throw new OmniError(
      'usage',
      `\`${command.name()}\` needs a graph: pass its URI, --store <uri> or --server <url> --graph <id>`,
    );
  }
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

/** `--graph` and `--token` belong to a served scope; anywhere else they are misuse. */
function refuseServedFlags(command: Command, globals: GlobalOptions): void {
  const label = commandLabel(command);
  if (globals.graph !== undefined)
    throw scopeMisuse(
      label,
      'a storage-addressed',
      '--graph picks a graph of a server',
      " Pass --server <url> --graph <id>, or the graph's URI.",
    );
  if (globals.token !== undefined)
    throw scopeMisuse(
      label,
      'a storage-addressed',
      '--token authenticates to a server',
      ' Pass --server <url> with it.',
    );
}

/** The served graph's URL, refusing every flag that addresses or acts on a local graph. */
function servedGraphUrl(
  command: Command,
  positional: string | undefined,
  globals: GlobalOptions,
): string {
  const label = commandLabel(command);
  const served = 'a served (--server)';
  if (positional !== undefined)
    throw scopeMisuse(
      label,
      served,
      'a positional (or --uri) graph URI addresses storage',
      ' Pass --server <url> --graph <id>, or the URI alone.',
    );
  if (globals.store !== undefined)
    throw scopeMisuse(
      label,
      served,
      '--store addresses storage directly',
      ' Pass --server or --store, not both.',
    );
  if (globals.as !== undefined)
    throw scopeMisuse(
      label,
      served,
      '--as names the actor of direct writes',
      ' The server takes the actor from the bearer token (--token).',
    );
  if (globals.policy !== undefined)
    throw scopeMisuse(
      label,
      served,
      '--policy guards a local graph',
      ' The server enforces its own policy.',
    );
  if (globals.graph === undefined) {
    throw new OmniError(
      'usage',
      `\`${label}\` needs --graph <id> with --server: \`omnigraph graphs list --server ${globals.server ?? ''}\` lists the graphs it serves.`,
    );
  }
  const server = (globals.server ?? '').replace(/\/+$/, '');
  if (!isServedUri(server))
    throw new OmniError('usage', `--server takes an http(s):// URL, not '${server}'`);
  return `${server}/graphs/${encodeURIComponent(globals.graph)}`;
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

/** The actor of a write: `--as`, else none. */
export function actorOf(command: Command): string | null {
  return globalsOf(command).as ?? null;
}

/**
 * The actor of a read: `--as`, which only a `--policy` checks (a read records no actor), so
 * without one it is a usage error.
 */
export function readerOf(command: Command): string | null {
  const { as, policy } = globalsOf(command);
  if (as !== undefined && policy === undefined) {
    throw new OmniError(
      'usage',
      `\`${commandLabel(command)}\` is a read command; --as names the actor of writes (and of reads under --policy) and does not apply without --policy.`,
    );
  }
  return as ?? null;
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
  const policy = file === undefined ? undefined : await loadPolicyFile(ctx.io, file);
  // Loaded on demand, so that a served graph's commands never load the engine (nor Lance).
  const { Omnigraph } = await import('../engine/index.js');
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
    token: bearerTokenOf(ctx, command),
    cwd: ctx.io.cwd,
  });
}

/** The bearer token for `--server`: `--token`, else `$OMNIGRAPH_BEARER_TOKEN` (blank: none). */
export function bearerTokenOf(ctx: CliContext, command: Command): string | undefined {
  const token = (globalsOf(command).token ?? ctx.io.env.OMNIGRAPH_BEARER_TOKEN)?.trim();
  return token === '' ? undefined : token;
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
