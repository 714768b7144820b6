import path from 'node:path';
import { DEFAULT_SETTINGS, type S3Settings } from '../../api/settings.js';
import { objectStoreFor } from '../../storage/open-object-store.js';
import type { ObjectStore } from '../../storage/object-store.js';
import { OmniError } from '../../util/omni-error.js';
import { formatStoreUri, parseStoreUri } from '../../util/store-uri.js';
import { LanceTables } from '../lance/index.js';
import { TABLES_DIR } from './graph-layout.js';

/** A graph root opened for use: our metadata store and the Lance tables beside it. */
export interface GraphRoot {
  /** Canonical URI (`file:///abs/path` or `s3://bucket/prefix`). */
  readonly uri: string;
  readonly store: ObjectStore;
  readonly tables: LanceTables;
}

/** Where a graph root is, before anything is connected: its metadata store and Lance's root. */
export interface GraphLocation {
  readonly uri: string;
  readonly store: ObjectStore;
  /** The directory or S3 prefix Lance connects to. */
  readonly tablesUri: string;
  /** How to reach S3 (for `s3://` roots). */
  readonly s3: S3Settings;
}

/**
 * Resolves `uri` (a path, `file://` or `s3://`) without touching storage. Lance needs a
 * directory or an S3 prefix, so `memory://` roots are refused.
 */
export function locateGraphRoot(
  uri: string,
  options: { readonly cwd?: string; readonly s3?: S3Settings } = {},
): GraphLocation {
  const s3 = options.s3 ?? DEFAULT_SETTINGS.s3;
  const location = parseStoreUri(uri, options.cwd);
  let tablesUri: string;
  switch (location.kind) {
    case 'file':
      tablesUri = path.join(location.path, TABLES_DIR);
      break;
    case 's3':
      tablesUri = `s3://${location.bucket}/${location.prefix ? `${location.prefix}/` : ''}${TABLES_DIR}`;
      break;
    case 'memory':
      throw new OmniError(
        'invalid_uri',
        `graphs cannot live at ${uri}: use a directory path or s3://bucket/prefix`,
      );
  }
  return {
    uri: formatStoreUri(location),
    store: objectStoreFor(location, s3),
    tablesUri,
    s3,
  };
}

/**
 * Connects Lance to a located root. Connecting creates the tables directory on local disk, so
 * callers check first that the root holds (or may receive) a graph.
 */
export async function connectGraphRoot(location: GraphLocation): Promise<GraphRoot> {
  return {
    uri: location.uri,
    store: location.store,
    tables: await LanceTables.open(location.tablesUri, { s3: location.s3 }),
  };
}
