import type { Command } from 'commander';
import {
  lintQueries,
  renderLint,
  type QueryLintOutput,
  type SchemaSource,
} from '../../compiler/query/index.js';
import { compileSchema, type Catalog } from '../../compiler/schema/index.js';
import { OmniError } from '../../util/omni-error.js';
import type { CliContext } from '../cli-context.js';
import {
  clusterGraphFlags,
  resolveDirectTarget,
  type ClusterGraphFlags,
} from '../cluster/cluster-graph-target.js';
import { openClusterScope, selectGraph } from '../cluster/cluster-scope.js';
import { storedQueries } from '../cluster/stored-catalog.js';
import { ExitCode } from '../exit-code.js';
import { globalsOf, withGraph } from '../graph-target.js';
import { printJson } from '../output.js';
import { readTextFile } from '../read-text-file.js';

interface LintOptions extends ClusterGraphFlags {
  readonly query?: string;
  readonly schema?: string;
  readonly json?: boolean;
}

/** A `.gq` source to lint and the path it is reported under. */
interface QuerySource {
  readonly path: string;
  readonly source: string;
}

/**
 * `omnigraph lint [uri] --query <file.gq> [--schema <file.pg>] [--json]`: typechecks every query
 * of the file and prints the report; exits 1 when the report's status is `error`. With
 * `--schema` it runs offline; otherwise against the live schema of a graph (a URI, `--store`,
 * or `--cluster <dir> --graph <id>`). With `--cluster` and no `--query` it lints the graph's
 * stored queries.
 */
export function registerLint(program: Command, ctx: CliContext): void {
  program
    .command('lint')
    .description('typecheck a .gq file against a schema or a live graph, and report findings')
    .argument('[uri]', 'the graph whose live schema to lint against (instead of --schema)')
    .option(
      '--query <path>',
      "the .gq file to lint (default with --cluster: the graph's stored queries)",
    )
    .option('--schema <path>', 'the .pg schema to lint against, offline')
    .option('--cluster <dir|uri>', 'lint against a graph of this cluster (its config dir or root)')
    .option('--json', 'print the report as JSON')
    .action(async (uri: string | undefined, options: LintOptions, command: Command) => {
      const output = await lint(ctx, command, uri, options);
      if (options.json === true) printJson(ctx.io, output);
      else ctx.io.stdout(renderLint(output));
      if (output.status === 'error') ctx.exitCode = ExitCode.error;
    });
}

async function lint(
  ctx: CliContext,
  command: Command,
  uri: string | undefined,
  options: LintOptions,
): Promise<QueryLintOutput> {
  if (options.schema !== undefined) {
    const graphGiven = uri ?? options.cluster ?? globalsOf(command).store;
    if (graphGiven !== undefined) {
      throw new OmniError(
        'usage',
        '`lint` checks against one schema: pass --schema <file.pg> (offline) or a graph, not both.',
      );
    }
    if (options.query === undefined) throw missingQuery();
    // One after the other, so a missing file is reported the same way every time.
    const schemaSource = await readTextFile(ctx.io, options.schema, 'schema');
    const query = await givenQuery(ctx, options.query);
    const catalog = compileSchema(schemaSource, { file: options.schema });
    return lintOne(catalog, query, { kind: 'file', path: options.schema });
  }
  if (
    uri === undefined &&
    options.cluster === undefined &&
    globalsOf(command).store === undefined
  ) {
    throw new OmniError(
      'usage',
      '`lint` needs a schema: pass --schema <file.pg>, a graph URI (or --store), or --cluster <dir> [--graph <id>].',
    );
  }
  const target = await resolveDirectTarget(ctx, command, uri, options);
  const sources =
    options.query === undefined
      ? await storedSources(ctx, clusterGraphFlags(command, options))
      : [await givenQuery(ctx, options.query)];
  const schema = await withGraph(
    ctx,
    command,
    target,
    'read-only',
    async (graph) => (await graph.getSchema()).schema_source,
  );
  const catalog = compileSchema(schema, { file: target });
  const reports = sources.map((query) => lintOne(catalog, query, { kind: 'graph', uri: target }));
  return merged(reports, sources);
}

async function givenQuery(ctx: CliContext, path: string | undefined): Promise<QuerySource> {
  if (path === undefined) throw missingQuery();
  return { path, source: await readTextFile(ctx.io, path, 'query') };
}

function missingQuery(): OmniError {
  return new OmniError(
    'usage',
    '`lint` needs --query <file.gq> (only --cluster lints stored queries without one).',
  );
}

/** Every distinct stored query file of the cluster graph, once each. */
async function storedSources(ctx: CliContext, options: LintOptions): Promise<QuerySource[]> {
  if (options.cluster === undefined) return [await givenQuery(ctx, undefined)];
  const scope = await openClusterScope(ctx.io, options.cluster);
  const stored = await storedQueries(scope, selectGraph(scope, options.graph));
  const byDigest = new Map(stored.map((query) => [query.digest, query]));
  return [...byDigest.values()].map(({ path, source }) => ({ path, source }));
}

function lintOne(
  catalog: Catalog,
  query: QuerySource,
  schemaSource: SchemaSource,
): QueryLintOutput {
  return lintQueries({ catalog, source: query.source, queryPath: query.path, schemaSource });
}

/** One report of several files: results and findings in file order, counts summed. */
function merged(
  reports: readonly QueryLintOutput[],
  sources: readonly QuerySource[],
): QueryLintOutput {
  const [first] = reports;
  if (first !== undefined && reports.length === 1) return first;
  const sum = (pick: (report: QueryLintOutput) => number): number =>
    reports.reduce((total, report) => total + pick(report), 0);
  return {
    status: reports.some((report) => report.status === 'error') ? 'error' : 'ok',
    schema_source: first?.schema_source ?? { kind: 'graph' },
    query_path: sources.map((source) => source.path).join(', '),
    queries_processed: sum((r) => r.queries_processed),
    errors: sum((r) => r.errors),
    warnings: sum((r) => r.warnings),
    infos: sum((r) => r.infos),
    results: reports.flatMap((report) => report.results),
    findings: reports.flatMap((report) => report.findings),
  };
}
