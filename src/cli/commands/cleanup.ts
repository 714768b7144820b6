import { InvalidArgumentError, type Command } from 'commander';
import type { CleanupOutput } from '../../api/index.js';
import type { CliContext } from '../cli-context.js';
import { confirmDestructive } from '../confirm.js';
import { parseDuration } from '../duration.js';
import { resolveDirectTarget, type ClusterGraphFlags } from '../cluster/cluster-graph-target.js';
import { actorOf, echoWriteTarget, withDirectGraph } from '../graph-target.js';
import { printJson, printLines } from '../output.js';

interface CleanupFlags extends ClusterGraphFlags {
  readonly keep?: number;
  readonly olderThan?: string;
  readonly confirm?: boolean;
  readonly json?: boolean;
}

function parseKeep(value: string): number {
  if (!/^\d+$/.test(value.trim()))
    throw new InvalidArgumentError('expects a whole number of commits to keep');
  return Number(value);
}

/** The `cleanup --json` body. */
function jsonOf(result: CleanupOutput): object {
  return {
    uri: result.uri,
    keep_versions: result.keep_versions,
    older_than_secs: result.older_than_secs,
    datasets: result.datasets,
  };
}

function datasetLines(result: CleanupOutput, verb: string): string[] {
  const dropped = new Map(result.dropped_datasets.map((d) => [d.type_key, d.dataset_path]));
  return [
    ...result.datasets.map((d) => {
      const error = d.error === null ? '' : ` (error: ${d.error})`;
      const bytes = result.confirm ? `, ${d.bytes_removed} bytes` : '';
      const path = dropped.get(d.type_key);
      if (path === undefined)
        return `  ${d.type_key}: ${d.old_versions_removed} old versions ${verb}${bytes}${error}`;
      const versions = `${d.old_versions_removed} version${d.old_versions_removed === 1 ? '' : 's'}`;
      return `  ${path}: no longer pinned, ${verb} whole (${versions}${bytes})`;
    }),
    ...result.orphan_branches.map(
      (orphan) => `  ${orphan.type_key}: orphan branch ${orphan.branch} ${verb}`,
    ),
  ];
}

/** `omnigraph cleanup [uri] [--keep N] [--older-than DUR] [--confirm] [--json]`. */
export function registerCleanup(program: Command, ctx: CliContext): void {
  program
    .command('cleanup')
    .description('remove table versions (and tables) no live branch or retained commit needs')
    .argument('[uri]', 'the graph (or --store, or --cluster <dir> --graph <id>)')
    .option('--cluster <dir|uri>', 'a graph of this cluster (its config directory or storage root)')
    .option('--keep <n>', 'keep the newest N commits of every branch', parseKeep)
    .option('--older-than <duration>', 'keep commits younger than this (e.g. 7d, 24h, 90m)')
    .option('--confirm', 'remove (without it, only preview)')
    .option('--json', 'print the result as JSON')
    .action(async (uri: string | undefined, flags: CleanupFlags, command: Command) => {
      const target = await resolveDirectTarget(ctx, command, uri, flags);
      const olderThanSecs =
        flags.olderThan === undefined ? undefined : parseDuration(flags.olderThan, '--older-than');
      const confirm = flags.confirm === true;
      if (confirm) await confirmDestructive(ctx, command, 'cleanup', target, flags.json === true);
      echoWriteTarget(ctx, command, 'cleanup', target);
      const actor = await actorOf(ctx, command);
      const result = await withDirectGraph(ctx, command, target, (graph) =>
        graph.cleanup(
          {
            ...(flags.keep === undefined ? {} : { keep_versions: flags.keep }),
            ...(olderThanSecs === undefined ? {} : { older_than_secs: olderThanSecs }),
            confirm,
          },
          { actor },
        ),
      );
      if (!confirm) {
        ctx.io.stderr(
          [
            `cleanup preview for ${result.uri} (nothing removed):`,
            ...datasetLines(result, 'would be removed'),
            'rerun with --confirm to remove them',
            '',
          ].join('\n'),
        );
      }
      if (flags.json === true) printJson(ctx.io, jsonOf(result));
      else if (confirm)
        printLines(ctx.io, [`cleanup ${result.uri}`, ...datasetLines(result, 'removed')]);
    });
}
