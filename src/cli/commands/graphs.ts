import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { OmniError } from '../../util/omni-error.js';
import { bearerTokenOf, commandLabel, globalsOf, scopeMisuse } from '../graph-target.js';
import { printJson, printLines } from '../output.js';

/**
 * `omnigraph graphs list --server <url> [--json]`: the graphs a server serves (`GET /graphs`,
 * which its policy must grant), one `<id>  <uri>` line each.
 */
export function registerGraphs(program: Command, ctx: CliContext): void {
  const graphs = program.command('graphs').description('the graphs a server serves');
  graphs
    .command('list')
    .description('list the graphs of --server, with their storage URIs')
    .option('--json', 'print as JSON ({graphs: [{graph_id, uri}]})')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const { server, graph, store, as } = globalsOf(command);
      const label = commandLabel(command);
      if (server === undefined)
        throw new OmniError('usage', `\`${label}\` is a served command: pass --server <url>.`);
      const misused = [
        [graph, '--graph picks one graph'],
        [store, '--store addresses storage directly'],
        [as, '--as names the actor of direct writes'],
      ].find(([value]) => value !== undefined);
      if (misused !== undefined) throw scopeMisuse(label, 'a served', misused[1] ?? '', '');
      const { listGraphs } = await import('../../client/index.js');
      const result = await listGraphs({ url: server, token: bearerTokenOf(ctx, command) });
      if (flags.json === true) printJson(ctx.io, result);
      else
        printLines(
          ctx.io,
          result.graphs.map((entry) => `${entry.graph_id}  ${entry.uri}`),
        );
    });
}
