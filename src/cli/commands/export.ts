import type { Command } from 'commander';
import { collect } from './change-filter-options.js';
import type { CliContext } from '../cli-context.js';
import { readerOf, resolveGraphUri, withGraph } from '../graph-target.js';
import { readTargetOf } from '../read-target.js';

/** `omnigraph export [uri] [--branch B | --snapshot ID] [--type T]…`: NDJSON on stdout. */
export function registerExport(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description('write the graph as NDJSON in load format to stdout')
    .argument('[uri]', 'the graph (or --store)')
    .option('--branch <branch>', 'branch to export (default main)')
    .option('--snapshot <commit>', 'export the graph as of this commit')
    .option('--type <type>', 'only this node or edge type (repeatable)', collect)
    .action(
      async (
        uri: string | undefined,
        flags: { branch?: string; snapshot?: string; type?: string[] },
        command: Command,
      ) => {
        const target = await resolveGraphUri(ctx, command, uri);
        const actor = await readerOf(ctx, command);
        await withGraph(ctx, command, target, 'read-only', async (graph) => {
          const request = { ...readTargetOf(flags), type_names: flags.type ?? [] };
          for await (const line of graph.export(request, { actor })) {
            ctx.io.stdout(`${line}\n`);
          }
        });
      },
    );
}
