import type { Command } from 'commander';
import type { CommitInfo } from '../../engine/commit-record.js';
import type { CliContext } from '../cli-context.js';
import { resolveGraphUri, withGraph } from '../graph-target.js';
import { printJson, printLines } from '../output.js';

function listLine(commit: CommitInfo): string {
  const actor = commit.actor_id === null ? '' : ` actor=${commit.actor_id}`;
  return `${commit.graph_commit_id} graph_branch=${commit.graph_branch ?? 'main'} graph_manifest_version=${commit.graph_manifest_version}${actor}`;
}

function showLines(commit: CommitInfo): string[] {
  return [
    `graph_commit_id: ${commit.graph_commit_id}`,
    `graph_branch: ${commit.graph_branch ?? 'main'}`,
    `graph_manifest_version: ${commit.graph_manifest_version}`,
    `parent_commit_id: ${commit.parent_commit_id ?? ''}`,
    `merged_parent_commit_id: ${commit.merged_parent_commit_id ?? ''}`,
    `actor_id: ${commit.actor_id ?? ''}`,
    `created_at: ${commit.created_at}`,
  ];
}

/** `omnigraph commit list|show`. */
export function registerCommit(program: Command, ctx: CliContext): void {
  const commit = program.command('commit').description('inspect the commit history');

  commit
    .command('list')
    .description('commits of a branch, newest first (with the history it inherited)')
    .argument('[uri]', 'the graph (or --store)')
    .option('--branch <branch>', 'branch (default main)', 'main')
    .option('--json', 'print as JSON')
    .action(
      async (
        uri: string | undefined,
        flags: { branch: string; json?: boolean },
        command: Command,
      ) => {
        const target = resolveGraphUri(command, uri);
        const commits = await withGraph(ctx, target, 'read-only', (graph) =>
          graph.listCommits({ branch: flags.branch }),
        );
        if (flags.json === true) printJson(ctx.io, { commits });
        else printLines(ctx.io, commits.map(listLine));
      },
    );

  commit
    .command('show')
    .description('one commit')
    .argument('<commit>', 'commit id')
    .option('--uri <uri>', 'the graph (or --store)')
    .option('--json', 'print as JSON')
    .action(async (commitId: string, flags: { uri?: string; json?: boolean }, command: Command) => {
      const target = resolveGraphUri(command, flags.uri);
      const info = await withGraph(ctx, target, 'read-only', (graph) => graph.showCommit(commitId));
      if (flags.json === true) printJson(ctx.io, info);
      else printLines(ctx.io, showLines(info));
    });
}
