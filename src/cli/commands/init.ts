import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { Omnigraph } from '../../engine/omnigraph.js';
import { OmniError, messageOf } from '../../util/omni-error.js';
import type { CliContext } from '../cli-context.js';
import { actorOf, resolveGraphUri } from '../graph-target.js';
import { printJson } from '../output.js';

/** Reads a text file named on the command line, relative to the working directory. */
export async function readTextFile(ctx: CliContext, file: string, what: string): Promise<string> {
  try {
    return await readFile(path.resolve(ctx.io.cwd, file), 'utf8');
  } catch (error) {
    throw new OmniError('not_found', `cannot read ${what} '${file}': ${messageOf(error)}`, {
      details: { file },
    });
  }
}

/** `omnigraph init --schema <file.pg> <uri>`. */
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
        const target = resolveGraphUri(command, uri);
        const source = await readTextFile(ctx, options.schema, 'schema file');
        const graph = await Omnigraph.init(target, source, {
          actor: actorOf(command),
          cwd: ctx.io.cwd,
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
