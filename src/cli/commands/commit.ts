import type { Command } from 'commander';
import type {
  CallOptions,
  ChangeOp,
  CommitChangesOutput,
  CommitChangesRequest,
  CommitOutput,
  EntityChangeOutput,
  EntityKind,
  Graph,
} from '../../api/index.js';
import type { CliContext } from '../cli-context.js';
import { readerOf, resolveGraphUri, withGraph } from '../graph-target.js';
import { printJson, printLines } from '../output.js';
import { causeLines, changeLines } from './change-lines.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface ChangesFlags {
  readonly uri?: string;
  readonly limit?: string;
  readonly pageToken?: string;
  readonly kind: string[];
  readonly type: string[];
  readonly op: string[];
  readonly json?: boolean;
}

function listLine(commit: CommitOutput): string {
  const actor = commit.actor_id === null ? '' : ` actor=${commit.actor_id}`;
  // A commit whose data cleanup reclaimed can no longer be read: say so where it is listed.
  const reclaimed = commit.data_reclaimed === true ? ' data_reclaimed' : '';
  return `${commit.graph_commit_id} graph_branch=${commit.graph_branch ?? 'main'} graph_manifest_version=${commit.graph_manifest_version}${actor}${reclaimed}`;
}

function showLines(commit: CommitOutput): string[] {
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

function changesRequest(flags: ChangesFlags): CommitChangesRequest {
  // Unknown kinds and ops are refused by the graph, naming the value.
  return {
    kind: flags.kind as EntityKind[],
    type: flags.type,
    op: flags.op as ChangeOp[],
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
        const target = resolveGraphUri(command, uri);
        const actor = readerOf(command);
        const result = await withGraph(ctx, command, target, 'read-only', (graph) =>
          graph.listCommits({ branch: flags.branch }, { actor }),
        );
        if (flags.json === true) printJson(ctx.io, result);
        else printLines(ctx.io, result.commits.map(listLine));
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
      const actor = readerOf(command);
      const info = await withGraph(ctx, command, target, 'read-only', (graph) =>
        graph.showCommit(commitId, { actor }),
      );
      if (flags.json === true) printJson(ctx.io, info);
      else printLines(ctx.io, showLines(info));
    });

  commit
    .command('changes')
    .description('the entity changes of a commit against its first parent')
    .argument('<commit>', 'commit id')
    .option('--uri <uri>', 'the graph (or --store)')
    .option('--limit <n>', 'changes per page (default 1000, max 8192)')
    .option('--page-token <token>', 'print only this page (else every page is read)')
    .option('--kind <kind>', 'only node or edge changes (repeatable)', collect, [])
    .option('--type <type>', 'only changes of this type (repeatable)', collect, [])
    .option('--op <op>', 'only insert, update or delete changes (repeatable)', collect, [])
    .option('--json', 'print as JSON')
    .action(async (commitId: string, flags: ChangesFlags, command: Command) => {
      const target = resolveGraphUri(command, flags.uri);
      const actor = readerOf(command);
      const page = await withGraph(ctx, command, target, 'read-only', (graph) =>
        readChanges(graph, commitId, flags, { actor }),
      );
      if (flags.json === true) printJson(ctx.io, page);
      else printLines(ctx.io, changesText(page));
    });
}
