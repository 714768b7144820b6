import { Command, CommanderError } from 'commander';
import { pino } from 'pino';
import { envFlag, settingsFromEnv } from '../api/index.js';
import { diagnosticLines } from './cluster/diagnostic-lines.js';
import {
  authSettingsFromEnv,
  bootCluster,
  createServer,
  isClusterBootError,
  loadAuthConfig,
  serverLimitsFromEnv,
} from '../server/index.js';
import { isOmniError, messageOf } from '../util/omni-error.js';
import { DEFAULT_BIND, parseBindAddress } from './bind-address.js';
import type { CliIo } from './cli-io.js';
import { ExitCode } from './exit-code.js';
import { serveUntilSignal } from './serve-until-signal.js';
import { VERSION } from './version.js';

/** The options of `omnigraph-server`, after commander. */
interface ServerFlags {
  readonly cluster?: string;
  readonly bind?: string;
  readonly unauthenticated?: boolean;
  readonly requireAllGraphs?: boolean;
}

/** Builds the `omnigraph-server` command line. */
function buildServerProgram(io: CliIo): Command {
  return new Command('omnigraph-server')
    .description(
      'Serves the applied revision of an OmniGraph cluster over HTTP. Every flag has an ' +
        'environment equivalent: OMNIGRAPH_CLUSTER, OMNIGRAPH_BIND, OMNIGRAPH_UNAUTHENTICATED, ' +
        'OMNIGRAPH_REQUIRE_ALL_GRAPHS. Bearer tokens come from OMNIGRAPH_SERVER_BEARER_TOKEN, ' +
        '_TOKENS_FILE, _TOKENS_JSON or _TOKENS_AWS_SECRET.',
    )
    .version(`omnigraph-server ${VERSION}`, '-v, --version', 'print the version')
    .option('--cluster <dir|uri>', 'cluster config directory, or storage root (s3://…) to serve')
    .option('--bind <host:port>', `address to listen on (default ${DEFAULT_BIND})`)
    .option('--unauthenticated', 'serve without bearer tokens (local development only)')
    .option('--require-all-graphs', 'refuse to start when any graph is quarantined')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
}

/**
 * Runs `omnigraph-server` until SIGTERM or SIGINT: boots the cluster, prints the boot's
 * diagnostics on stderr (one per line) and `OMNIGRAPH_LISTEN_ADDR=<host:port>` on stdout once
 * listening, then shuts down gracefully. The environment is read here only, and handed down as
 * values. A refused boot prints its diagnostics and one `error:` line, and exits 1.
 */
export async function runServerCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildServerProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    throw error;
  }
  try {
    return await serve(program.opts<ServerFlags>(), io);
  } catch (error) {
    if (isClusterBootError(error)) io.stderr(lines(diagnosticLines(error.diagnostics)));
    io.stderr(
      `error: ${isOmniError(error) ? error.message : `internal error: ${messageOf(error)}`}\n`,
    );
    return isOmniError(error, 'usage') ? ExitCode.usage : ExitCode.error;
  }
}

async function serve(flags: ServerFlags, io: CliIo): Promise<number> {
  const { env } = io;
  const cluster = flags.cluster ?? blankToUndefined(env.OMNIGRAPH_CLUSTER);
  if (cluster === undefined) {
    io.stderr(
      'error: omnigraph-server boots from a cluster: pass --cluster <dir | s3://bucket/prefix> or set OMNIGRAPH_CLUSTER\n',
    );
    return ExitCode.usage;
  }
  const bind = parseBindAddress(flags.bind ?? blankToUndefined(env.OMNIGRAPH_BIND) ?? DEFAULT_BIND);
  const logger = pino({ level: blankToUndefined(env.OMNIGRAPH_LOG_LEVEL) ?? 'info' });
  const auth = await loadAuthConfig({
    ...authSettingsFromEnv(env),
    unauthenticated: flags.unauthenticated === true || envFlag(env.OMNIGRAPH_UNAUTHENTICATED),
  });
  const booted = await bootCluster(cluster, {
    settings: settingsFromEnv(env),
    cwd: io.cwd,
    env,
    requireAllGraphs: flags.requireAllGraphs === true || envFlag(env.OMNIGRAPH_REQUIRE_ALL_GRAPHS),
    decisionLog: logger,
  });
  io.stderr(lines(diagnosticLines(booted.diagnostics)));
  let app;
  try {
    app = createServer({
      registry: booted.registry,
      auth,
      logger,
      limits: serverLimitsFromEnv(env),
    });
  } catch (error) {
    await booted.registry.close();
    throw error;
  }
  const served = booted.registry.list().map((graph) => graph.id);
  io.stderr(`serving ${served.length} graph(s): ${served.join(', ')}\n`);
  try {
    await serveUntilSignal({ app, bind, io });
  } catch (error) {
    await app.close();
    throw error;
  }
  return ExitCode.ok;
}

function blankToUndefined(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text;
}

function lines(texts: readonly string[]): string {
  return texts.map((line) => `${line}\n`).join('');
}
