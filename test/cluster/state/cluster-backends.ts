import { describe, expect, it } from 'vitest';
import {
  ClusterStore,
  isClusterError,
  openClusterStore,
  type ClusterError,
  type ClusterLocation,
} from '../../../src/cluster/index.js';
import type { DiagnosticCode } from '../../../src/cluster/diagnostic.js';
import { OmniError, parseStoreUri } from '../../../src/util/index.js';
import { freshS3Uri, S3_SKIP_REASON, S3_TEST_BUCKET, testSettings } from '../../helpers/s3-env.js';
import { freshTempDir } from '../../helpers/temp-dir.js';

/** A place to keep a cluster: every state test runs once per backend. */
export interface Backend {
  readonly name: string;
  /** A fresh, empty storage root. */
  root(label: string): Promise<string>;
}

const FILE: Backend = { name: 'file', root: (label) => freshTempDir(`cluster-${label}`) };
const S3: Backend = {
  name: 's3',
  root: (label) => Promise.resolve(freshS3Uri(`cluster-${label}`)),
};

/**
 * Declares the suite `body` once per backend: the file backend always, S3 when an S3 server is
 * configured (`source /tmp/og-ceph/env.sh`), else a skipped case saying why.
 */
export function describeBackends(title: string, body: (backend: Backend) => void): void {
  describe(`${title} on file`, () => {
    body(FILE);
  });
  describe(`${title} on s3`, () => {
    if (S3_TEST_BUCKET) body(S3);
    else it.skip(S3_SKIP_REASON, () => undefined);
  });
}

/** Opens the cluster store at `root` with the test environment's S3 settings. */
export function openTestStore(root: string): ClusterStore {
  return openClusterStore(root, { s3: testSettings().s3 });
}

/** Object store methods a {@link faultyStore} can make fail. */
export type FaultyMethod = 'get' | 'put' | 'list' | 'delete';

/**
 * The cluster store at `root` whose object store fails `methods` (for keys starting with
 * `prefix`) with a `transient` error, as a storage outage would.
 */
export function faultyStore(
  root: string,
  methods: readonly FaultyMethod[],
  prefix = '',
): ClusterStore {
  const objects = openTestStore(root).objects;
  const failing = new Proxy(objects, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (key: string, ...rest: unknown[]) => {
        if (methods.includes(property as FaultyMethod) && key.startsWith(prefix)) {
          return Promise.reject(new OmniError('transient', `injected ${String(property)} failure`));
        }
        return (value as (...args: unknown[]) => unknown).apply(target, [key, ...rest]);
      };
    },
  });
  return new ClusterStore(failing, parseStoreUri(root) as ClusterLocation);
}

/** Expects `error` to be a ClusterError with `code`, and returns it. */
export function checkClusterError(error: unknown, code: DiagnosticCode): ClusterError {
  expect(isClusterError(error), `expected ClusterError ${code}, got ${String(error)}`).toBe(true);
  const clusterError = error as ClusterError;
  expect(clusterError.diagnostic.code).toBe(code);
  expect(clusterError.diagnostic.severity).toBe('error');
  return clusterError;
}

/** Awaits `promise`, expecting a ClusterError with `code`, and returns it. */
export async function expectClusterError(
  promise: Promise<unknown>,
  code: DiagnosticCode,
): Promise<ClusterError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return checkClusterError(error, code);
}

/** UTF-8 bytes of `text`. */
export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** `text` of UTF-8 bytes. */
export function textOf(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}
