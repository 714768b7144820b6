import type { Command } from 'commander';
import type {
  CallOptions,
  CommitChangesOutput,
  CommitChangesRequest,
  CommitOutput,
  EntityChangeOutput,
  Graph,
} from '../../api/index.js';
import {
  changeFilterOf,
  changeFilterOptions,
  type ChangeFilterFlags,
} from './change-filter-options.js';
import type { CliContext } from '../cli-context.js';
import { readerOf, resolveGraphUri, withGraph } from '../graph-target.js';
import { printJson, printLines } from '../output.js';
import { causeLines, changeLines } from './change-lines.js';

interface ChangesFlags extends ChangeFilterFlags {
  readonly uri?: string;
  readonly limit?: string;
  readonly pageToken?: string;
  readonly json?: boolean;
}

/**
 * Commit ids are ULIDs: 10 characters of milliseconds, then 16 random ones. The list shows the
 * first 12 (the time and 10 random bits), which tell apart commits of different milliseconds and
 * almost always those of one; when two listed commits still share them (written in the same
 * millisecond, e.g. by two processes), every id grows to the shortest prefix that tells all the
 * listed commits apart, so a short id never names two of them. `--json` has the full ids.
 */
const SHORT_ID_CHARS = 12;

/** The id length that tells every listed commit apart, at least {@link SHORT_ID_CHARS}. */
function shortIdLength(commits: readonly CommitOutput[]): number {
  const ids = commits.map((commit) => commit.graph_commit_id).sort();
  let length = SHORT_ID_CHARS;
  for (let i = 1; i < ids.length; i += 1) {
    const [a, b] = [ids[i - 1] ?? '', ids[i] ?? ''];
    let shared = 0;
    while (shared < a.length && a[shared] === b[shared]) shared += 1;
    length = Math.max(length, shared + 1);
  }
  return length;
}

