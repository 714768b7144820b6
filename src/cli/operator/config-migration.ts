import { READ_FORMATS, type ReadFormat } from '../read-format.js';
import type { LegacyAlias, LegacyConfig } from './legacy-config-shape.js';
import { NAME_PATTERN, type AliasConfig, type OperatorConfig } from './operator-config-shape.js';
import { parseServerUrl } from './server-url.js';
import { tokenEnvName } from './server-token.js';

/** A query file an alias names, found on disk. */
export interface FoundQueryFile {
  /** Its path relative to the directory `cluster.yaml` is written to. */
  readonly path: string;
  /** The queries it declares. */
  readonly names: readonly string[];
}

/** What the migration reads besides the legacy file itself. */
export interface MigrationInput {
  readonly legacy: LegacyConfig;
  /** The top-level `.gq` files of `query.roots`, relative to the output directory. */
  readonly rootQueryFiles: readonly string[];
  /** Finds an alias's query file (beside the legacy file or under a query root). */
  readonly findQueryFile: (file: string) => FoundQueryFile | undefined;
}

/** A legacy key that has no place in the new files, and what to do instead. */
export interface NotCarried {
  readonly key: string;
  readonly reason: string;
}

/** The two halves a legacy `omnigraph.yaml` splits into. */
export interface Migration {
  /** The `cluster.yaml` document; absent when the legacy file declares no storage graph. */
  readonly cluster?: ClusterDraft;
  /** The operator-config half (servers, defaults, aliases). */
  readonly operator: OperatorConfig;
  readonly notCarried: readonly NotCarried[];
}

/** The part of `cluster.yaml` a migration can propose. */
export interface ClusterDraft {
  readonly version: 1;
  readonly metadata?: { readonly name: string };
  readonly graphs: Record<string, { schema: string; queries?: string[] }>;
  readonly policies?: Record<string, { file: string; applies_to: string[] }>;
}

/** A legacy graph: one a server serves, or one in storage that becomes a cluster graph. */
type LegacyGraph =
  | { readonly kind: 'served'; readonly url: string; readonly graph?: string }
  | { readonly kind: 'storage'; readonly uri: string };

/** A cluster graph id: a letter or `_`, then letters, digits, `_` and `-`. */
const GRAPH_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Splits a legacy `omnigraph.yaml` into a reviewable `cluster.yaml` (storage graphs, their
 * queries, the policy file) and the operator-config half (servers, output defaults, alias
 * bindings), listing every key that has no place in either. Pure: the caller reads the files.
 */
export function migrateLegacyConfig(input: MigrationInput): Migration {
  const { legacy } = input;
  const notCarried: NotCarried[] = [];
  const graphs = classifyGraphs(legacy, notCarried);
  const draft = clusterGraphs(graphs);
  const defaults = migrateDefaults(legacy, graphs, notCarried);
  const rootGraph = rootQueryGraph(legacy, graphs);
  migrateRoots(input, rootGraph, draft, notCarried);
  const servers = Object.fromEntries(
    [...graphs].flatMap(([name, graph]) =>
      graph.kind === 'served' ? [[name, { url: graph.url }]] : [],
    ),
  );
  const aliases = migrateAliases(input, graphs, rootGraph, draft, notCarried);
  const policies = migratePolicy(legacy, draft, notCarried);
  for (const [key, reason] of fixedNotes(legacy)) notCarried.push({ key, reason });
  const operator: OperatorConfig = {
    ...(Object.keys(servers).length === 0 ? {} : { servers }),
    ...(Object.keys(defaults).length === 0 ? {} : { defaults }),
    ...(Object.keys(aliases).length === 0 ? {} : { aliases }),
  };
  if (Object.keys(draft).length === 0) return { operator, notCarried };
  const name = legacy.project?.name;
  return {
    cluster: {
      version: 1,
      ...(name === undefined ? {} : { metadata: { name } }),
      graphs: draft,
      ...(policies === undefined ? {} : { policies }),
    },
    operator,
    notCarried,
  };
}

