import type { Command } from 'commander';
import type { OptimizeDatasetOutput, OptimizeOutput } from '../../api/index.js';
import type { CliContext } from '../cli-context.js';
import { resolveDirectTarget, type ClusterGraphFlags } from '../cluster/cluster-graph-target.js';
import { actorOf, echoWriteTarget, withDirectGraph } from '../graph-target.js';
import { printJson, printLines } from '../output.js';
import { MESSAGE_FLAGS, MESSAGE_HELP, messageOption } from './message-flag.js';

function datasetLines(dataset: OptimizeDatasetOutput): string[] {
  const status =
    dataset.skipped !== null
      ? `skipped (${dataset.skipped})`
      : dataset.committed
        ? `frags ${dataset.fragments_removed} → ${dataset.fragments_added} ✓`
        : 'no-op';
  return [
    `  ${dataset.type_key}: ${status}`,
    ...dataset.pending_indexes.map(
      (index) => `    ↳ index pending on property '${index.property}': ${index.reason}`,
    ),
  ];
}

/** Human output of optimize. */
function summary(result: OptimizeOutput): string[] {
  return [
    `optimize ${result.uri} — ${result.datasets.length} datasets`,
    ...result.datasets.flatMap(datasetLines),
  ];
}

/** `omnigraph optimize [uri] [--json]`: compaction and index reconciliation of main. */
export function registerOptimize(program: Command, ctx: CliContext): void {
  program
    .command('optimize')
    .description('compact every table of main and build its declared indexes, as one commit')
    .argument('[uri]', 'the graph (or --store, or --cluster <dir> --graph <id>)')
    .option('--cluster <dir|uri>', 'a graph of this cluster (its config directory or storage root)')
    .option(MESSAGE_FLAGS, MESSAGE_HELP)
    .option('--json', 'print the result as JSON')
    .action(
      async (
        uri: string | undefined,
        flags: ClusterGraphFlags & { json?: boolean; message?: string },
        command: Command,
      ) => {
        const message = messageOption(flags);
        const target = await resolveDirectTarget(ctx, command, uri, flags);
        const actor = await actorOf(ctx, command);
        echoWriteTarget(ctx, command, 'optimize', target);
        const result = await withDirectGraph(ctx, command, target, (graph) =>
          graph.optimize({ actor, ...message }),
        );
        if (flags.json === true) printJson(ctx.io, { uri: result.uri, datasets: result.datasets });
        else printLines(ctx.io, summary(result));
      },
    );
}
