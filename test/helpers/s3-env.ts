import { randomBytes } from 'node:crypto';
import {
  resolveSettings,
  settingsFromEnv,
  type OmnigraphSettings,
  type SettingsInput,
} from '../../src/api/index.js';

/**
 * The S3 bucket the S3 suites run against, from `S3_BUCKET` (written by
 * scripts/ceph-s3/start.sh into its env.sh), or undefined when no S3 server is configured.
 */
export const S3_TEST_BUCKET: string | undefined = process.env.S3_BUCKET || undefined;

/** Why the S3 suites are skipped, for the skip message. */
export const S3_SKIP_REASON =
  'S3 suites skipped: S3_BUCKET is not set. Boot one with scripts/ceph-s3/start.sh and ' +
  '`source /tmp/og-ceph/env.sh`, or run .ci/run.';

/** A fresh, unique `s3://` root for one test. */
export function freshS3Uri(label: string): string {
  if (!S3_TEST_BUCKET) throw new Error(S3_SKIP_REASON);
  return `s3://${S3_TEST_BUCKET}/test-${label}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/**
 * Settings for a test graph: this process's environment as the CLI and the server read it (the
 * S3 endpoint of the test server), with `overrides` merged in section by section.
 */
export function testSettings(overrides: SettingsInput = {}): OmnigraphSettings {
  const base = settingsFromEnv(process.env);
  return resolveSettings({
    writer: { ...base.writer, ...overrides.writer },
    cache: { ...base.cache, ...overrides.cache },
    traversal: { ...base.traversal, ...overrides.traversal },
    search: { ...base.search, ...overrides.search },
    // A different provider starts from its own defaults, not the environment's provider's.
    embedding:
      overrides.embedding?.provider === undefined
        ? { ...base.embedding, ...overrides.embedding }
        : overrides.embedding,
    s3: { ...base.s3, ...overrides.s3 },
    limits: { ...base.limits, ...overrides.limits },
    failpoints: overrides.failpoints ?? base.failpoints,
  });
}