function classifyGraphs(legacy: LegacyConfig, notCarried: NotCarried[]): Map<string, LegacyGraph> {
  const graphs = new Map<string, LegacyGraph>();
  for (const [name, graph] of Object.entries(legacy.graphs ?? {})) {
    if (graph.bearer_token_env !== undefined) {
      notCarried.push({
        key: `graphs.${name}.bearer_token_env`,
        reason: `tokens are keyed by server now: set ${tokenEnvName(name)} or run \`omnigraph login ${name}\``,
      });
    }
    const served = /^https?:\/\//i.test(graph.uri);
    if (served && NAME_PATTERN.test(name)) {
      graphs.set(name, servedGraph(graph.uri));
    } else if (served) {
      notCarried.push({
        key: `graphs.${name}`,
        reason: 'not a server name (letters, digits, `_`, `-`): add it under `servers:` by hand',
      });
    } else if (!GRAPH_ID.test(name)) {
      notCarried.push({
        key: `graphs.${name}`,
        reason: 'not a cluster graph id (a letter or `_`, then letters, digits, `_`, `-`)',
      });
    } else {
      graphs.set(name, { kind: 'storage', uri: graph.uri });
      notCarried.push({
        key: `graphs.${name}.uri`,
        reason: `the data stays at ${graph.uri}: write the schema cluster.yaml names with \`omnigraph schema show ${graph.uri} > ${name}.pg\`, and set \`storage:\` for where the cluster keeps its graphs`,
      });
    }
  }
  return graphs;
}

/** A served graph URL `…/graphs/<id>` is the server's URL and a graph on it. */
function servedGraph(uri: string): LegacyGraph {
  const parsed = parseServerUrl(uri);
  const match = /^(.*)\/graphs\/([^/]+)$/.exec(parsed?.path ?? '');
  if (parsed === undefined || match === null) return { kind: 'served', url: uri };
  return {
    kind: 'served',
    url: `${parsed.origin}${match[1] ?? ''}`,
    graph: decodeURIComponent(match[2] ?? ''),
  };
}

function clusterGraphs(
  graphs: ReadonlyMap<string, LegacyGraph>,
): Record<string, { schema: string; queries?: string[] }> {
  return Object.fromEntries(
    [...graphs].flatMap(([name, graph]) =>
      graph.kind === 'storage' ? [[name, { schema: `${name}.pg` }]] : [],
    ),
  );
}

function migrateDefaults(
  legacy: LegacyConfig,
  graphs: ReadonlyMap<string, LegacyGraph>,
  notCarried: NotCarried[],
): NonNullable<OperatorConfig['defaults']> {
  const cli = legacy.cli ?? {};
  const defaults: NonNullable<OperatorConfig['defaults']> = {};
  const graph = cli.graph === undefined ? undefined : graphs.get(cli.graph);
  if (graph?.kind === 'served') {
    defaults.server = cli.graph;
    if (graph.graph !== undefined) defaults.default_graph = graph.graph;
  } else if (graph?.kind === 'storage') {
    defaults.store = graph.uri;
  } else if (cli.graph !== undefined) {
    notCarried.push({ key: 'cli.graph', reason: `names no graph under \`graphs:\`` });
  }
  if (cli.output_format !== undefined) {
    if (isReadFormat(cli.output_format)) defaults.output = cli.output_format;
    else
      notCarried.push({
        key: 'cli.output_format',
        reason: `not one of ${READ_FORMATS.join(', ')}`,
      });
  }
  if (cli.table_max_column_width !== undefined && cli.table_max_column_width > 0) {
    defaults.table_max_column_width = cli.table_max_column_width;
  }
  if (cli.table_cell_layout === 'truncate' || cli.table_cell_layout === 'wrap') {
    defaults.table_cell_layout = cli.table_cell_layout;
  } else if (cli.table_cell_layout !== undefined) {
    notCarried.push({ key: 'cli.table_cell_layout', reason: 'not `truncate` or `wrap`' });
  }
  if (cli.branch !== undefined) {
    notCarried.push({
      key: 'cli.branch',
      reason: 'there is no default branch setting: pass --branch',
    });
  }
  return defaults;
}

/** The storage graph `query.roots` belonged to: the default one, or the only one. */
function rootQueryGraph(
  legacy: LegacyConfig,
  graphs: ReadonlyMap<string, LegacyGraph>,
): string | undefined {
  const name = legacy.cli?.graph;
  if (name !== undefined && graphs.get(name)?.kind === 'storage') return name;
  const storage = [...graphs].filter(([, graph]) => graph.kind === 'storage');
  return storage.length === 1 ? storage[0]?.[0] : undefined;
}

