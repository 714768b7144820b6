import type { Command } from 'commander';
import { settingsFromEnv, type Graph } from '../api/index.js';
import { Omnigraph, type OpenMode } from '../engine/index.js';
import { OmniError } from '../util/omni-error.js';
import { isLocalLocation, parseStoreUri } from '../util/store-uri.js';
import type { CliContext } from './cli-context.js';
import { loadPolicyFile } from './policy-file.js';

/** Global options every verb can read (`--as`, `--store`, `--policy`, `--quiet`, `--yes`). */
export interface GlobalOptions {
  readonly as?: string;
  readonly store?: string;
  readonly policy?: string;
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
function commandLabel(command: Command): string {
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

/**
 * Opens the graph `command` addresses for a data-plane verb and runs `use` with it, closing it
 * afterwards. Verbs see only the {@link Graph} interface, so a served graph can stand in.
 */
export async function withGraph<T>(
  ctx: CliContext,
  command: Command,
  uri: string,
  mode: OpenMode,
  use: (graph: Graph) => Promise<T>,
): Promise<T> {
  return using<Graph, T>(await openLocal(ctx, command, uri, mode), use);
}

/** Opens the addressed graph for a direct-only verb (maintenance) and runs `use` with it. */
export async function withDirectGraph<T>(
  ctx: CliContext,
  command: Command,
  uri: string,
  use: (graph: Omnigraph) => Promise<T>,
): Promise<T> {
  return using(await openLocal(ctx, command, uri, 'read-write'), use);
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
