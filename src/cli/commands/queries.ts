import { Option, type Command } from 'commander';
import {
  NO_PARAMS_WARNING,
  parseQuery,
  typecheckQuery,
  type QueryDecl,
} from '../../compiler/query/index.js';
import { compileSchema, formatPropertyType } from '../../compiler/schema/index.js';
import { isOmniError, messageOf, OmniError } from '../../util/omni-error.js';
import type { CliContext } from '../cli-context.js';
import { clusterGraphFlags } from '../cluster/cluster-graph-target.js';
import { openClusterScope, selectGraph } from '../cluster/cluster-scope.js';
import { storedQueries, type StoredQuery } from '../cluster/stored-catalog.js';
import { ExitCode } from '../exit-code.js';
import { withGraph } from '../graph-target.js';
import { printJson, printLines } from '../output.js';

interface QueriesFlags {
  readonly cluster: string;
  readonly graph?: string;
  readonly json?: boolean;
}

/** One stored query as `queries list --json` prints it. */
interface ListedQuery {
  readonly name: string;
  /** Every stored query is an MCP tool of its graph (docs/guide/agents.md), named as the query. */
  readonly mcp_expose: true;
  readonly tool_name: string;
  readonly mutation: boolean;
  readonly description?: string;
  readonly instruction?: string;
  readonly params: readonly { name: string; type: string; nullable: boolean }[];
}

/** A stored query that does not typecheck against the live schema. */
interface Breakage {
  readonly query: string;
  readonly message: string;
}

/**
 * `omnigraph queries list|validate --cluster <dir|uri> [--graph <id>]`: the stored queries a
 * cluster applied for a graph, and whether they still typecheck against the graph's live
 * schema (what serving them needs).
 */
export function registerQueries(program: Command, ctx: CliContext): void {
  const queries = program
    .command('queries')
    .description("list and check a cluster's stored queries");
  const verb = (name: string, description: string): Command =>
    queries
      .command(name)
      .description(description)
      .addOption(
        new Option(
          '--cluster <dir|uri>',
          'the cluster: its config directory or storage root',
        ).makeOptionMandatory(),
      )
      .option('--json', 'print the result as JSON');

  verb('list', 'list the stored queries of a graph with their parameters').action(
    async (flags: QueriesFlags, command: Command) => {
      const listed = (await declarations(ctx, clusterGraphFlags(command, flags))).declarations.map(
        listedQuery,
      );
      if (flags.json === true) printJson(ctx.io, { queries: listed });
      else if (listed.length === 0) printLines(ctx.io, ['(no stored queries registered)']);
      else printLines(ctx.io, listed.flatMap(listLines));
    },
  );

  verb('validate', "typecheck the stored queries against the graph's live schema").action(
    async (flags: QueriesFlags, command: Command) => {
      const { uri, declarations: decls } = await declarations(
        ctx,
        clusterGraphFlags(command, flags),
      );
      const source = await withGraph(
        ctx,
        command,
        uri,
        'read-only',
        async (graph) => (await graph.getSchema()).schema_source,
      );
      const catalog = compileSchema(source, { file: uri });
      const breakages = decls.flatMap((decl): Breakage[] => {
        try {
          typecheckQuery(catalog, decl);
          return [];
        } catch (error) {
          if (!isOmniError(error)) throw error;
          return [{ query: decl.name, message: messageOf(error) }];
        }
      });
      const warnings = decls
        .filter((decl) => decl.body.kind === 'mutation' && decl.params.length === 0)
        .map((decl) => ({ query: decl.name, message: NO_PARAMS_WARNING }));
      const ok = breakages.length === 0;
      if (!ok) ctx.exitCode = ExitCode.error;
      if (flags.json === true) {
        printJson(ctx.io, { ok, breakages, warnings });
        return;
      }
      const count = decls.length;
      printLines(ctx.io, [
        ...(ok
          ? [`OK  ${count} stored quer${count === 1 ? 'y' : 'ies'} type-check against the schema`]
          : []),
        ...breakages.map((b) => `ERROR  query '${b.query}': ${b.message}`),
        ...warnings.map((w) => `WARN   query '${w.query}': ${w.message}`),
      ]);
    },
  );
}

/** The graph's root and its stored query declarations, in name order. */
async function declarations(
  ctx: CliContext,
  flags: QueriesFlags,
): Promise<{ uri: string; declarations: QueryDecl[] }> {
  const scope = await openClusterScope(ctx.io, flags.cluster);
  const graph = selectGraph(scope, flags.graph);
  const stored = await storedQueries(scope, graph);
  return { uri: scope.store.graphUri(graph), declarations: stored.map(declarationOf) };
}

/** The declaration a stored query names in its file (a file may declare several). */
function declarationOf(stored: StoredQuery): QueryDecl {
  const decl = parseQuery(stored.source, { file: stored.path }).queries.find(
    (query) => query.name === stored.name,
  );
  if (decl === undefined) {
    throw new OmniError(
      'permanent',
      `the stored payload ${stored.path} does not declare query '${stored.name}'`,
    );
  }
  return decl;
}

function listedQuery(decl: QueryDecl): ListedQuery {
  return {
    name: decl.name,
    mcp_expose: true,
    tool_name: decl.name,
    mutation: decl.body.kind === 'mutation',
    ...(decl.description === undefined ? {} : { description: decl.description }),
    ...(decl.instruction === undefined ? {} : { instruction: decl.instruction }),
    params: decl.params.map((p) => ({
      name: p.name,
      type: formatPropertyType(p.type, false),
      nullable: p.nullable,
    })),
  };
}

/** `<read|mutation>  name($p: Type?, …)` and its indented description and instruction. */
function listLines(query: ListedQuery): string[] {
  const params = query.params
    .map((p) => `$${p.name}: ${p.type}${p.nullable ? '?' : ''}`)
    .join(', ');
  return [
    `${query.mutation ? 'mutation' : 'read'}  ${query.name}(${params})`,
    ...(query.description === undefined ? [] : [`    description: ${query.description}`]),
    ...(query.instruction === undefined ? [] : [`    instruction: ${query.instruction}`]),
  ];
}
