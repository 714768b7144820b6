import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { commandLabel, globalsOf, scopeMisuse, serverTokenOf } from '../graph-target.js';
import { printJson, printLines } from '../output.js';

/**
 * `omnigraph graphs list --server <name|url> [--json]` (or a server profile, or `defaults.server`): the graphs a server serves (`GET /graphs`,
 * which its policy must grant), one `<id>  <uri>` line each.
 */
export function registerGraphs(program: Command, ctx: CliContext): void {
  const graphs = program.command('graphs').description('the graphs a server serves');
  graphs
    .command('list')
    .description('list the graphs of --server, with their storage URIs')
    .option('--json', 'print as JSON ({graphs: [{graph_id, uri}]})')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const { server, graph, store, as, profile } = globalsOf(command);
      const label = commandLabel(command);
      const misused = [
        [graph, '--graph picks one graph'],
        [store, '--store addresses storage directly'],
        [as, '--as names the actor of direct writes'],
      ].find(([value]) => value !== undefined);
      if (misused !== undefined) throw scopeMisuse(label, 'a served', misused[1] ?? '', '');
      const { resolveServerTarget } = await import('../operator/index.js');
      const target = await resolveServerTarget(
        {
          ...(server === undefined ? {} : { server }),
          ...(profile === undefined ? {} : { profile }),
        },
        ctx.io.env,
        undefined,
        ctx.io.stderr,
      );
      const { listGraphs } = await import('../../client/index.js');
      const token = await serverTokenOf(ctx, command, target.url);
      const result = await listGraphs({ url: target.url, token });
      if (flags.json === true) printJson(ctx.io, result);
      else
        printLines(
          ctx.io,
          result.graphs.map((entry) => `${entry.graph_id}  ${entry.uri}`),
        );
    });
}
