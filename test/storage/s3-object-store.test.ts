import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openObjectStore, S3ObjectStore } from '../../src/storage/index.js';
import { isOmniError } from '../../src/util/index.js';
import { testSettings, freshS3Uri, S3_SKIP_REASON, S3_TEST_BUCKET } from '../helpers/s3-env.js';
import { objectStoreContract } from './object-store-contract.js';

const run = promisify(execFile);

if (S3_TEST_BUCKET) {
  objectStoreContract('s3', () =>
    Promise.resolve(openObjectStore(freshS3Uri('store'), testSettings().s3)),
  );

  describe('S3ObjectStore specifics', () => {
    it('reports a missing bucket as a configuration error', async () => {
      const store = new S3ObjectStore('omnigraph-no-such-bucket-x', 'p', testSettings().s3);
      const error = await store.get('k').catch((e: unknown) => e);
      expect(isOmniError(error, 'configuration')).toBe(true);
      expect((error as Error).message).toContain(
        "bucket 'omnigraph-no-such-bucket-x' does not exist",
      );
    });

    it('reports bad credentials from the environment as a configuration error', async () => {
      const child = path.join(import.meta.dirname, 's3-head-child.ts');
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', child, freshS3Uri('creds')],
        {
          env: {
            ...process.env,
            AWS_ACCESS_KEY_ID: 'WRONGKEY',
            AWS_SECRET_ACCESS_KEY: 'wrongsecret',
          },
        },
      );
      expect(JSON.parse(stdout)).toMatchObject({ code: 'configuration' });
    });
  });
} else {
  describe('S3 suites', () => {
    it.skip(S3_SKIP_REASON, () => undefined);
  });
}
