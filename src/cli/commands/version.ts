import type { Command } from 'commander';
import { GRAPH_FORMAT_VERSION } from '../../api/graph-format-version.js';
import type { CliContext } from '../cli-context.js';
import { rejectScopeFlags } from '../operator/local-command.js';
import { printJson, printLines } from '../output.js';
import { VERSION } from '../version.js';

/**
 * `omnigraph version [--json]`: the package version and the graph format version it writes
 * (`internal-schema`). Local: it loads neither the engine nor any graph.
 */
export function registerVersion(program: Command, ctx: CliContext): void {
  program
    .command('version')
    .description('print the version and the graph format version (internal-schema)')
    .option('--json', 'print as JSON')
    .action((flags: { json?: boolean }, command: Command) => {
      rejectScopeFlags(command, { label: 'version' });
      if (flags.json === true)
        printJson(ctx.io, { version: VERSION, internal_schema: GRAPH_FORMAT_VERSION });
      else printLines(ctx.io, [`omnigraph ${VERSION}`, `internal-schema ${GRAPH_FORMAT_VERSION}`]);
    });
}
