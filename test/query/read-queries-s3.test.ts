import { describe, it } from 'vitest';
import { freshS3Uri, S3_SKIP_REASON, S3_TEST_BUCKET } from '../helpers/s3-env.js';
import { readQuerySuite } from './read-suite.js';

if (S3_TEST_BUCKET) {
  readQuerySuite('S3', () => Promise.resolve(freshS3Uri('query')));
} else {
  describe('readQuerySuite (S3)', () => {
    it.skip(S3_SKIP_REASON, () => undefined);
  });
}
