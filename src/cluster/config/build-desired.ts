import type { Catalog } from '../../compiler/index.js';
import {
  embeddingProviderAddress,
  graphAddress,
  policyAddress,
  queryAddress,
  schemaAddress,
} from '../resources/resource-address.js';
import {
  compareText,
  configDigest,
  embeddingProviderDigest,
  graphDigest,
} from '../resources/resource-digest.js';
import { resourceSet, type Dependency, type Resource } from '../resources/resource-set.js';
import type { ClusterConfig, EmbeddingProfile } from './cluster-config.js';
import { configJson, embeddingProfileJson } from './config-json.js';
import type {
  DesiredCluster,
  DesiredFile,
  DesiredGraph,
  DesiredPolicy,
  DesiredProvider,
} from './desired-cluster.js';
import { externalBlobPolicyJson } from './external-blob-policy.js';
import type { CheckedGraph } from './graph-declarations.js';
import type { LoadedQuery } from './graph-queries.js';
import type { LoadedPolicy } from './policy-bundles.js';
import type { CheckedPolicy } from './policy-declarations.js';

/** Everything validation produced for a cluster without errors. */
export interface DesiredInput {
  readonly configDir: string;
  readonly configFile: string;
  readonly config: ClusterConfig;
  readonly storageRoot: string;
  readonly providers: ReadonlyMap<string, EmbeddingProfile>;
  readonly graphs: readonly {
    readonly checked: CheckedGraph;
    readonly schema: DesiredFile;
    readonly catalog: Catalog;
    readonly queries: readonly LoadedQuery[];
  }[];
  readonly policies: readonly { readonly checked: CheckedPolicy; readonly loaded: LoadedPolicy }[];
}

/** The desired cluster: every resource addressed and digested, and the config digest. */
export function buildDesiredCluster(input: DesiredInput): DesiredCluster {
  const providers = byKey(
    [...input.providers].map(([name, profile]) => desiredProvider(name, profile)),
    (provider) => provider.name,
  );
  const graphs = byKey(
    input.graphs.map((graph) => desiredGraph(graph, providers)),
    (graph) => graph.id,
  );
  const policies = byKey(
    input.policies.map(({ checked, loaded }) => desiredPolicy(checked, loaded)),
    (policy) => policy.name,
  );
  const resources = resourceSet(
    [
      ...[...graphs.values()].flatMap(graphResources),
      ...[...policies.values()].map((policy) => fileResource(policy.address, 'policy', policy)),
      ...[...providers.values()].map((provider): Resource => ({
        address: provider.address,
        kind: 'embedding_provider',
        digest: provider.digest,
      })),
    ],
    [
      ...[...graphs.values()].flatMap(graphDependencies),
      ...[...policies.values()].flatMap(policyDependencies),
    ],
  );
  return {
    configDir: input.configDir,
    configFile: input.configFile,
    config: input.config,
    storageRoot: input.storageRoot,
    graphs,
    policies,
    providers,
    resources,
    configDigest: configDigest(configJson(input.config), resources.resources),
  };
}

function desiredProvider(name: string, profile: EmbeddingProfile): DesiredProvider {
  const digest = embeddingProviderDigest(embeddingProfileJson(profile));
  return { address: embeddingProviderAddress(name), name, profile, digest };
}

function desiredGraph(
  graph: DesiredInput['graphs'][number],
  providers: ReadonlyMap<string, DesiredProvider>,
): DesiredGraph {
  const { id, embeddingProvider, externalBlobPolicy } = graph.checked;
  const queries = graph.queries.map(({ name, file }) => ({
    ...file,
    address: queryAddress(id, name),
    graph: id,
    name,
  }));
  const provider = embeddingProvider === undefined ? undefined : providers.get(embeddingProvider);
  const digest = graphDigest({
    id,
    schemaDigest: graph.schema.digest,
    queries,
    ...(provider === undefined ? {} : { embeddingProvider: provider }),
    ...(externalBlobPolicy === undefined
      ? {}
      : { externalBlobPolicyJson: externalBlobPolicyJson(externalBlobPolicy) }),
  });
  return {
    id,
    address: graphAddress(id),
    digest,
    schema: { ...graph.schema, address: schemaAddress(id), catalog: graph.catalog },
    queries,
    ...(provider === undefined ? {} : { embeddingProvider: provider.address }),
    ...(externalBlobPolicy === undefined ? {} : { externalBlobPolicy }),
  };
}

function desiredPolicy(checked: CheckedPolicy, loaded: LoadedPolicy): DesiredPolicy {
  return {
    ...loaded.file,
    address: policyAddress(checked.name),
    name: checked.name,
    bundle: loaded.bundle,
    bindings: checked.bindings,
  };
}

function graphResources(graph: DesiredGraph): Resource[] {
  return [
    { address: graph.address, kind: 'graph', digest: graph.digest },
    fileResource(graph.schema.address, 'schema', graph.schema),
    ...graph.queries.map((query) => fileResource(query.address, 'query', query)),
  ];
}

function fileResource(address: string, kind: Resource['kind'], file: DesiredFile): Resource {
  return { address, kind, digest: file.digest, path: file.file };
}

function graphDependencies(graph: DesiredGraph): Dependency[] {
  return [
    { from: graph.schema.address, to: graph.address },
    ...(graph.embeddingProvider === undefined
      ? []
      : [{ from: graph.address, to: graph.embeddingProvider }]),
    ...graph.queries.flatMap((query) => [
      { from: query.address, to: graph.address },
      { from: query.address, to: graph.schema.address },
    ]),
  ];
}

function policyDependencies(policy: DesiredPolicy): Dependency[] {
  return policy.bindings
    .filter((binding) => binding !== 'cluster')
    .map((binding) => ({ from: policy.address, to: binding }));
}

function byKey<T>(items: readonly T[], key: (item: T) => string): ReadonlyMap<string, T> {
  return new Map(
    [...items].sort((a, b) => compareText(key(a), key(b))).map((item) => [key(item), item]),
  );
}
