import type { EmbeddingProviderName } from '../../api/index.js';

/**
 * `cluster.yaml` as parsed and checked, with YAML names. Absent optional fields stay absent;
 * fields with a documented default carry it (`state.lock`, a provider's `kind`); the `provider`
 * alias is written as `kind`. This is what the config digest hashes (see `config-json.ts`).
 */
export interface ClusterConfig {
  readonly version: 1;
  readonly metadata?: { readonly name: string };
  readonly storage?: string;
  readonly state?: StateConfig;
  readonly providers?: { readonly embedding?: Readonly<Record<string, EmbeddingProfile>> };
  readonly graphs?: Readonly<Record<string, GraphConfig>>;
  readonly policies?: Readonly<Record<string, PolicyConfig>>;
}

/** `state` */
export interface StateConfig {
  readonly backend?: 'cluster';
  /** Default true. */
  readonly lock: boolean;
}

/**
 * An embedding provider profile. `api_key` is a `${ENV_VAR}` reference, never a secret: servers
 * resolve it at boot, and validate/plan/apply never need it.
 */
export interface EmbeddingProfile {
  readonly kind: EmbeddingProviderName;
  readonly base_url?: string;
  readonly model?: string;
  readonly api_key?: string;
}

/** `graphs.<id>` */
export interface GraphConfig {
  readonly schema: string;
  readonly queries?: QueriesConfig;
  readonly embedding_provider?: string;
  readonly external_blobs?: ExternalBlobsConfig;
}

/** A directory of `.gq` files, a list of files, or a map of query name → its file. */
export type QueriesConfig =
  string | readonly string[] | Readonly<Record<string, { readonly file: string }>>;

/** `graphs.<id>.external_blobs`, as written. */
export interface ExternalBlobsConfig {
  readonly allow?: readonly { readonly base: string; readonly scope: string }[];
}

/** `policies.<name>` */
export interface PolicyConfig {
  readonly file: string;
  readonly applies_to: readonly string[];
}
