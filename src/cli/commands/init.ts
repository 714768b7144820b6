import type { Command } from 'commander';
import { settingsFromEnv } from '../../api/index.js';
import { Omnigraph } from '../../engine/index.js';
import type { CliContext } from '../cli-context.js';
import { refuseClusterGraphRoot } from '../cluster/cluster-layout-guard.js';
import { actorOf, resolveGraphUri } from '../graph-target.js';
import { printJson } from '../output.js';
import { readTextFile } from '../read-text-file.js';

/**
 * `omnigraph init --schema <file.pg> <uri>`; refuses a graph root inside an established cluster
 * layout (cluster graphs are created by `cluster apply`).
 */
export function registerInit(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description('create a graph from a .pg schema (refuses a root that already holds one)')
    .argument('[uri]', 'where to create the graph: a path, file:// or s3:// URI')
    .requiredOption('--schema <file.pg>', 'the schema')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        uri: string | undefined,
        options: { schema: string; json?: boolean },
        command: Command,
      ) => {
        const target = await resolveGraphUri(ctx, command, uri);
        await refuseClusterGraphRoot(ctx.io, target);
        const source = await readTextFile(ctx.io, options.schema, 'schema');
        const graph = await Omnigraph.init(target, source, {
          actor: await actorOf(ctx, command),
          cwd: ctx.io.cwd,
          schemaFile: options.schema,
          settings: settingsFromEnv(ctx.io.env),
        });
        const snapshot = await graph.snapshot();
        await graph.close();
        if (options.json === true) {
          printJson(ctx.io, {
            uri: graph.uri,
            graph_commit_id: snapshot.graph_commit_id,
            types: snapshot.datasets.length,
          });
        } else {
          ctx.io.stdout(`initialized ${graph.uri}\n`);
        }
      },
    );
}
