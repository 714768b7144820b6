import { Option, type Command } from 'commander';
import type { ChangeOutput } from '../../api/index.js';
import { isOmniError } from '../../util/omni-error.js';
import type { CliContext } from '../cli-context.js';
import { ExitCode } from '../exit-code.js';
import { actorOf, resolveGraphUri, withGraph } from '../graph-target.js';
import { printJson, printLines } from '../output.js';
import { positionals, queryParams, querySource, type QueryFlags } from './query.js';

interface MutateFlags extends QueryFlags {
  readonly ifCommit?: string;
}

function summary(result: ChangeOutput): string[] {
  const lines = [
    `changed ${result.branch} via ${result.query_name}: ${result.affected_nodes} nodes, ${result.affected_edges} edges`,
  ];
  if (result.actor_id !== undefined) lines.push(`actor_id: ${result.actor_id}`);
  return lines;
}

/**
 * `omnigraph mutate [NAME] [URI] (--query <file> | -e <source>) [--params <json> |
 * --params-file <file>] [--branch <b>] [--if-commit <id>] [--json]`: runs a mutation query as
 * one commit. A lost `--if-commit` exits with code 4 (with `--json`, the `precondition_failure`
 * body on stdout).
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
        const { name, uri } = positionals(first, second);
        const source = await querySource(ctx.io, flags, name, 'mutate');
        const params = await queryParams(ctx.io, flags);
        const graphUri = resolveGraphUri(command, uri);
        try {
          const result = await withGraph(ctx, command, graphUri, 'read-write', (graph) =>
            graph.mutate(
              {
                query: source.text,
                ...(name === undefined ? {} : { name }),
                params,
                ...(flags.branch === undefined ? {} : { branch: flags.branch }),
              },
              {
                actor: actorOf(command),
                sourceFile: source.file,
                ...(flags.ifCommit === undefined ? {} : { ifCommit: flags.ifCommit }),
              },
            ),
          );
          if (flags.json === true) printJson(ctx.io, result);
          else printLines(ctx.io, summary(result));
        } catch (error) {
          if (flags.json !== true || !isOmniError(error, 'precondition_failure')) throw error;
          printJson(ctx.io, { error: error.message, ...error.details });
          ctx.exitCode = ExitCode.preconditionFailure;
        }
      },
    );
}
