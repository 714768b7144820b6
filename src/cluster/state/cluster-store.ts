import path from 'node:path';
import type { S3Settings } from '../../api/settings.js';
import type { ObjectStore } from '../../storage/object-store.js';
import { objectStoreFor } from '../../storage/open-object-store.js';
import { isOmniError, messageOf } from '../../util/omni-error.js';
import { formatStoreUri, parseStoreUri, type StoreLocation } from '../../util/store-uri.js';
import { clusterError } from './cluster-error.js';
import { graphRootPrefix } from './cluster-keys.js';

/** Where a cluster stores things: a local directory or an S3 prefix. */
export type ClusterLocation = Extract<StoreLocation, { kind: 'file' } | { kind: 's3' }>;

/** Options of {@link openClusterStore}. */
export interface OpenClusterStoreOptions {
  /** How to reach S3 (endpoint, region, timeouts); credentials always come from `AWS_*`. */
  readonly s3?: S3Settings;
  /** Directory a relative path resolves against (the config directory); default the cwd. */
  readonly cwd?: string;
}

/**
 * The one door to everything the control plane stores under a storage root: the ledger, the
 * lock, the content-addressed catalog, recovery sidecars, approval artifacts and the derived
 * graph roots. Every read and write of the cluster goes through its object store, so a local
 * directory and an S3 prefix behave alike (conditional puts carry the ledger CAS and the lock).
 */
export class ClusterStore {
  /** Canonical URI of the storage root (`file:///…` or `s3://bucket/prefix`). */
  readonly uri: string;
  /** The object store on the root; keys are those of `cluster-keys.ts`. */
  readonly objects: ObjectStore;
  readonly #location: ClusterLocation;

  constructor(objects: ObjectStore, location: ClusterLocation) {
    this.objects = objects;
    this.#location = location;
    this.uri = formatStoreUri(location);
  }

  /**
   * Where `key` lives, for people: an absolute path on disk, or its `s3://` URI.
   *
   * @example
   * store.displayPath('__cluster/state.json'); // '/srv/brain/__cluster/state.json'
   */
  displayPath(key: string): string {
    const child = this.#childLocation(key);
    return child.kind === 'file' ? child.path : formatStoreUri(child);
  }

  /**
   * The URI the engine opens for graph `id`: `<root>/graphs/<id>.omni` (a `file://` URI for a
   * local root, `s3://…` for an S3 root).
   */
  graphUri(id: string): string {
    return formatStoreUri(this.#childLocation(graphRootPrefix(id).slice(0, -1)));
  }

  /** True when any object exists under the derived root of graph `id`. */
  async graphRootExists(id: string): Promise<boolean> {
    const page = await this.objects.list(graphRootPrefix(id), { maxKeys: 1 });
    return page.objects.length > 0;
  }

  /** Removes every object of the derived root of graph `id`; returns how many there were. */
  deleteGraphRoot(id: string): Promise<number> {
    return this.objects.deletePrefix(graphRootPrefix(id));
  }

  #childLocation(key: string): ClusterLocation {
    const location = this.#location;
    if (location.kind === 'file') {
      return { kind: 'file', path: path.join(location.path, ...key.split('/')) };
    }
    const prefix = location.prefix === '' ? key : `${location.prefix}/${key}`;
    return { kind: 's3', bucket: location.bucket, prefix };
  }
}

/**
 * Opens the cluster store at a storage root: a path (relative to `options.cwd`), `file://…` or
 * `s3://bucket/prefix`. A root that is none of these is an `invalid_storage_root` error.
 *
 * @example
 * const store = openClusterStore('s3://assets/clusters/brain', { s3: settings.s3 });
 * const state = await readState(store);
 */
export function openClusterStore(
  root: string,
  options: OpenClusterStoreOptions = {},
): ClusterStore {
  const location = parseRoot(root, options.cwd);
  return new ClusterStore(objectStoreFor(location, options.s3), location);
}

function parseRoot(root: string, cwd: string | undefined): ClusterLocation {
  let location: StoreLocation;
  try {
    location = parseStoreUri(root, cwd);
  } catch (error) {
    if (!isOmniError(error, 'invalid_uri')) throw error;
    throw clusterError('bad_request', 'invalid_storage_root', root, messageOf(error), error);
  }
  if (location.kind === 'memory') {
    throw clusterError(
      'bad_request',
      'invalid_storage_root',
      root,
      `invalid storage root '${root}': a cluster is stored in a directory or under s3://bucket/prefix`,
    );
  }
  return location;
}
