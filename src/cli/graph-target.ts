import type { Command } from 'commander';
import { Omnigraph, type OpenMode } from '../engine/omnigraph.js';
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
 * remote `http(s)://` target is refused with the reference's message.
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

/** Opens the addressed graph and runs `use` with it, closing it afterwards. */
export async function withGraph<T>(
  ctx: CliContext,
  uri: string,
  mode: OpenMode,
  use: (graph: Omnigraph) => Promise<T>,
): Promise<T> {
  const graph = await Omnigraph.open(uri, { mode, cwd: ctx.io.cwd });
  try {
    return await use(graph);
  } finally {
    await graph.close();
  }
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
