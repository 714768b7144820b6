import { Option, type Command } from 'commander';
import type { ChangeOutput } from '../../api/index.js';
import type { CliContext } from '../cli-context.js';
import { actorOf, resolveGraphUri, withGraph, withServedGraph } from '../graph-target.js';
import { printJson, printLines } from '../output.js';
import { MESSAGE_FLAGS, MESSAGE_HELP, messageOption } from './message-flag.js';
import {
  isStoredInvocation,
  positionals,
  queryParams,
  querySource,
  type QueryFlags,
} from './query.js';

interface MutateFlags extends QueryFlags {
  readonly ifCommit?: string;
  readonly message?: string;
}

function summary(result: ChangeOutput): string[] {
  const lines = [
    `changed ${result.branch} via ${result.query_name}: ${result.affected_nodes} nodes, ${result.affected_edges} edges`,
  ];
  if (result.actor_id !== undefined) lines.push(`actor_id: ${result.actor_id}`);
  return lines;
}

const branchOf = (flags: MutateFlags) =>
  flags.branch === undefined ? {} : { branch: flags.branch };
const ifCommitOf = (flags: MutateFlags) =>
  flags.ifCommit === undefined ? {} : { ifCommit: flags.ifCommit };

/** Runs the mutation of `--query`/`-e` (NAME picks one when the source declares several). */
async function runInline(
  ctx: CliContext,
  command: Command,
  graphUri: string,
  flags: MutateFlags,
  name: string | undefined,
  params: Record<string, unknown> | undefined,
): Promise<ChangeOutput> {
  const source = await querySource(ctx.io, flags, name, 'mutate');
  const actor = await actorOf(ctx, command);
  return withGraph(ctx, command, graphUri, 'read-write', (graph) =>
    graph.mutate(
      {
        query: source.text,
        ...(name === undefined ? {} : { name }),
        params,
        ...branchOf(flags),
      },
      { actor, sourceFile: source.file, ...ifCommitOf(flags), ...messageOption(flags) },
    ),
  );
}

/**
 * `omnigraph mutate [NAME] [URI] (--query <file> | -e <source>) [--params <json> |
 * --params-file <file>] [--branch <b>] [--if-commit <id>] [--json]`: runs a mutation query as
 * one commit; on a served graph, NAME alone runs the server's stored mutation of that name. A
 * lost `--if-commit` exits with code 4 (with `--json`, the `precondition_failure` envelope on
 * stdout).
 */
export function registerMutate(program: Command, ctx: CliContext): void {
  program
    .command('mutate')
    .alias('change')
    .description('run a mutation query (.gq insert/update/delete) as one commit')
    .argument('[name]', 'the mutation to run, when the source declares several')
    .argument('[uri]', 'the graph (or --store <uri>)')
    .addOption(
      new Option('--query <path>', 'a .gq file holding the mutation').conflicts('queryString'),
    )
    .option('-e, --query-string <source>', 'the mutation source inline')
    .addOption(
      new Option('--params <json>', 'query parameters as a JSON object').conflicts('paramsFile'),
    )
    .option('--params-file <path>', 'a file holding the parameters as a JSON object')
    .option('--branch <branch>', 'the branch to change (default main)')
    .option('--if-commit <commit>', 'run only if the branch head is still this commit')
    .option(MESSAGE_FLAGS, MESSAGE_HELP)
    .option('--json', 'print the result as JSON')
    .action(
      async (
        first: string | undefined,
        second: string | undefined,
        flags: MutateFlags,
        command: Command,
      ) => {
        if (command.parent?.args[0] === 'change') {
          ctx.io.stderr(
            'warning: `omnigraph change` is deprecated; use `omnigraph mutate` instead\n',
          );
        }
        const message = messageOption(flags);
        const { name, uri } = positionals(first, second);
        const graphUri = await resolveGraphUri(ctx, command, uri);
        const params = await queryParams(ctx.io, flags);
        const result =
          name !== undefined && isStoredInvocation(flags, graphUri)
            ? await withServedGraph(ctx, command, graphUri, (graph) =>
                graph.runStoredMutation(
                  name,
                  { params, ...branchOf(flags) },
                  { ...ifCommitOf(flags), ...message },
                ),
              )
            : await runInline(ctx, command, graphUri, flags, name, params);
        if (flags.json === true) printJson(ctx.io, result);
        else printLines(ctx.io, summary(result));
      },
    );
}
