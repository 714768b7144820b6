#!/usr/bin/env node
import { processIo } from './cli-io.js';
import { ExitCode } from './exit-code.js';
import { quietenSdkNodeVersionWarning } from './process-warnings.js';
import { errorLine, runCli } from './program.js';

const io = processIo();
// Whatever escapes a command (an error event, a stray rejection) still ends in one line.
const fatal = (error: unknown): void => {
  io.stderr(errorLine(error));
  process.exit(ExitCode.error);
};
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);
quietenSdkNodeVersionWarning();
process.exitCode = await runCli(process.argv.slice(2), io);
