#!/usr/bin/env node
import { processIo } from './cli-io.js';
import { ExitCode } from './exit-code.js';
import { quietenSdkNodeVersionWarning } from './process-warnings.js';
import { errorLine } from './program.js';
import { runServerCli } from './server-program.js';

const io = processIo();
// Whatever escapes the server (an error event, a stray rejection) still ends in one line.
const fatal = (error: unknown): void => {
  io.stderr(errorLine(error));
  process.exit(ExitCode.error);
};
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);
quietenSdkNodeVersionWarning();
// A server that has shut down is done: sockets the storage clients keep alive must not hold
// the process open once the graphs are closed.
process.exit(await runServerCli(process.argv.slice(2), io));