/** `2026-12-02 15:04:05Z`: a commit's `created_at` (Unix microseconds) in UTC, to the second. */
function utcTime(micros: number): string {
  const date = new Date(Math.floor(micros / 1000));
  if (Number.isNaN(date.getTime())) return String(micros);
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

/** The first line of a message, marked `…` when more follow (`commit show` prints them all). */
function firstLine(message: string): string {
  const [first = '', ...rest] = message.split(/\r?\n/);
  return rest.length > 0 ? `${first} …` : first;
}

/**
 * One line per commit, in columns: short id, operation (`-` for commits written before graphs
 * recorded it), actor (`-` for none), UTC time, the branch it was written on, then
 * `data_reclaimed` when cleanup removed the table versions it pins (it can no longer be read)
 * and the first line of its message.
 */
function listLines(commits: readonly CommitOutput[]): string[] {
  const idLength = shortIdLength(commits);
  const rows = commits.map((commit) => ({
    id: commit.graph_commit_id.slice(0, idLength),
    operation: commit.operation ?? '-',
    actor: commit.actor_id ?? '-',
    time: utcTime(commit.created_at),
    branch: commit.graph_branch ?? 'main',
    rest: [
      ...(commit.data_reclaimed === true ? ['data_reclaimed'] : []),
      ...(commit.message === undefined ? [] : [firstLine(commit.message)]),
    ],
  }));
  const width = (pick: (row: (typeof rows)[number]) => string) =>
    Math.max(0, ...rows.map((row) => pick(row).length));
  const operationWidth = width((row) => row.operation);
  const actorWidth = width((row) => row.actor);
  const branchWidth = width((row) => row.branch);
  return rows.map((row) =>
    [
      row.id,
      row.operation.padEnd(operationWidth),
      row.actor.padEnd(actorWidth),
      row.time,
      row.branch.padEnd(branchWidth),
      ...row.rest,
    ]
      .join('  ')
      .trimEnd(),
  );
}

function showLines(commit: CommitOutput): string[] {
  // A message of several lines continues on lines indented by two spaces.
  const [first = '', ...more] = (commit.message ?? '').split(/\r?\n/);
  return [
    `graph_commit_id: ${commit.graph_commit_id}`,
    `graph_branch: ${commit.graph_branch ?? 'main'}`,
    `graph_manifest_version: ${commit.graph_manifest_version}`,
    `parent_commit_id: ${commit.parent_commit_id ?? ''}`,
    `merged_parent_commit_id: ${commit.merged_parent_commit_id ?? ''}`,
    `actor_id: ${commit.actor_id ?? ''}`,
    `created_at: ${commit.created_at}`,
    `operation: ${commit.operation ?? ''}`,
    `message: ${first}`,
    ...more.map((line) => `  ${line}`),
  ];
}

function changesRequest(flags: ChangesFlags): CommitChangesRequest {
  return {
    ...changeFilterOf(flags),
    ...(flags.limit === undefined ? {} : { limit: Number(flags.limit) }),
  };
}

/**
 * The changes of a commit: the one page `--page-token` names, or every page (following the
 * tokens) when none is given.
 */
async function readChanges(
  graph: Graph,
  commitId: string,
  flags: ChangesFlags,
  options: CallOptions,
): Promise<CommitChangesOutput> {
  const request = changesRequest(flags);
  if (flags.pageToken !== undefined)
    return graph.commitChanges(commitId, { ...request, page_token: flags.pageToken }, options);
  let page = await graph.commitChanges(commitId, request, options);
  const changes: EntityChangeOutput[] = [...page.changes];
  while (page.next_page_token !== null) {
    const next = { ...request, page_token: page.next_page_token };
    page = await graph.commitChanges(commitId, next, options);
    changes.push(...page.changes);
  }
  return { ...page, changes };
}

function changesText(page: CommitChangesOutput): string[] {
  const lines = [...causeLines(page.cause), ...page.changes.flatMap(changeLines)];
  if (page.next_page_token !== null) lines.push(`next_page_token: ${page.next_page_token}`);
  return lines;
}

/** `omnigraph commit list|show|changes`. */
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
        const target = await resolveGraphUri(ctx, command, uri);
        const actor = await readerOf(ctx, command);
        const result = await withGraph(ctx, command, target, 'read-only', (graph) =>
          graph.listCommits({ branch: flags.branch }, { actor }),
        );
        if (flags.json === true) printJson(ctx.io, result);
        else printLines(ctx.io, listLines(result.commits));
      },
    );

  commit
    .command('show')
    .description('one commit')
    .argument('<commit>', 'commit id')
    .option('--uri <uri>', 'the graph (or --store)')
    .option('--json', 'print as JSON')
    .action(async (commitId: string, flags: { uri?: string; json?: boolean }, command: Command) => {
      const target = await resolveGraphUri(ctx, command, flags.uri);
      const actor = await readerOf(ctx, command);
      const info = await withGraph(ctx, command, target, 'read-only', (graph) =>
        graph.showCommit(commitId, { actor }),
      );
      if (flags.json === true) printJson(ctx.io, info);
      else printLines(ctx.io, showLines(info));
    });

  changeFilterOptions(
    commit
      .command('changes')
      .description('the entity changes of a commit against its first parent')
      .argument('<commit>', 'commit id')
      .option('--uri <uri>', 'the graph (or --store)')
      .option('--limit <n>', 'changes per page (default 1000, max 8192)')
      .option('--page-token <token>', 'print only this page (else every page is read)'),
  )
    .option('--json', 'print as JSON')
    .action(async (commitId: string, flags: ChangesFlags, command: Command) => {
      const target = await resolveGraphUri(ctx, command, flags.uri);
      const actor = await readerOf(ctx, command);
      const page = await withGraph(ctx, command, target, 'read-only', (graph) =>
        readChanges(graph, commitId, flags, { actor }),
      );
      if (flags.json === true) printJson(ctx.io, page);
      else printLines(ctx.io, changesText(page));
    });
}
