#!/usr/bin/env node
import { processIo } from './cli-io.js';
import { quietenSdkNodeVersionWarning } from './process-warnings.js';
import { runServerCli } from './server-program.js';

quietenSdkNodeVersionWarning();
process.exitCode = await runServerCli(process.argv.slice(2), processIo());
