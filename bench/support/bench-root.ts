import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CountingProxy } from './counting-proxy.js';

/** Where a benchmark puts its graph, the request counter on S3, and how to clean up. */
export interface BenchRoot {
  readonly root: string;
  /** Counts object-store requests (S3 only: every request goes through it). */
  readonly proxy: CountingProxy | undefined;
  readonly cleanup: () => Promise<void>;
}

/**
 * A fresh graph root for benchmark `label`: a temporary local directory, or with `s3` a fresh
 * prefix of `S3_BUCKET` reached through a counting proxy in front of `AWS_ENDPOINT`.
 */
export async function benchRoot(label: string, s3: boolean): Promise<BenchRoot> {
  if (!s3) {
    const dir = await mkdtemp(path.join(tmpdir(), `og-bench-${label}-`));
    return {
      root: path.join(dir, 'graph'),
      proxy: undefined,
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const bucket = process.env.S3_BUCKET;
  const endpoint = process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT;
  if (!bucket || !endpoint)
    throw new Error('--s3 needs S3_BUCKET and AWS_ENDPOINT in the environment');
  const { proxy, url } = await CountingProxy.start(endpoint);
  process.env.AWS_ENDPOINT_URL_S3 = url;
  const suffix = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  return { root: `s3://${bucket}/bench-${label}-${suffix}`, proxy, cleanup: () => proxy.stop() };
}
