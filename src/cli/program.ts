import { Command, CommanderError } from 'commander';
import { errnoOf, errnoReason } from '../util/errno-reason.js';
import { OmniError, messageOf, isOmniError } from '../util/omni-error.js';
import type { CliContext } from './cli-context.js';
import { OutputClosed, type CliIo } from './cli-io.js';
import { registerBranch } from './commands/branch.js';
import { registerCommit } from './commands/commit.js';
import { registerDemo } from './commands/demo.js';
import { registerExport } from './commands/export.js';
import { registerInit } from './commands/init.js';
import { registerLoad } from './commands/load.js';
import { registerSnapshot } from './commands/snapshot.js';
import { registerLint } from './commands/lint.js';
import { registerQuery } from './commands/query.js';
import { registerMutate } from './commands/mutate.js';
import { registerSchema } from './commands/schema.js';
import { registerOptimize } from './commands/optimize.js';
import { registerPolicy } from './commands/policy.js';
import { registerCleanup } from './commands/cleanup.js';
import { registerCluster } from './commands/cluster.js';
import { registerQueries } from './commands/queries.js';
import { registerGraphs } from './commands/graphs.js';
import { errorEnvelope } from './error-envelope.js';
import { registerLogin } from './commands/login.js';
import { registerLogout } from './commands/logout.js';
import { registerProfile } from './commands/profile.js';
import { registerAlias } from './commands/alias.js';
import { registerConfig } from './commands/config.js';
import { ExitCode, exitCodeOf } from './exit-code.js';
import { printJson } from './output.js';
import { VERSION } from './version.js';

/** Builds the `omnigraph` command tree, writing through `io`. */
export function buildProgram(ctx: CliContext): Command {
  const { io } = ctx;
  const program = new Command('omnigraph')
    .description('OmniGraph: a typed property graph database with branches, on Lance.')
    .version(`omnigraph ${VERSION}`, '-v, --version', 'print the version')
    .option('--as <actor>', 'actor recorded on writes (and checked by --policy)')
    .option('--store <uri>', 'the graph to address (a path, file:// or s3:// URI)')
    .option('--server <url>', 'address a graph served by omnigraph-server (with --graph)')
    .option('--graph <id>', 'the graph of --server (or of --cluster) to address')
    .option('--token <token>', 'bearer token for --server (default $OMNIGRAPH_BEARER_TOKEN)')
    .option('--policy <bundle.yaml>', 'decide every operation with this policy bundle (needs --as)')
    .option('--quiet', 'do not echo write targets to stderr')
    .option('--yes', 'consent to destructive writes against non-local targets')
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .hook('preAction', (_program, action) => {
      ctx.json = action.opts<{ json?: boolean }>().json === true;
    });
  registerDemo(program, ctx);
  registerInit(program, ctx);
  registerLoad(program, ctx);
  registerExport(program, ctx);
  registerSnapshot(program, ctx);
  registerBranch(program, ctx);
  registerCommit(program, ctx);
  registerLint(program, ctx);
  registerQuery(program, ctx);
  registerMutate(program, ctx);
  registerSchema(program, ctx);
  registerOptimize(program, ctx);
  registerCleanup(program, ctx);
  registerPolicy(program, ctx);
  registerQueries(program, ctx);
  registerGraphs(program, ctx);
  registerCluster(program, ctx);
  registerLogin(program, ctx);
  registerLogout(program, ctx);
  registerProfile(program, ctx);
  registerAlias(program, ctx);
  registerConfig(program, ctx);
  return program;
}

/**
 * Runs `omnigraph` with `argv` (without the node and script paths) and returns the exit code.
 * Errors are printed as one clear line on stderr; nothing throws out of here.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // Before the command's own flags are parsed, a usage error still answers in JSON when asked.
  const ctx: CliContext = { io, exitCode: ExitCode.ok, json: argv.includes('--json') };
  const program = buildProgram(ctx);
  if (argv.length === 0) {
    io.stdout(program.helpInformation());
    return ExitCode.ok;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    return reportError(error, ctx);
  }
}

/**
 * The line that reports an error ending the CLI: `error: <message>`. An error that is not an
 * {@link OmniError} is a bug, reported as `internal error: <first line of its message>`: never
 * a stack trace.
 */
export function errorLine(error: unknown): string {
  if (isOmniError(error)) return `error: ${error.message}\n`;
  const firstLine = messageOf(error).split('\n', 1)[0] ?? '';
  return `error: internal error: ${firstLine.trim()}\n`;
}

function reportError(error: unknown, ctx: CliContext): number {
  const { io } = ctx;
  if (error instanceof OutputClosed) {
    // A reader that closed the pipe has all it wanted: end as the command would have.
    if (errnoOf(error.failure) === 'EPIPE') return ctx.exitCode;
    io.stderr(`error: cannot write the output: ${errnoReason(error.failure)}\n`);
    return ExitCode.error;
  }
  if (error instanceof CommanderError) {
    // Commander already printed its message; help and version are successes.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
      return ExitCode.ok;
    if (error.code === 'commander.help') return ExitCode.ok;
    io.stderr(`See 'omnigraph --help'.\n`);
    if (ctx.json)
      printJson(io, errorEnvelope(new OmniError('usage', error.message.replace(/^error: /, ''))));
    return ExitCode.usage;
  }
  if (ctx.json) printJson(io, errorEnvelope(error));
  else io.stderr(errorLine(error));
  return exitCodeOf(error instanceof OmniError ? error : undefined);
}
