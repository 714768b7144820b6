import { Option, type Command } from 'commander';
import { LOAD_MODES, parseLoadMode, type LoadOutput } from '../../api/index.js';
import type { CliContext } from '../cli-context.js';
import { confirmDestructive } from '../confirm.js';
import { actorOf, echoWriteTarget, resolveGraphUri, withGraph } from '../graph-target.js';
import { printJson, printLines } from '../output.js';
import { progressBar } from '../progress-bar.js';

interface LoadFlags {
  readonly data: string;
  readonly mode: string;
  readonly branch?: string;
  readonly from?: string;
  readonly json?: boolean;
}

function summary(result: LoadOutput): string[] {
  const lines = [
    `loaded ${result.uri} on branch ${result.branch} with ${result.mode}: ${result.total_entities} entities across ${result.nodes.length} node types and ${result.edges.length} edge types`,
  ];
  if (result.branch_created)
    lines.push(`branch ${result.branch} created from ${result.base_branch ?? 'main'}`);
  return lines;
}

/** `omnigraph load [uri] --data <file> --mode overwrite|append|merge [--branch B] [--from BASE]`. */
export function registerLoad(program: Command, ctx: CliContext): void {
  program
    .command('load')
    .description('load a strict NDJSON file as one atomic commit')
    .argument('[uri]', 'the graph (or --store)')
    .requiredOption('--data <file>', 'NDJSON file: one {"type":…} or {"edge":…} object per line')
    .addOption(
      new Option('--mode <mode>', 'overwrite, append or merge (required)')
        .choices(LOAD_MODES)
        .makeOptionMandatory(),
    )
    .option('--branch <branch>', 'target branch (must exist unless --from is given)', 'main')
    .option('--from <base>', 'create --branch from this branch when it does not exist')
    .option('--json', 'print the result as JSON')
    .action(async (uri: string | undefined, flags: LoadFlags, command: Command) => {
      const target = resolveGraphUri(command, uri);
      const mode = parseLoadMode(flags.mode);
      if (mode === 'overwrite')
        await confirmDestructive(
          ctx,
          command,
          'load --mode overwrite',
          target,
          flags.json === true,
        );
      echoWriteTarget(ctx, command, 'load', target);
      const bar = progressBar(ctx.io.isTty && flags.json !== true, ctx.io.stderr);
      const result = await withGraph(ctx, target, 'read-write', (graph) =>
        graph
          .load(
            {
              data: { path: flags.data },
              mode,
              ...(flags.branch === undefined ? {} : { branch: flags.branch }),
              ...(flags.from === undefined ? {} : { from: flags.from }),
            },
            { actor: actorOf(command), onProgress: bar.update },
          )
          .finally(bar.done),
      );
      if (flags.json === true) printJson(ctx.io, result);
      else printLines(ctx.io, summary(result));
    });
}
