#!/usr/bin/env node
// Runs the test suite. The S3 suites need an S3 server (S3_BUCKET and AWS_* in the environment,
// as scripts/ceph-s3/start.sh writes them); without one they are skipped and this says so.
// With OMNIGRAPH_REQUIRE_S3=1 (set by .ci/run) a missing S3 environment is an error instead.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hasS3 = Boolean(process.env.S3_BUCKET);
if (!hasS3) {
  const why =
    'S3_BUCKET is not set (boot a server with scripts/ceph-s3/start.sh, then `source /tmp/og-ceph/env.sh`)';
  if (process.env.OMNIGRAPH_REQUIRE_S3 === '1') {
    console.error(`error: the S3 suites are required here but ${why}`);
    process.exit(1);
  }
  console.warn(`note: S3 suites will be SKIPPED: ${why}`);
}
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
const result = spawnSync(process.execPath, [vitest, 'run', ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
if (!hasS3) console.warn('note: S3 suites were SKIPPED (S3_BUCKET not set); CI runs them.');
process.exit(result.status ?? 1);
