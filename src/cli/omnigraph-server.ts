#!/usr/bin/env node
import { runProcess } from './process-entry.js';
import { runServerCli } from './server-program.js';

// A server that has shut down is done: sockets the storage clients keep alive must not hold
// the process open once the graphs are closed.
process.exit(await runProcess(runServerCli));
