import type { Command } from 'commander';
import type {
  BranchMergeOutput,
  CallOptions,
  DiffBetweenOutput,
  DiffBetweenRequest,
  EntityChangeOutput,
  Graph,
} from '../../api/index.js';
import { OmniError } from '../../util/omni-error.js';
import {
  changeFilterOf,
  changeFilterOptions,
  type ChangeFilterFlags,
} from './change-filter-options.js';
import type { CliContext } from '../cli-context.js';
import { confirmDestructive } from '../confirm.js';
import { actorOf, echoWriteTarget, readerOf, resolveGraphUri, withGraph } from '../graph-target.js';
import { printJson, printLines } from '../output.js';
import { changeLines } from './change-lines.js';
import { MESSAGE_FLAGS, MESSAGE_HELP, messageOption } from './message-flag.js';

interface UriFlags {
  readonly uri?: string;
  readonly json?: boolean;
}

interface MergeFlags extends UriFlags {
  readonly into: string;
  readonly deleteBranch?: boolean;
  readonly dryRun?: boolean;
  readonly message?: string;
}

interface DiffFlags extends UriFlags, ChangeFilterFlags {
  readonly into?: string;
  readonly limit?: string;
  readonly pageToken?: string;
}

function mergeLines(result: BranchMergeOutput): string[] {
  if (result.dry_run === true)
    return [`dry run: merging ${result.source} into ${result.target} would be: ${result.outcome}`];
  const lines = [`merged ${result.source} into ${result.target}: ${result.outcome}`];
  if (result.commit !== null) lines.push(`commit: ${result.commit.graph_commit_id}`);
  if (result.branch_deleted === true) lines.push(`deleted branch ${result.source}`);
  return lines;
}

/** The request of `branch diff`: two-point with `<to>`, else from the merge base with `--into`. */
function diffRequest(
  first: string,
  second: string | undefined,
  flags: DiffFlags,
): DiffBetweenRequest {
  if (second !== undefined && flags.into !== undefined)
    throw new OmniError(
      'usage',
      '`branch diff` takes either <to> (two-point: <from> → <to>) or --into (the merge base with a target → the branch), not both',
    );
  const filters = {
    ...changeFilterOf(flags),
    ...(flags.limit === undefined ? {} : { limit: Number(flags.limit) }),
  };
  return second === undefined
    ? { to: first, into: flags.into ?? 'main', ...filters }
    : { from: first, to: second, ...filters };
}

/**
 * The diff: the one page `--page-token` names, or every page. Later pages name the two commits
 * the first one resolved, so a branch moving meanwhile does not change the diff being read.
 */
async function readDiff(
  graph: Graph,
  request: DiffBetweenRequest,
  pageToken: string | undefined,
  options: CallOptions,
): Promise<DiffBetweenOutput> {
  if (pageToken !== undefined)
    return graph.diffBetween({ ...request, page_token: pageToken }, options);
  const first = await graph.diffBetween(request, options);
  const changes: EntityChangeOutput[] = [...first.changes];
  const { kind, type, op, limit } = request;
  const next = { kind, type, op, limit, from: first.from_commit_id, to: first.to_commit_id };
  let page = first;
  while (page.next_page_token !== null) {
    page = await graph.diffBetween({ ...next, page_token: page.next_page_token }, options);
    changes.push(...page.changes);
  }
  return { ...first, changes, next_page_token: page.next_page_token };
}

/** A side as named, with the commit it resolved to when it named a branch. */
function sideText(ref: string, commitId: string): string {
  return ref.trim() === commitId ? commitId : `${ref} (${commitId})`;
}

/**
 * The diff as human lines: where it starts (the merge base, or `from`), where it leads, then the
 * changes as `commit changes` prints them.
 */
function diffText(diff: DiffBetweenOutput, request: DiffBetweenRequest): string[] {
  const lines =
    diff.into === undefined
      ? [`from: ${sideText(request.from ?? '', diff.from_commit_id)}`]
      : [`merge base of ${request.to} and ${diff.into}: ${diff.from_commit_id}`];
  lines.push(
    `to: ${sideText(request.to, diff.to_commit_id)}`,
    ...diff.changes.flatMap(changeLines),
  );
  if (diff.changes.length === 0) lines.push('no changes');
  if (diff.next_page_token !== null) lines.push(`next_page_token: ${diff.next_page_token}`);
  return lines;
}

/** `omnigraph branch create|list|delete|merge|diff`. */
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
    .option('--dry-run', 'report the outcome (and any conflicts, exit 1) without writing anything')
    .option(MESSAGE_FLAGS, MESSAGE_HELP)
    .option('--json', 'print the result as JSON')
    .action(async (source: string, flags: MergeFlags, command: Command) => {
      const dryRun = flags.dryRun === true;
      if (dryRun && flags.deleteBranch === true)
        throw new OmniError('usage', '`branch merge --dry-run` cannot take --delete-branch');
      const message = messageOption(flags);
      const target = await resolveGraphUri(ctx, command, flags.uri);
      const actor = await actorOf(ctx, command);
      if (!dryRun) echoWriteTarget(ctx, command, 'branch merge', target);
      const mode = dryRun ? 'read-only' : 'read-write';
      const result = await withGraph(ctx, command, target, mode, (graph) =>
        graph.mergeBranch(
          {
            source,
            target: flags.into,
            delete_branch: flags.deleteBranch === true,
            ...(dryRun ? { dry_run: true } : {}),
          },
          { actor, ...message },
        ),
      );
      if (result.branch_delete_error !== undefined)
        ctx.io.stderr(`warning: branch '${source}' not deleted: ${result.branch_delete_error}\n`);
      if (flags.json === true) printJson(ctx.io, result);
      else printLines(ctx.io, mergeLines(result));
    });

  changeFilterOptions(
    branch
      .command('diff')
      .description(
        'the entity changes of a branch since it forked (what merging it would bring), or between two branches or commits',
      )
      .argument(
        '<from>',
        'the branch to review (or, with <to>, where the diff starts): a branch or commit id',
      )
      .argument('[to]', 'two-point: where the diff leads (a branch or commit id)')
      .option('--uri <uri>', 'the graph (or --store)')
      .option('--into <target>', 'without <to>: the branch it would merge into (default main)')
      .option('--limit <n>', 'changes per page (default 1000, max 8192)')
      .option('--page-token <token>', 'print only this page (else every page is read)'),
  )
    .option('--json', 'print as JSON')
    .action(
      async (first: string, second: string | undefined, flags: DiffFlags, command: Command) => {
        const request = diffRequest(first, second, flags);
        const target = await resolveGraphUri(ctx, command, flags.uri);
        const actor = await readerOf(ctx, command);
        const diff = await withGraph(ctx, command, target, 'read-only', (graph) =>
          readDiff(graph, request, flags.pageToken, { actor }),
        );
        if (flags.json === true) printJson(ctx.io, diff);
        else printLines(ctx.io, diffText(diff, request));
      },
    );
}
