#!/usr/bin/env node
import { processIo } from './cli-io.js';
import { runServerCli } from './server-program.js';

process.exitCode = await runServerCli(process.argv.slice(2), processIo());
