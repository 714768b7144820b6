import { Option, type Command } from 'commander';
import { parseLosslessJson } from '../../util/lossless-json.js';
import { OmniError, messageOf } from '../../util/omni-error.js';
import { jsonText } from '../../api/json-text.js';
import { renderQueryPlan } from '../../api/render-query-plan.js';
import type { CliContext } from '../cli-context.js';
import type { CliIo } from '../cli-io.js';
import type { QueryResult } from '../../api/index.js';
import {
  isServedUri,
  readerOf,
  resolveGraphUri,
  withGraph,
  withServedGraph,
} from '../graph-target.js';
import { formatReadResult, READ_FORMATS, type ReadFormat } from '../read-format.js';
import { readPresentation } from '../read-presentation.js';
import { readTargetOf } from '../read-target.js';
import { readTextFile } from '../read-text-file.js';

/** Flags of `query` (and the shared source/params flags of `mutate`). */
export interface QueryFlags {
  readonly query?: string;
  readonly queryString?: string;
  readonly params?: string;
  readonly paramsFile?: string;
  readonly branch?: string;
  readonly snapshot?: string;
  readonly format?: ReadFormat;
  readonly json?: boolean;
  readonly explain?: boolean;
  readonly analyze?: boolean;
}

/** A query name is an identifier; any other positional is the graph's URI. */
const QUERY_NAME = /^[a-z_][A-Za-z0-9_]*$/;

/**
 * `omnigraph query [NAME] [URI] (--query <file> | -e <source>) [--params <json> | --params-file
 * <file>] [--branch <b> | --snapshot <id>] [--format table|kv|csv|jsonl|json | --json]`: runs a
 * read query against a graph addressed by `--store`, a positional URI or `--server`, and prints
 * the rows. On a served graph, NAME alone runs the server's stored query of that name.
 */
export function registerQuery(program: Command, ctx: CliContext): void {
  program
    .command('query')
    .alias('read')
    .description('run a read query (.gq) against a graph')
    .argument('[name]', 'the query to run, when the source declares several')
    .argument('[uri]', 'the graph (or --store <uri>)')
    .addOption(
      new Option('--query <path>', 'a .gq file holding the query').conflicts('queryString'),
    )
    .option('-e, --query-string <source>', 'the query source inline')
    .addOption(
      new Option('--params <json>', 'query parameters as a JSON object').conflicts('paramsFile'),
    )
    .option('--params-file <path>', 'a file holding the parameters as a JSON object')
    .option('--branch <branch>', 'read the head of this branch (default main)')
    .option('--snapshot <commit>', 'read the graph as of this commit')
    .addOption(
      new Option('--format <format>', 'output format').choices(READ_FORMATS).conflicts('json'),
    )
    .option('--json', 'print the result as JSON (same as --format json)')
    .addOption(
      new Option('--explain', 'print the plan the query would run, without running it').conflicts(
        'analyze',
      ),
    )
    .option('--analyze', 'run the query and print the rows and time of every plan stage')
    .action(
      async (
        first: string | undefined,
        second: string | undefined,
        flags: QueryFlags,
        command: Command,
      ) => {
        if (command.parent?.args[0] === 'read') {
          ctx.io.stderr('warning: `omnigraph read` is deprecated; use `omnigraph query` instead\n');
        }
        const actor = await readerOf(ctx, command);
        const { name, uri } = positionals(first, second);
        const graphUri = await resolveGraphUri(ctx, command, uri);
        const params = await queryParams(ctx.io, flags);
        if (name !== undefined && isStoredInvocation(flags, graphUri)) {
          const stored = await withServedGraph(ctx, command, graphUri, (graph) =>
            graph.runStoredQuery(name, { params, ...readTargetOf(flags) }),
          );
          await printReadResult(ctx, stored, flags);
          return;
        }
        const source = await querySource(ctx.io, flags, name, 'query');
        const request = {
          query: source.text,
          ...(name === undefined ? {} : { name }),
          params,
          ...readTargetOf(flags),
        };
        const options = { sourceFile: source.file, profile: flags.analyze === true, actor };
        if (flags.explain === true) {
          const plan = await withGraph(ctx, command, graphUri, 'read-only', (graph) =>
            graph.explain(request, options),
          );
          ctx.io.stdout(`${flags.json === true ? jsonText(plan, 2) : renderQueryPlan(plan)}\n`);
          return;
        }
        const result = await withGraph(ctx, command, graphUri, 'read-only', (graph) =>
          graph.query(request, options),
        );
        await printReadResult(ctx, result, flags);
      },
    );
}

/** Prints a read's rows in the asked format (and its profile, if any, on stderr). */
async function printReadResult(
  ctx: CliContext,
  result: QueryResult,
  flags: QueryFlags,
): Promise<void> {
  const { format, options } = await readPresentation(ctx, flags);
  ctx.io.stdout(formatReadResult(result, format, options));
  // The profile goes beside the rows, so that they stay parseable in every format.
  if (result.profile !== undefined && format !== 'json')
    ctx.io.stderr(`${renderQueryPlan(result.profile)}\n`);
}

/**
 * A NAME without `--query`/`-e` on a served graph names a query of the server's catalog (a
 * stored query); a local graph has no catalog, so there it needs the source.
 */
export function isStoredInvocation(flags: QueryFlags, graphUri: string): boolean {
  return flags.query === undefined && flags.queryString === undefined && isServedUri(graphUri);
}

/** Splits `[NAME] [URI]`: a lone positional that is not an identifier is the URI. */
export function positionals(
  first: string | undefined,
  second: string | undefined,
): { name: string | undefined; uri: string | undefined } {
  if (second !== undefined) return { name: first, uri: second };
  if (first !== undefined && !QUERY_NAME.test(first)) return { name: undefined, uri: first };
  return { name: first, uri: undefined };
}

/** A `.gq` source and the file it came from (none for `-e`). */
export interface QuerySource {
  readonly text: string;
  readonly file: string | undefined;
}

/**
 * The `.gq` source of `--query <file>` or `-e <source>` for the `verb` command (`query`,
 * `mutate`); without either, a usage error (a bare NAME is a stored query, served only).
 */
export async function querySource(
  io: CliIo,
  flags: QueryFlags,
  name: string | undefined,
  verb: string,
): Promise<QuerySource> {
  if (flags.queryString !== undefined) return { text: flags.queryString, file: undefined };
  if (flags.query !== undefined)
    return { text: await readTextFile(io, flags.query, 'query'), file: flags.query };
  throw new OmniError(
    'usage',
    name === undefined
      ? `\`${verb}\` needs the query: pass --query <file.gq> or -e <source>`
      : `stored query '${name}' can only be invoked on a served graph (--server); with --store pass --query <file.gq> or -e <source>`,
  );
}

/** The JSON params of `--params` or `--params-file` (undefined when neither is given). */
export async function queryParams(
  io: CliIo,
  flags: QueryFlags,
): Promise<Record<string, unknown> | undefined> {
  const text =
    flags.params ??
    (flags.paramsFile === undefined
      ? undefined
      : await readTextFile(io, flags.paramsFile, 'params'));
  if (text === undefined) return undefined;
  let params: unknown;
  try {
    // An I64 or U64 param beyond 2^53 stays exact (a bigint), as in an NDJSON load.
    params = parseLosslessJson(text);
  } catch (error) {
    throw new OmniError('param_error', `params are not valid JSON: ${messageOf(error)}`);
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    throw new OmniError('param_error', 'params must be a JSON object');
  return params as Record<string, unknown>;
}
