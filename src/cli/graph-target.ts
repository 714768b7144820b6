import type { Command } from 'commander';
import { settingsFromEnv, type Graph } from '../api/index.js';
import { Omnigraph, type OpenMode } from '../engine/index.js';
import { OmniError } from '../util/omni-error.js';
import { isLocalLocation, parseStoreUri } from '../util/store-uri.js';
import type { CliContext } from './cli-context.js';

/** Global options every verb can read (`--as`, `--store`, `--quiet`, `--yes`). */
export interface GlobalOptions {
  readonly as?: string;
  readonly store?: string;
  readonly quiet?: boolean;
  readonly yes?: boolean;
}

/** The global options of the invoked command. */
export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/**
 * The graph a command addresses: a positional URI (or `--uri`) first, then `--store`. A
 * remote `http(s)://` target is refused: remote graphs are addressed with `--server`.
 */
export function resolveGraphUri(command: Command, positional: string | undefined): string {
  const uri = positional ?? globalsOf(command).store;
  if (uri === undefined) {
    throw new OmniError(
      'usage',
      `\`${command.name()}\` needs a graph: pass its URI or --store <uri>`,
    );
  }
  if (/^https?:\/\//i.test(uri)) {
    throw new OmniError(
      'usage',
      'a remote graph must be addressed with --server <url> — a positional (or --uri) http(s):// URL no longer dispatches to a server.',
    );
  }
  return uri;
}

/** The actor of a write: `--as`, else none. */
export function actorOf(command: Command): string | null {
  return globalsOf(command).as ?? null;
}

/** Opens a local graph with the settings of the CLI's environment. */
function openLocal(ctx: CliContext, uri: string, mode: OpenMode): Promise<Omnigraph> {
  return Omnigraph.open(uri, { mode, cwd: ctx.io.cwd, settings: settingsFromEnv(ctx.io.env) });
}

/** Runs `use` on `graph`, closing it afterwards whatever happens. */
async function using<G extends { close(): Promise<void> }, T>(
  graph: G,
  use: (graph: G) => Promise<T>,
): Promise<T> {
  try {
    return await use(graph);
  } finally {
    await graph.close();
  }
}

/**
 * Opens the addressed graph for a data-plane verb and runs `use` with it, closing it
 * afterwards. Verbs see only the {@link Graph} interface, so a served graph can stand in.
 */
export async function withGraph<T>(
  ctx: CliContext,
  uri: string,
  mode: OpenMode,
  use: (graph: Graph) => Promise<T>,
): Promise<T> {
  return using<Graph, T>(await openLocal(ctx, uri, mode), use);
}

/** Opens the addressed graph for a direct-only verb (maintenance) and runs `use` with it. */
export async function withDirectGraph<T>(
  ctx: CliContext,
  uri: string,
  use: (graph: Omnigraph) => Promise<T>,
): Promise<T> {
  return using(await openLocal(ctx, uri, 'read-write'), use);
}

/** Echoes a write's target to stderr (`omnigraph load → <uri> (direct, local)`), unless quiet. */
export function echoWriteTarget(
  ctx: CliContext,
  command: Command,
  label: string,
  uri: string,
): void {
  if (globalsOf(command).quiet === true) return;
  const where = isLocalLocation(parseStoreUri(uri, ctx.io.cwd))
    ? 'direct, local'
    : 'direct, remote';
  ctx.io.stderr(`omnigraph ${label} → ${uri} (${where})\n`);
}
