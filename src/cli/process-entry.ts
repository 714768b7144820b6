import { processIo, type CliIo } from './cli-io.js';
import { ExitCode } from './exit-code.js';
import { quietenSdkNodeVersionWarning } from './process-warnings.js';
import { errorLine } from './program.js';

/**
 * Runs a command line of this process (`omnigraph`, `omnigraph-server`) on its real stdio and
 * returns its exit code. Whatever escapes the command (an error event, a stray rejection) still
 * ends the process with one `error:` line, never a stack trace.
 */
export async function runProcess(
  run: (argv: readonly string[], io: CliIo) => Promise<number>,
): Promise<number> {
  const io = processIo();
  const fatal = (error: unknown): void => {
    io.stderr(errorLine(error));
    process.exit(ExitCode.error);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  quietenSdkNodeVersionWarning();
  return run(process.argv.slice(2), io);
}
