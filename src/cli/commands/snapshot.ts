import type { Command } from 'commander';
import type { SnapshotOutput } from '../../api/index.js';
import type { CliContext } from '../cli-context.js';
import { readerOf, resolveGraphUri, withGraph } from '../graph-target.js';
import { printJson, printLines } from '../output.js';
import { readTargetOf } from '../read-target.js';

function render(snapshot: SnapshotOutput): string[] {
  return [
    `graph_branch: ${snapshot.graph_branch}`,
    `graph_manifest_version: ${snapshot.graph_manifest_version}`,
    `internal_schema_version: ${snapshot.internal_schema_version}`,
    ...snapshot.datasets.map(
      (d) =>
        `${d.entity_kind} type '${d.type_name}' published_dataset_version=${d.published_dataset_version} native_dataset_branch=${d.native_dataset_branch ?? 'main'} entities=${d.entity_count}`,
    ),
  ];
}

/** `omnigraph snapshot [uri] [--branch B | --snapshot ID] [--json]`. */
export function registerSnapshot(program: Command, ctx: CliContext): void {
  program
    .command('snapshot')
    .description('show the published version and entity count of every type')
    .argument('[uri]', 'the graph (or --store)')
    .option('--branch <branch>', 'branch (default main)')
    .option('--snapshot <commit>', 'as of this commit')
    .option('--json', 'print as JSON')
    .action(
      async (
        uri: string | undefined,
        flags: { branch?: string; snapshot?: string; json?: boolean },
        command: Command,
      ) => {
        const target = await resolveGraphUri(ctx, command, uri);
        const actor = await readerOf(ctx, command);
        const snapshot = await withGraph(ctx, command, target, 'read-only', (graph) =>
          graph.snapshot(readTargetOf(flags), { actor }),
        );
        if (flags.json === true) printJson(ctx.io, snapshot);
        else printLines(ctx.io, render(snapshot));
      },
    );
}
