import { Option, type Command } from 'commander';
import { connect } from '../../client/index.js';
import { OmniError } from '../../util/omni-error.js';
import type { CliContext } from '../cli-context.js';
import { operatorSettingsOf } from '../graph-target.js';
import { aliasCall } from '../operator/alias-call.js';
import { rejectScopeFlags } from '../operator/local-command.js';
import { resolveServerRef } from '../operator/server-target.js';
import { resolveToken } from '../operator/server-token.js';
import { formatReadResult, READ_FORMATS, type ReadFormat } from '../read-format.js';
import { readPresentation } from '../read-presentation.js';
import { queryParams } from './query.js';

interface AliasFlags {
  readonly params?: string;
  readonly paramsFile?: string;
  readonly format?: ReadFormat;
  readonly json?: boolean;
}

/**
 * `omnigraph alias <name> [args…] [--params <json> | --params-file <file>] [--format <f> |
 * --json]`: invokes the stored query an operator-config alias binds, on its server and graph,
 * with the keyed credential of that server.
 */
export function registerAlias(program: Command, ctx: CliContext): void {
  program
    .command('alias')
    .description('invoke a stored query through an alias of the operator config')
    .argument('<name>', 'the alias, under `aliases:` in ~/.omnigraph/config.yaml')
    .argument('[args...]', "values of the alias's `args` params, in order")
    .addOption(
      new Option(
        '--params <json>',
        'params as a JSON object (over positionals and the alias)',
      ).conflicts('paramsFile'),
    )
    .option('--params-file <path>', 'a file holding the params as a JSON object')
    .addOption(
      new Option('--format <format>', 'output format').choices(READ_FORMATS).conflicts('json'),
    )
    .option('--json', 'print the result as JSON (same as --format json)')
    .action(async (name: string, args: string[], flags: AliasFlags, command: Command) => {
      rejectScopeFlags(command, {
        label: 'alias',
        remediation: ' An alias names its own server and graph.',
      });
      const { paths, config } = await operatorSettingsOf(ctx);
      const override = await queryParams(ctx.io, flags);
      const call = aliasCall(config, paths.configFile, name, args, override);
      const server = resolveServerRef(call.server, config, paths.configFile);
      if (call.graph === undefined) {
        throw new OmniError(
          'usage',
          `alias '${name}' names no graph: add \`graph: <id>\` to \`aliases.${name}\` in '${paths.configFile}'`,
        );
      }
      const token = await resolveToken(server.name, ctx.io.env, paths.credentialsFile);
      const graph = connect({
        url: server.url,
        graph: call.graph,
        token,
        cwd: ctx.io.cwd,
      });
      const result = await graph.runStoredQuery(call.query, { params: call.params });
      const { format, options } = await readPresentation(ctx, flags, call.format);
      ctx.io.stdout(formatReadResult(result, format, options));
    });
}
