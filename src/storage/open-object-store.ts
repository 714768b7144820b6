import { DEFAULT_SETTINGS, type S3Settings } from '../api/settings.js';
import { parseStoreUri, type StoreLocation } from '../util/store-uri.js';
import { assertNever } from '../util/assert-never.js';
import { FileObjectStore } from './file-object-store.js';
import { MemoryObjectStore } from './memory-object-store.js';
import type { ObjectStore } from './object-store.js';
import { S3ObjectStore } from './s3-object-store.js';

/** Opens the store of a parsed location; `s3` says how to reach S3 (defaults: AWS, us-east-1). */
export function objectStoreFor(
  location: StoreLocation,
  s3: S3Settings = DEFAULT_SETTINGS.s3,
): ObjectStore {
  switch (location.kind) {
    case 'file':
      return new FileObjectStore(location.path);
    case 'memory':
      return new MemoryObjectStore(location.name);
    case 's3':
      return new S3ObjectStore(location.bucket, location.prefix, s3);
    default:
      return assertNever(location, 'store location');
  }
}

/**
 * Opens the object store at a URI: a bare path or `file://` (local directory), `memory://name`
 * or `s3://bucket/prefix` (reached as `s3` says; credentials from the `AWS_*` environment).
 *
 * @example
 * const store = openObjectStore('s3://my-bucket/graphs/people');
 * const etag = await store.put('state.json', bytes, PutModes.create);
 */
export function openObjectStore(uri: string, s3?: S3Settings): ObjectStore {
  return objectStoreFor(parseStoreUri(uri), s3);
}
