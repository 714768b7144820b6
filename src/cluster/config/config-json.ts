// The JSON texts the digests of spec'd formulas hash: the parsed config and an embedding profile.
// The formulas come from a Rust implementation that hashes `serde_json` output of its config
// structs, so the text is built the way serde writes them: compact (no whitespace); struct
// fields in declaration order, which is the order of the keys in the cluster.yaml reference
// (docs/reference/cluster-config.md); absent optional fields left out (`skip_serializing_if`);
// maps (graphs, policies, providers, a query map) with keys in sorted order, as a `BTreeMap`
// keeps them, so reordering a YAML map does not change a digest. `JSON.stringify` escapes
// strings as `serde_json` does. Every field is written explicitly below rather than relying on
// object key order, which would put integer-like keys first.
import type {
  ClusterConfig,
  EmbeddingProfile,
  ExternalBlobsConfig,
  GraphConfig,
  PolicyConfig,
  QueriesConfig,
  StateConfig,
} from './cluster-config.js';
import { compareText } from '../resources/resource-digest.js';

type Field = readonly [name: string, value: string | undefined];

/** The JSON of the parsed config, as the config digest hashes it. */
export function configJson(config: ClusterConfig): string {
  return object([
    ['version', JSON.stringify(config.version)],
    ['metadata', config.metadata && object([['name', JSON.stringify(config.metadata.name)]])],
    ['storage', optionalString(config.storage)],
    ['state', config.state && stateJson(config.state)],
    ['providers', config.providers && providersJson(config.providers)],
    ['graphs', config.graphs && map(config.graphs, graphJson)],
    ['policies', config.policies && map(config.policies, policyJson)],
  ]);
}

/**
 * The JSON of an embedding profile, `{"kind",…,"base_url","model","api_key"}`, as the provider
 * digest hashes it and the state ledger records it.
 */
export function embeddingProfileJson(profile: EmbeddingProfile): string {
  return object([
    ['kind', JSON.stringify(profile.kind)],
    ['base_url', optionalString(profile.base_url)],
    ['model', optionalString(profile.model)],
    ['api_key', optionalString(profile.api_key)],
  ]);
}

function stateJson(state: StateConfig): string {
  return object([
    ['backend', optionalString(state.backend)],
    ['lock', JSON.stringify(state.lock)],
  ]);
}

function providersJson(providers: NonNullable<ClusterConfig['providers']>): string {
  return object([
    ['embedding', providers.embedding && map(providers.embedding, embeddingProfileJson)],
  ]);
}

function graphJson(graph: GraphConfig): string {
  return object([
    ['schema', JSON.stringify(graph.schema)],
    ['queries', graph.queries === undefined ? undefined : queriesJson(graph.queries)],
    ['embedding_provider', optionalString(graph.embedding_provider)],
    ['external_blobs', graph.external_blobs && externalBlobsJson(graph.external_blobs)],
  ]);
}

function queriesJson(queries: QueriesConfig): string {
  if (typeof queries === 'string' || Array.isArray(queries)) return JSON.stringify(queries);
  return map(queries as Readonly<Record<string, { readonly file: string }>>, (entry) =>
    object([['file', JSON.stringify(entry.file)]]),
  );
}

function externalBlobsJson(blobs: ExternalBlobsConfig): string {
  const allow = blobs.allow?.map((entry) =>
    object([
      ['base', JSON.stringify(entry.base)],
      ['scope', JSON.stringify(entry.scope)],
    ]),
  );
  return object([['allow', allow && `[${allow.join(',')}]`]]);
}

function policyJson(policy: PolicyConfig): string {
  return object([
    ['file', JSON.stringify(policy.file)],
    ['applies_to', JSON.stringify(policy.applies_to)],
  ]);
}

function optionalString(value: string | undefined): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

/** `{"name":value,…}` of the fields present, in the order given. */
function object(fields: readonly Field[]): string {
  const present = fields.filter(
    (field): field is readonly [string, string] => field[1] !== undefined,
  );
  return `{${present.map(([name, value]) => `${JSON.stringify(name)}:${value}`).join(',')}}`;
}

/** A map's JSON with its keys sorted. */
function map<T>(entries: Readonly<Record<string, T>>, valueJson: (value: T) => string): string {
  const keys = Object.keys(entries).sort(compareText);
  return object(keys.map((key) => [key, valueJson(entries[key] as T)]));
}
