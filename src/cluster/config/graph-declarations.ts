import { errorAt } from '../diagnostic.js';
import { parseResourceAddress } from '../resources/resource-address.js';
import type { GraphConfig, QueriesConfig } from './cluster-config.js';
import type { YamlPath } from './config-yaml.js';
import {
  DECLARATIONS_SHAPE,
  GRAPH_SHAPE,
  QUERY_DIR_SHAPE,
  QUERY_LIST_SHAPE,
  QUERY_MAP_SHAPE,
} from './config-shapes.js';
import { withClosest } from './did-you-mean.js';
import type { DeclaredProviders } from './embedding-providers.js';
import { checkExternalBlobs, type ExternalBlobPolicy } from './external-blob-policy.js';
import { checkResourceId } from './resource-id.js';
import {
  checkShape,
  pathText,
  valueAt,
  type CheckContext,
  type SpecialKey,
} from './shape-check.js';

/** A graph declaration that passed every check of cluster.yaml (its files are read later). */
export interface CheckedGraph {
  readonly id: string;
  /** Where it is declared: `['graphs', id]`. */
  readonly path: YamlPath;
  readonly config: GraphConfig;
  /** The name of the embedding provider it binds, when it binds one. */
  readonly embeddingProvider?: string;
  /** Absent: external blobs are denied. */
  readonly externalBlobPolicy?: ExternalBlobPolicy;
}

/** The graphs `graphs` declares. */
export interface DeclaredGraphs {
  /** Every declared id, valid or not, so references to a broken graph are not dangling. */
  readonly ids: ReadonlySet<string>;
  readonly graphs: readonly CheckedGraph[];
}

const GRAPH_SPECIAL_KEYS: ReadonlyMap<string, SpecialKey> = new Map([
  [
    'streaming',
    {
      code: 'removed_streaming_declaration',
      message:
        "'streaming' is no longer declared in cluster.yaml: remove it (ingest runs through omnigraph load and ingest)",
    },
  ],
]);

/** Checks `graphs` and every declaration in it. */
export function checkGraphs(context: CheckContext, providers: DeclaredProviders): DeclaredGraphs {
  if (valueAt(context.yaml.value, ['graphs']) === undefined) return { ids: new Set(), graphs: [] };
  const declared = checkShape(context, DECLARATIONS_SHAPE, ['graphs'], {
    code: 'invalid_cluster_yaml',
  });
  const ids = Object.keys(declared ?? {});
  const graphs: CheckedGraph[] = [];
  for (const id of ids) {
    const graph = checkGraph(context, id, providers);
    if (graph !== undefined) graphs.push(graph);
  }
  return { ids: new Set(ids), graphs };
}

function checkGraph(
  context: CheckContext,
  id: string,
  providers: DeclaredProviders,
): CheckedGraph | undefined {
  const before = context.diagnostics.length;
  const path = ['graphs', id];
  checkResourceId(context, path, 'graph');
  const input = checkShape(context, GRAPH_SHAPE, path, {
    code: 'invalid_cluster_yaml',
    specialKeys: GRAPH_SPECIAL_KEYS,
  });
  const queries = checkQueriesConfig(context, [...path, 'queries']);
  const provider =
    input?.embedding_provider === undefined
      ? undefined
      : providerReference(
          context,
          [...path, 'embedding_provider'],
          input.embedding_provider,
          providers,
        );
  const blobs = checkExternalBlobs(context, path);
  if (input === undefined || context.diagnostics.length > before) return undefined;
  const config: GraphConfig = {
    schema: input.schema,
    ...(queries === undefined ? {} : { queries }),
    ...(input.embedding_provider === undefined
      ? {}
      : { embedding_provider: input.embedding_provider }),
    ...(blobs.config === undefined ? {} : { external_blobs: blobs.config }),
  };
  return {
    id,
    path,
    config,
    ...(provider === undefined ? {} : { embeddingProvider: provider }),
    ...(blobs.policy === undefined ? {} : { externalBlobPolicy: blobs.policy }),
  };
}

/** `queries` is a directory (a string), a list of files, or a map of name → `{file}`. */
function checkQueriesConfig(context: CheckContext, path: YamlPath): QueriesConfig | undefined {
  const value = valueAt(context.yaml.value, path);
  if (value === undefined) return undefined;
  const options = { code: 'invalid_cluster_yaml' } as const;
  if (typeof value === 'string') return checkShape(context, QUERY_DIR_SHAPE, path, options);
  if (Array.isArray(value)) return checkShape(context, QUERY_LIST_SHAPE, path, options);
  if (value !== null && typeof value === 'object') {
    return checkShape(context, QUERY_MAP_SHAPE, path, options);
  }
  const message = `${pathText(path)}: must be a directory, a list of .gq files or a map of query name to {file}`;
  context.diagnostics.push(errorAt('invalid_cluster_yaml', context.yaml.at(path), message));
  return undefined;
}

/**
 * The provider name a graph's `embedding_provider` names: a bare name or
 * `provider.embedding.<name>`. Another address is `wrong_kind_reference`; an undeclared
 * name `dangling_embedding_provider_reference`.
 */
function providerReference(
  context: CheckContext,
  path: YamlPath,
  reference: string,
  providers: DeclaredProviders,
): string | undefined {
  const where = context.yaml.at(path);
  const parsed = reference.includes('.')
    ? parseResourceAddress(reference)
    : ({ kind: 'embedding_provider', name: reference } as const);
  if (parsed?.kind !== 'embedding_provider') {
    const message = `embedding_provider '${reference}' is not an embedding provider: name one as '<name>' or 'provider.embedding.<name>'`;
    context.diagnostics.push(errorAt('wrong_kind_reference', where, message));
    return undefined;
  }
  if (providers.names.has(parsed.name)) return parsed.name;
  const declared = [...providers.names];
  const known = declared.length === 0 ? 'none is declared' : `declared: ${declared.join(', ')}`;
  const message = `embedding_provider '${reference}' names no provider under providers.embedding (${known})`;
  context.diagnostics.push(
    errorAt(
      'dangling_embedding_provider_reference',
      where,
      withClosest(message, parsed.name, declared),
    ),
  );
  return undefined;
}
