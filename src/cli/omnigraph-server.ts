#!/usr/bin/env -S node --max-semi-space-size=64
// The flag gives V8's young generation 64 MiB halves (16 by default): a read returning hundreds
// of thousands of rows then dies young instead of being copied and promoted collection after
// collection (measured in docs/reference/query.md, "Read caches and their budget").
import { runProcess } from './process-entry.js';
import { runServerCli } from './server-program.js';

// A server that has shut down is done: sockets the storage clients keep alive must not hold
// the process open once the graphs are closed.
process.exit(await runProcess(runServerCli));
