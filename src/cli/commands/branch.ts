import type { Command } from 'commander';
import type { BranchMergeOutput } from '../../api/index.js';
import type { CliContext } from '../cli-context.js';
import { confirmDestructive } from '../confirm.js';
import { actorOf, echoWriteTarget, readerOf, resolveGraphUri, withGraph } from '../graph-target.js';
import { printJson, printLines } from '../output.js';
import { MESSAGE_FLAGS, MESSAGE_HELP, messageOption } from './message-flag.js';

interface UriFlags {
  readonly uri?: string;
  readonly json?: boolean;
}

interface MergeFlags extends UriFlags {
  readonly into: string;
  readonly deleteBranch?: boolean;
  readonly message?: string;
}

function mergeLines(result: BranchMergeOutput): string[] {
  const lines = [`merged ${result.source} into ${result.target}: ${result.outcome}`];
  if (result.commit !== null) lines.push(`commit: ${result.commit.graph_commit_id}`);
  if (result.branch_deleted === true) lines.push(`deleted branch ${result.source}`);
  return lines;
}

/** `omnigraph branch create|list|delete|merge`. */
export function registerBranch(program: Command, ctx: CliContext): void {
  const branch = program.command('branch').description('create, list and delete branches');

  branch
    .command('create')
    .description('create a branch from main, another branch, or a commit')
    .argument('<name>', 'new branch name')
    .option('--uri <uri>', 'the graph (or --store)')
    .option('--from <branch|commit>', 'where the branch starts', 'main')
    .option('--json', 'print the result as JSON')
    .action(async (name: string, flags: UriFlags & { from: string }, command: Command) => {
      const target = await resolveGraphUri(ctx, command, flags.uri);
      const actor = await actorOf(ctx, command);
      echoWriteTarget(ctx, command, 'branch create', target);
      const result = await withGraph(ctx, command, target, 'read-write', (graph) =>
        graph.createBranch({ name, from: flags.from }, { actor }),
      );
      if (flags.json === true) printJson(ctx.io, result);
      else printLines(ctx.io, [`created branch ${result.name} from ${result.from}`]);
    });

  branch
    .command('list')
    .description('list live branches, sorted')
    .option('--uri <uri>', 'the graph (or --store)')
    .option('--json', 'print as JSON')
    .action(async (flags: UriFlags, command: Command) => {
      const target = await resolveGraphUri(ctx, command, flags.uri);
      const actor = await readerOf(ctx, command);
      const result = await withGraph(ctx, command, target, 'read-only', (graph) =>
        graph.listBranches({ actor }),
      );
      if (flags.json === true) printJson(ctx.io, result);
      else printLines(ctx.io, result.branches);
    });

  branch
    .command('delete')
    .description('delete a branch (not main, not one other branches depend on)')
    .argument('<name>', 'branch to delete')
    .option('--uri <uri>', 'the graph (or --store)')
    .option('--json', 'print the result as JSON')
    .action(async (name: string, flags: UriFlags, command: Command) => {
      const target = await resolveGraphUri(ctx, command, flags.uri);
      const actor = await actorOf(ctx, command);
      await confirmDestructive(ctx, command, 'branch delete', target, flags.json === true);
      echoWriteTarget(ctx, command, 'branch delete', target);
      const result = await withGraph(ctx, command, target, 'read-write', (graph) =>
        graph.deleteBranch(name, { actor }),
      );
      if (flags.json === true) printJson(ctx.io, result);
      else printLines(ctx.io, [`deleted branch ${result.name}`]);
    });

  branch
    .command('merge')
    .description('merge a branch into another (three-way, entity-level, one commit)')
    .argument('<source>', 'branch to merge')
    .option('--uri <uri>', 'the graph (or --store)')
    .option('--into <target>', 'branch to merge into', 'main')
    .option('--delete-branch', 'delete the source branch after the merge')
    .option(MESSAGE_FLAGS, MESSAGE_HELP)
    .option('--json', 'print the result as JSON')
    .action(async (source: string, flags: MergeFlags, command: Command) => {
      const message = messageOption(flags);
      const target = await resolveGraphUri(ctx, command, flags.uri);
      const actor = await actorOf(ctx, command);
      echoWriteTarget(ctx, command, 'branch merge', target);
      const result = await withGraph(ctx, command, target, 'read-write', (graph) =>
        graph.mergeBranch(
          { source, target: flags.into, delete_branch: flags.deleteBranch === true },
          { actor, ...message },
        ),
      );
      if (result.branch_delete_error !== undefined)
        ctx.io.stderr(`warning: branch '${source}' not deleted: ${result.branch_delete_error}\n`);
      if (flags.json === true) printJson(ctx.io, result);
      else printLines(ctx.io, mergeLines(result));
    });
}
