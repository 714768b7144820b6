import {
  parseQuery,
  typecheckQuery,
  type Catalog,
  type QueryDecl,
  type QueryFile,
} from '../../compiler/index.js';
import { listQueryFiles, readConfigFile } from '../config-files.js';
import { errorAt, warningAt } from '../diagnostic.js';
import { compareText, fileDigest } from '../resources/resource-digest.js';
import type { QueriesConfig } from './cluster-config.js';
import type { YamlPath } from './config-yaml.js';
import type { DesiredFile } from './desired-cluster.js';
import { withClosest } from './did-you-mean.js';
import { compileStep, fileFailureDiagnostic } from './file-diagnostics.js';
import type { CheckedGraph } from './graph-declarations.js';
import type { CheckContext } from './shape-check.js';

/** A query a graph registers, and the file that declares it. */
export interface LoadedQuery {
  readonly name: string;
  readonly file: DesiredFile;
}

/** A `.gq` file to read, where cluster.yaml names it, and the one query a map entry picks. */
interface QuerySource {
  readonly file: string;
  readonly at: YamlPath;
  readonly only?: { readonly name: string; readonly keyPath: YamlPath };
}

/** A read and parsed `.gq` file. */
interface ParsedQueryFile {
  readonly file: DesiredFile;
  readonly parsed: QueryFile;
}

/** A registered query before typechecking. */
interface Registered {
  readonly decl: QueryDecl;
  readonly file: DesiredFile;
}

/**
 * Reads, parses and typechecks the queries a graph declares, against `catalog` (the desired
 * schema's); without one the typecheck is skipped with a warning. Returns the registered
 * queries in name order.
 */
export async function loadGraphQueries(
  context: CheckContext,
  configDir: string,
  graph: CheckedGraph,
  catalog: Catalog | undefined,
): Promise<LoadedQuery[]> {
  const sources = await querySources(context, configDir, graph);
  const files = new Map<string, ParsedQueryFile | undefined>();
  const registered = new Map<string, Registered>();
  for (const source of sources) {
    if (!files.has(source.file))
      files.set(source.file, await readQueryFile(context, configDir, source));
    const parsed = files.get(source.file);
    if (parsed === undefined) continue;
    for (const decl of declarationsOf(context, source, parsed.parsed)) {
      register(context, graph.id, registered, { decl, file: parsed.file });
    }
  }
  typecheck(context, graph.id, [...registered.values()], catalog);
  return [...registered.values()]
    .map(({ decl, file }) => ({ name: decl.name, file }))
    .sort((a, b) => compareText(a.name, b.name));
}

async function querySources(
  context: CheckContext,
  configDir: string,
  graph: CheckedGraph,
): Promise<QuerySource[]> {
  const queries = graph.config.queries;
  const path = [...graph.path, 'queries'];
  if (queries === undefined) return [];
  if (typeof queries === 'string') return directorySources(context, configDir, queries, path);
  if (isQueryList(queries)) return queries.map((file, index) => ({ file, at: [...path, index] }));
  return Object.entries(queries).map(([name, { file }]) => ({
    file,
    at: [...path, name, 'file'],
    only: { name, keyPath: [...path, name] },
  }));
}

function isQueryList(queries: QueriesConfig): queries is readonly string[] {
  return Array.isArray(queries);
}

/** Every top-level `*.gq` file of a query directory; all of their queries register. */
async function directorySources(
  context: CheckContext,
  configDir: string,
  dir: string,
  path: YamlPath,
): Promise<QuerySource[]> {
  const where = context.yaml.at(path);
  const listing = await listQueryFiles(configDir, dir);
  if (!listing.ok) {
    const code =
      listing.failure.kind === 'unsafe_path' ? 'invalid_cluster_yaml' : 'query_dir_unreadable';
    context.diagnostics.push(errorAt(code, where, listing.failure.message));
    return [];
  }
  if (listing.files.length === 0) {
    const message = `query directory '${dir}' holds no .gq files`;
    context.diagnostics.push(errorAt('query_dir_empty', where, message));
  }
  return listing.files.map((file) => ({ file, at: path }));
}

async function readQueryFile(
  context: CheckContext,
  configDir: string,
  source: QuerySource,
): Promise<ParsedQueryFile | undefined> {
  const read = await readConfigFile(configDir, source.file, 'query');
  if (!read.ok) {
    context.diagnostics.push(
      fileFailureDiagnostic(read.failure, context.yaml.at(source.at), {
        missing: 'query_file_missing',
        content: 'query_parse_error',
      }),
    );
    return undefined;
  }
  const { path: file, bytes, text } = read.file;
  const parsed = compileStep(() => parseQuery(text, { file }), 'parse_error', {
    code: 'query_parse_error',
    file,
    diagnostics: context.diagnostics,
  });
  return parsed && { file: { file, bytes, source: text, digest: fileDigest(bytes) }, parsed };
}

/** The queries a source registers: all of a file's, or the one a map key names. */
function declarationsOf(
  context: CheckContext,
  source: QuerySource,
  parsed: QueryFile,
): readonly QueryDecl[] {
  if (source.only === undefined) return parsed.queries;
  const { name, keyPath } = source.only;
  const chosen = parsed.queries.find((decl) => decl.name === name);
  if (chosen !== undefined) return [chosen];
  const names = parsed.queries.map((decl) => decl.name);
  const declared = names.length === 0 ? 'it declares none' : `it declares ${names.join(', ')}`;
  const message = `queries key '${name}' must name a query of '${source.file}', but ${declared}`;
  context.diagnostics.push(
    errorAt('query_key_mismatch', context.yaml.keyAt(keyPath), withClosest(message, name, names)),
  );
  return [];
}

function register(
  context: CheckContext,
  graph: string,
  registered: Map<string, Registered>,
  query: Registered,
): void {
  const { decl, file } = query;
  const first = registered.get(decl.name);
  if (first === undefined) {
    registered.set(decl.name, query);
    return;
  }
  const where = `${file.file}:${decl.at.line}:${decl.at.column}`;
  const earlier = `${first.file.file}:${first.decl.at.line}:${first.decl.at.column}`;
  const message = `graph '${graph}' declares query '${decl.name}' twice (first at ${earlier})`;
  context.diagnostics.push(errorAt('duplicate_query_name', where, message));
}

function typecheck(
  context: CheckContext,
  graph: string,
  queries: readonly Registered[],
  catalog: Catalog | undefined,
): void {
  if (catalog === undefined) {
    for (const file of new Set(queries.map((query) => query.file.file))) {
      const message = `queries of '${file}' were not typechecked: the schema of graph '${graph}' has errors`;
      context.diagnostics.push(warningAt('query_typecheck_skipped', file, message));
    }
    return;
  }
  for (const { decl, file } of queries) {
    compileStep(() => typecheckQuery(catalog, decl), 'type_error', {
      code: 'query_typecheck_error',
      file: file.file,
      diagnostics: context.diagnostics,
    });
  }
}
