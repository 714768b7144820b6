#!/usr/bin/env node
import { processIo } from './cli-io.js';
import { quietenSdkNodeVersionWarning } from './process-warnings.js';
import { runCli } from './program.js';

quietenSdkNodeVersionWarning();
process.exitCode = await runCli(process.argv.slice(2), processIo());
