import type { Command } from 'commander';
import { lintQueries, renderLint, type QueryLintOutput } from '../../compiler/query/index.js';
import { compileSchema } from '../../compiler/schema/index.js';
import { OmniError } from '../../util/omni-error.js';
import type { CliContext } from '../cli-context.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-code.js';
import { printJson } from '../output.js';
import { readTextFile } from '../read-text-file.js';

interface LintOptions {
  readonly query: string;
  readonly schema?: string;
  readonly json?: boolean;
}

/**
 * `omnigraph lint --schema <file.pg> --query <file.gq> [--json]`: typechecks every query of the
 * file offline and prints the report; exits 1 when the report's status is `error`.
 */
export function registerLint(program: Command, ctx: CliContext): void {
  program
    .command('lint')
    .description('typecheck a .gq file against a schema and report findings')
    .argument('[uri]', 'graph whose schema to lint against (not available yet; pass --schema)')
    .requiredOption('--query <path>', 'the .gq file to lint')
    .option('--schema <path>', 'the .pg schema to lint against, offline')
    .option('--json', 'print the report as JSON')
    .action(async (uri: string | undefined, options: LintOptions) => {
      const output = await lint(ctx.io, uri, options);
      if (options.json === true) printJson(ctx.io, output);
      else ctx.io.stdout(renderLint(output));
      if (output.status === 'error') ctx.exitCode = ExitCode.error;
    });
}

async function lint(
  io: CliIo,
  uri: string | undefined,
  options: LintOptions,
): Promise<QueryLintOutput> {
  if (options.schema === undefined) {
    throw new OmniError(
      'not_implemented',
      `lint against a graph${uri === undefined ? '' : ` (${uri})`} is not available yet; pass --schema <file.pg>`,
    );
  }
  // One after the other, so a missing file is reported the same way every time.
  const schemaSource = await readTextFile(io, options.schema, 'schema');
  const querySource = await readTextFile(io, options.query, 'query');
  const catalog = compileSchema(schemaSource, { file: options.schema });
  return lintQueries({
    catalog,
    source: querySource,
    queryPath: options.query,
    schemaSource: { kind: 'file', path: options.schema },
  });
}
