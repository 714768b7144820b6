import type { Catalog } from '../../compiler/index.js';
import type { PolicyBundle } from '../../policy/index.js';
import type { ResourceSet } from '../resources/resource-set.js';
import type { ClusterConfig, EmbeddingProfile } from './cluster-config.js';
import type { ExternalBlobPolicy } from './external-blob-policy.js';
import type { PolicyBinding } from './policy-declarations.js';

/**
 * The desired state of a cluster: `cluster.yaml` and every file it names, read, compiled and
 * digested. What `plan` diffs against the state ledger and `apply` converges to.
 */
export interface DesiredCluster {
  /** The config directory, absolute. */
  readonly configDir: string;
  /** `cluster.yaml`, absolute. */
  readonly configFile: string;
  readonly config: ClusterConfig;
  /** Where state, catalog and graphs live: `s3://bucket/prefix` or `file:///abs/path`. */
  readonly storageRoot: string;
  /** By id, in id order. */
  readonly graphs: ReadonlyMap<string, DesiredGraph>;
  /** By name, in name order. */
  readonly policies: ReadonlyMap<string, DesiredPolicy>;
  /** Embedding providers by name, in name order. */
  readonly providers: ReadonlyMap<string, DesiredProvider>;
  /** Every resource with its digest, and the dependencies between them. */
  readonly resources: ResourceSet;
  /** The config digest: the parsed config and every resource digest. */
  readonly configDigest: string;
}

/** The bytes of a file the configuration names, and where it is. */
export interface DesiredFile {
  /** Relative to the config directory, as cluster.yaml names it. */
  readonly file: string;
  /** Exactly as read: what the digest hashes and the catalog stores. */
  readonly bytes: Uint8Array;
  /** The bytes as UTF-8 text. */
  readonly source: string;
  /** sha256 of `bytes`, lowercase hex. */
  readonly digest: string;
}

/** `graph.<id>` */
export interface DesiredGraph {
  readonly id: string;
  readonly address: string;
  /** The composite digest: schema, queries, provider binding and blob policy. */
  readonly digest: string;
  readonly schema: DesiredSchema;
  /** In name order. */
  readonly queries: readonly DesiredQuery[];
  /** The address of the bound provider (`provider.embedding.<name>`), when one is bound. */
  readonly embeddingProvider?: string;
  /** Absent: external blobs are denied. */
  readonly externalBlobPolicy?: ExternalBlobPolicy;
}

/** `schema.<id>`: the graph's `.pg` file and its catalog. */
export interface DesiredSchema extends DesiredFile {
  readonly address: string;
  readonly catalog: Catalog;
}

/** `query.<graph>.<name>`. Its digest is its file's: a file may hold several queries. */
export interface DesiredQuery extends DesiredFile {
  readonly address: string;
  readonly graph: string;
  readonly name: string;
}

/** `policy.<name>`: a policy bundle file and what it applies to. */
export interface DesiredPolicy extends DesiredFile {
  readonly address: string;
  readonly name: string;
  readonly bundle: PolicyBundle;
  /** `cluster`, or `graph.<id>` per graph; sorted. */
  readonly bindings: readonly PolicyBinding[];
}

/** `provider.embedding.<name>` */
export interface DesiredProvider {
  readonly address: string;
  readonly name: string;
  readonly profile: EmbeddingProfile;
  readonly digest: string;
}
