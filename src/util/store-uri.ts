import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OmniError } from './omni-error.js';

/** A parsed storage location: a local directory, a named in-memory store, or an S3 prefix. */
export type StoreLocation =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'memory'; readonly name: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly prefix: string };

const SUPPORTED = 'a path, file:///absolute/path, memory://name or s3://bucket/prefix';
const MAX_URI_LENGTH = 4096;
// S3 allows dots and hyphens; legacy buckets may hold uppercase and underscores.
const BUCKET_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
const MEMORY_NAME_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

function invalid(uri: string, reason: string): OmniError {
  return new OmniError(
    'invalid_uri',
    `invalid storage URI '${uri}': ${reason}; expected ${SUPPORTED}`,
    {
      details: { uri },
    },
  );
}

/**
 * Parses a storage URI. Bare paths resolve against `cwd` to an absolute path, so a location
 * never depends on where it is later used from.
 */
export function parseStoreUri(uri: string, cwd: string = process.cwd()): StoreLocation {
  if (uri.length === 0 || uri.trim().length === 0) throw invalid(uri, 'it is empty');
  if (uri.length > MAX_URI_LENGTH) throw invalid(uri.slice(0, 64) + '…', 'it is too long');
  if (uri.includes('\0')) throw invalid(uri, 'it contains a NUL byte');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(uri)?.[1];
  if (scheme === undefined) {
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri) && !uri.startsWith('./') && !path.isAbsolute(uri)) {
      throw invalid(uri, 'a scheme must be followed by //');
    }
    return { kind: 'file', path: path.resolve(cwd, uri) };
  }
  switch (scheme.toLowerCase()) {
    case 'file':
      return parseFileUri(uri);
    case 'memory':
      return parseMemoryUri(uri);
    case 's3':
      return parseS3Uri(uri);
    default:
      throw invalid(uri, `unsupported scheme '${scheme}'`);
  }
}

function parseFileUri(uri: string): StoreLocation {
  const rest = uri.slice('file://'.length);
  const host = rest.split('/')[0] ?? '';
  if (host !== '' && host !== 'localhost') {
    throw invalid(uri, `file URIs must be absolute (file:///path), not name host '${host}'`);
  }
  try {
    const filePath = fileURLToPath(host === '' ? uri : 'file://' + rest.slice(host.length));
    return { kind: 'file', path: path.resolve(filePath) };
  } catch (error) {
    throw invalid(uri, error instanceof Error ? error.message : 'unparseable');
  }
}

function parseMemoryUri(uri: string): StoreLocation {
  const name = uri.slice('memory://'.length).replace(/\/+$/, '');
  if (!MEMORY_NAME_PATTERN.test(name)) {
    throw invalid(uri, 'a memory store needs a name of letters, digits, ".", "_" or "-"');
  }
  return { kind: 'memory', name };
}

function parseS3Uri(uri: string): StoreLocation {
  const rest = uri.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  if (bucket.length === 0) throw invalid(uri, 'the bucket name is empty');
  if (!BUCKET_PATTERN.test(bucket)) throw invalid(uri, `'${bucket}' is not a valid bucket name`);
  const prefix = slash === -1 ? '' : rest.slice(slash + 1).replace(/^\/+|\/+$/g, '');
  if (prefix.split('/').some((segment) => segment === '..' || segment === '.')) {
    throw invalid(uri, 'the prefix may not contain "." or ".." segments');
  }
  if (prefix.includes('//')) throw invalid(uri, 'the prefix contains an empty segment');
  return { kind: 's3', bucket, prefix };
}

/** The canonical URI of a location: `file:///abs`, `memory://name` or `s3://bucket/prefix`. */
export function formatStoreUri(location: StoreLocation): string {
  switch (location.kind) {
    case 'file':
      return pathToFileURL(location.path).href;
    case 'memory':
      return `memory://${location.name}`;
    case 's3':
      return location.prefix
        ? `s3://${location.bucket}/${location.prefix}`
        : `s3://${location.bucket}`;
  }
}

/** True for locations on this machine's disk (bare paths and `file://`). */
export function isLocalLocation(location: StoreLocation): boolean {
  return location.kind === 'file';
}