function migrateRoots(
  input: MigrationInput,
  rootGraph: string | undefined,
  draft: Record<string, { schema: string; queries?: string[] }>,
  notCarried: NotCarried[],
): void {
  if (input.legacy.query?.roots === undefined) return;
  const graph = rootGraph === undefined ? undefined : draft[rootGraph];
  if (graph === undefined) {
    notCarried.push({
      key: 'query.roots',
      reason:
        'no single storage graph to register them with: list the files under `graphs.<id>.queries`',
    });
    return;
  }
  for (const file of input.rootQueryFiles) addQuery(graph, file);
}

function migrateAliases(
  input: MigrationInput,
  graphs: ReadonlyMap<string, LegacyGraph>,
  rootGraph: string | undefined,
  draft: Record<string, { schema: string; queries?: string[] }>,
  notCarried: NotCarried[],
): Record<string, AliasConfig> {
  const aliases: Record<string, AliasConfig> = {};
  for (const [name, alias] of Object.entries(input.legacy.aliases ?? {})) {
    const note = (reason: string): void => {
      notCarried.push({ key: `aliases.${name}`, reason });
    };
    const graphName = alias.graph ?? input.legacy.cli?.graph ?? rootGraph;
    const graph = graphName === undefined ? undefined : graphs.get(graphName);
    const found = alias.query === undefined ? undefined : input.findQueryFile(alias.query);
    if (alias.query !== undefined && found === undefined)
      note(`query file '${alias.query}' not found`);
    // The content half: the query file joins the catalog of the storage graph it ran on.
    const storage = graphName === undefined ? undefined : draft[graphName];
    if (found !== undefined && storage !== undefined) addQuery(storage, found.path);
    const queryName = alias.name ?? (found?.names.length === 1 ? found.names[0] : undefined);
    if (alias.command === 'change' || alias.command === 'mutate') {
      note('aliases are read-only: run `omnigraph mutate <name> --server …` instead');
    } else if (queryName === undefined) {
      note('no stored query name: set `name`, or keep one query per file');
    } else if (graph?.kind !== 'served') {
      note(
        `binds graph '${graphName ?? '?'}', which is not served: once the cluster is served, add \`aliases.${name}: {server: <name>, graph: ${graphName ?? '<id>'}, query: ${queryName}}\``,
      );
    } else {
      aliases[name] = aliasBinding(graphName ?? '', graph, queryName, alias, note);
    }
  }
  return aliases;
}

/** The binding half of a legacy alias: server, graph, stored-query name, args, format. */
function aliasBinding(
  server: string,
  graph: Extract<LegacyGraph, { kind: 'served' }>,
  query: string,
  alias: LegacyAlias,
  note: (reason: string) => void,
): AliasConfig {
  const format =
    alias.format !== undefined && isReadFormat(alias.format) ? alias.format : undefined;
  if (alias.format !== undefined && format === undefined) note(`format '${alias.format}' dropped`);
  return {
    server,
    ...(graph.graph === undefined ? {} : { graph: graph.graph }),
    query,
    ...(alias.args === undefined ? {} : { args: alias.args }),
    ...(format === undefined ? {} : { format }),
  };
}

function migratePolicy(
  legacy: LegacyConfig,
  draft: Record<string, unknown>,
  notCarried: NotCarried[],
): Record<string, { file: string; applies_to: string[] }> | undefined {
  const file = legacy.policy?.file;
  if (file === undefined) return undefined;
  const ids = Object.keys(draft);
  if (ids.length === 0) {
    notCarried.push({
      key: 'policy.file',
      reason: 'a policy applies to cluster graphs, and there are none',
    });
    return undefined;
  }
  return { default: { file, applies_to: ids } };
}

/** Keys that never carry over, whatever they say. */
function fixedNotes(legacy: LegacyConfig): [string, string][] {
  return [
    ...(legacy.auth?.env_file === undefined
      ? []
      : [
          [
            'auth.env_file',
            'secrets stay out of config: set OMNIGRAPH_TOKEN_<NAME> or run `omnigraph login <name>`',
          ] as [string, string],
        ]),
    ...(legacy.server === undefined
      ? []
      : [
          ['server', 'serve the cluster instead: `omnigraph-server --cluster <dir>`'] as [
            string,
            string,
          ],
        ]),
  ];
}

function addQuery(graph: { queries?: string[] }, file: string): void {
  graph.queries ??= [];
  if (!graph.queries.includes(file)) graph.queries.push(file);
}

function isReadFormat(format: string): format is ReadFormat {
  return (READ_FORMATS as readonly string[]).includes(format);
}
