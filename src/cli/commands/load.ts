import { Option, type Command } from 'commander';
import { LOAD_MODES, parseLoadMode, type LoadOutput } from '../../api/index.js';
import type { CliContext } from '../cli-context.js';
import { confirmDestructive } from '../confirm.js';
import { actorOf, echoWriteTarget, resolveGraphUri, withGraph } from '../graph-target.js';
import { printJson, printLines } from '../output.js';
import { MESSAGE_FLAGS, MESSAGE_HELP, messageOption } from './message-flag.js';
import { progressBar } from '../progress-bar.js';
import { spoolToTempFile, type SpooledFile } from '../../util/spool-to-temp-file.js';

/** `--data -`: the NDJSON comes on stdin. */
const STDIN = '-';

interface LoadFlags {
  readonly data: string;
  readonly mode: string;
  readonly branch?: string;
  readonly from?: string;
  readonly message?: string;
  readonly json?: boolean;
}

function summary(result: LoadOutput): string[] {
  const lines = [
    `loaded ${result.uri} on branch ${result.branch} with ${result.mode}: ${result.total_entities} entities across ${result.nodes.length} node types and ${result.edges.length} edge types`,
  ];
  if (result.branch_created)
    lines.push(`branch ${result.branch} created from ${result.base_branch ?? 'main'}`);
  // An empty load, or a merge whose rows are all stored already.
  if (result.commit === null)
    lines.push(`no commit published: the load changed nothing on branch ${result.branch}`);
  return lines;
}

/**
 * A load reads its data twice (validation, then write) while stdin can be read once: it is
 * copied to a temporary file first, so memory stays bounded however much arrives.
 */
function spoolStdin(): Promise<SpooledFile> {
  return spoolToTempFile(process.stdin, 'stdin.jsonl');
}

/**
 * `omnigraph load [uri] --data <file|-> --mode overwrite|append|merge [--branch B] [--from BASE]`.
 */
export function registerLoad(program: Command, ctx: CliContext): void {
  program
    .command('load')
    .description('load a strict NDJSON file as one atomic commit')
    .argument('[uri]', 'the graph (or --store)')
    .requiredOption(
      '--data <file>',
      'NDJSON file, or - for stdin: one {"type":…} or {"edge":…} object per line',
    )
    .addOption(
      new Option('--mode <mode>', 'overwrite, append or merge (required)')
        .choices(LOAD_MODES)
        .makeOptionMandatory(),
    )
    .option('--branch <branch>', 'target branch (must exist unless --from is given)', 'main')
    .option('--from <base>', 'create --branch from this branch when it does not exist')
    .option(MESSAGE_FLAGS, MESSAGE_HELP)
    .option('--json', 'print the result as JSON')
    .action(async (uri: string | undefined, flags: LoadFlags, command: Command) => {
      const message = messageOption(flags);
      const target = await resolveGraphUri(ctx, command, uri);
      const actor = await actorOf(ctx, command);
      const mode = parseLoadMode(flags.mode);
      const fromStdin = flags.data === STDIN;
      // Stdin carries the data, so it cannot answer a prompt: only --yes confirms.
      if (mode === 'overwrite')
        await confirmDestructive(
          ctx,
          command,
          'load --mode overwrite',
          target,
          flags.json === true || fromStdin,
        );
      echoWriteTarget(ctx, command, 'load', target);
      const spooled = fromStdin ? await spoolStdin() : undefined;
      const bar = progressBar(ctx.io.isTty && flags.json !== true, ctx.io.stderr);
      try {
        const result = await withGraph(ctx, command, target, 'read-write', (graph) =>
          graph
            .load(
              {
                data: { path: spooled?.path ?? flags.data },
                mode,
                ...(flags.branch === undefined ? {} : { branch: flags.branch }),
                ...(flags.from === undefined ? {} : { from: flags.from }),
              },
              { actor, ...message, onProgress: bar.update },
            )
            .finally(bar.done),
        );
        if (flags.json === true) printJson(ctx.io, result);
        else printLines(ctx.io, summary(result));
      } finally {
        await spooled?.remove();
      }
    });
}
