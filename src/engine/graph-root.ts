import path from 'node:path';
import { objectStoreFor } from '../storage/open-object-store.js';
import type { ObjectStore } from '../storage/object-store.js';
import { OmniError } from '../util/omni-error.js';
import { formatStoreUri, parseStoreUri } from '../util/store-uri.js';
import { LanceTables } from './lance/lance-tables.js';
import { TABLES_DIR } from './graph-layout.js';

/** A graph root opened for use: our metadata store and the Lance tables beside it. */
export interface GraphRoot {
  /** Canonical URI (`file:///abs/path` or `s3://bucket/prefix`). */
  readonly uri: string;
  readonly store: ObjectStore;
  readonly tables: LanceTables;
}

/**
 * Opens the root at `uri` (a path, `file://` or `s3://`). Lance needs a directory or an S3
 * prefix, so `memory://` roots are refused.
 */
export async function openGraphRoot(uri: string, cwd?: string): Promise<GraphRoot> {
  const location = parseStoreUri(uri, cwd);
  let tablesRoot: string;
  switch (location.kind) {
    case 'file':
      tablesRoot = path.join(location.path, TABLES_DIR);
      break;
    case 's3':
      tablesRoot = `s3://${location.bucket}/${location.prefix ? `${location.prefix}/` : ''}${TABLES_DIR}`;
      break;
    case 'memory':
      throw new OmniError(
        'invalid_uri',
        `graphs cannot live at ${uri}: use a directory path or s3://bucket/prefix`,
      );
  }
  return {
    uri: formatStoreUri(location),
    store: objectStoreFor(location),
    tables: await LanceTables.open(tablesRoot),
  };
}
