import { Command, CommanderError } from 'commander';
import type { CliIo } from './cli-io.js';
import { ExitCode } from './exit-code.js';
import { VERSION } from './version.js';

/** Builds the `omnigraph-server` command line. */
function buildServerProgram(io: CliIo): Command {
  return new Command('omnigraph-server')
    .description('Serves every graph of an OmniGraph cluster over HTTP.')
    .version(`omnigraph-server ${VERSION}`, '-v, --version', 'print the version')
    .option('--cluster <dir|uri>', 'cluster config directory or storage root to serve')
    .option('--bind <addr>', 'address to listen on', '127.0.0.1:8080')
    .option('--unauthenticated', 'serve without bearer tokens (local development only)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
}

/** Runs `omnigraph-server`; until the server lands it prints its help or says it is missing. */
export async function runServerCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildServerProgram(io);
  if (argv.length === 0) {
    io.stdout(program.helpInformation());
    return ExitCode.ok;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    throw error;
  }
  io.stderr('error: the HTTP server is not implemented yet in this build\n');
  return ExitCode.error;
}
