import { Command, CommanderError } from 'commander';
import { errnoOf, errnoReason } from '../util/errno-reason.js';
import { OmniError, messageOf, isOmniError } from '../util/omni-error.js';
import type { CliContext } from './cli-context.js';
import { OutputClosed, type CliIo } from './cli-io.js';
import { ExitCode, exitCodeOf } from './exit-code.js';
import { printJson } from './output.js';
import { CAPABILITY_LEGEND } from './capability-legend.js';
import { rewriteDeprecatedArgv } from './argv-shims.js';
import { wordIndexes } from './command-words.js';
import { addVerbExamples } from './verb-examples.js';
import { VERBS, verbNamed } from './verb-registry.js';
import { VERSION } from './version.js';

/** The program without its verbs: the global options, and where it writes. */
function programShell(ctx: CliContext): Command {
  const { io } = ctx;
  return new Command('omnigraph')
    .description('OmniGraph: a typed property graph database with branches, on Lance.')
    .version(`omnigraph ${VERSION}`, '-v, --version', 'print the version')
    .option(
      '--as <actor>',
      'actor recorded on writes (default operator.actor; checked by --policy)',
    )
    .option('--store <uri>', 'the graph to address (a path, file:// or s3:// URI)')
    .option('--server <name|url>', 'address a graph served by omnigraph-server (with --graph)')
    .option('--graph <id>', 'the graph of --server (or of --cluster) to address')
    .option(
      '--profile <name>',
      'a scope bundle of the operator config (default $OMNIGRAPH_PROFILE)',
    )
    .option('--token <token>', 'bearer token for --server (default: the one keyed to the server)')
    .option('--policy <bundle.yaml>', 'decide every operation with this policy bundle (needs --as)')
    .option('--quiet', 'do not echo write targets to stderr')
    .option('--yes', 'consent to destructive writes against non-local targets')
    .addHelpText('after', CAPABILITY_LEGEND)
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .hook('preAction', (_program, action) => {
      ctx.json = action.opts<{ json?: boolean }>().json === true;
    });
}

/**
 * Builds the `omnigraph` command tree for `argv`: the verb it names only (so that a command
 * loads no module another verb needs), every verb when it names none (help) or one that does
 * not exist (so that the error can suggest the nearest), none for `--version`.
 */
export async function buildProgram(ctx: CliContext, argv: readonly string[]): Promise<Command> {
  const program = programShell(ctx);
  const words = commandWords(argv);
  const verb = words[0] === 'help' ? words[1] : words[0];
  const entry = verb === undefined ? undefined : verbNamed(verb);
  const versionOnly = verb === undefined && argv.some((arg) => arg === '-v' || arg === '--version');
  const verbs = entry !== undefined ? [entry] : versionOnly ? [] : VERBS;
  for (const register of await Promise.all(verbs.map(async (each) => each.load())))
    register(program, ctx);
  addVerbExamples(program);
  return program;
}

/** The words of a command line that are not options: the verb, its sub-command, positionals. */
function commandWords(argv: readonly string[]): string[] {
  return wordIndexes(argv).map((index) => argv[index] ?? '');
}

/**
 * The command a command line names, as deep as its words match sub-commands
 * (`branch create`), or the program itself.
 */
function namedCommand(program: Command, words: readonly string[]): Command {
  let command = program;
  for (const word of words) {
    const sub = command.commands.find(
      (each) => each.name() === word || each.aliases().includes(word),
    );
    if (sub === undefined) break;
    command = sub;
  }
  return command;
}

/** `omnigraph query`, `omnigraph branch create`: how help names a command. */
function fullName(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at !== null; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/**
 * Runs `omnigraph` with `given` (without the node and script paths) and returns the exit code;
 * retired spellings of a verb are rewritten first, with a warning ({@link rewriteDeprecatedArgv}).
 * Errors are printed as one clear line on stderr; nothing throws out of here.
 */
export async function runCli(given: readonly string[], io: CliIo): Promise<number> {
  const argv = rewriteDeprecatedArgv(given, io.stderr);
  // Before the command's own flags are parsed, a usage error still answers in JSON when asked.
  const ctx: CliContext = { io, exitCode: ExitCode.ok, json: argv.includes('--json') };
  const program = await buildProgram(ctx, argv);
  const words = commandWords(argv);
  if (argv.length === 0) {
    program.outputHelp();
    return ExitCode.ok;
  }
  if (words[0] === 'help') return printHelpOf(program, words.slice(1), ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    return reportError(error, ctx, fullName(namedCommand(program, words)));
  }
}

/** `omnigraph help [<verb> [<sub>]]`: the help of the command named, or a usage error. */
function printHelpOf(program: Command, words: readonly string[], ctx: CliContext): number {
  const command = namedCommand(program, words);
  const matched = fullName(command).split(' ').length - 1;
  if (matched < words.length) {
    ctx.io.stderr(
      `error: unknown command '${words.slice(0, matched + 1).join(' ')}'\nSee '${fullName(command)} --help'.\n`,
    );
    return ExitCode.usage;
  }
  command.outputHelp();
  return ExitCode.ok;
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

async function reportError(error: unknown, ctx: CliContext, helpOf: string): Promise<number> {
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
    io.stderr(`See '${helpOf} --help'.\n`);
    if (ctx.json) {
      const usage = new OmniError('usage', error.message.replace(/^error: /, ''));
      printJson(io, await envelopeOf(usage));
    }
    return ExitCode.usage;
  }
  if (ctx.json) printJson(io, await envelopeOf(error));
  else io.stderr(errorLine(error));
  return exitCodeOf(error instanceof OmniError ? error : undefined);
}

/** The JSON error envelope of `error`, its module loaded only when a `--json` command fails. */
async function envelopeOf(error: unknown): Promise<unknown> {
  const { errorEnvelope } = await import('./error-envelope.js');
  return errorEnvelope(error);
}
