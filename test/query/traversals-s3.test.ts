import { describe, it } from 'vitest';
import { freshS3Uri, S3_SKIP_REASON, S3_TEST_BUCKET } from '../helpers/s3-env.js';
import { traversalSuite } from './traversal-suite.js';

if (S3_TEST_BUCKET) {
  traversalSuite('S3', () => Promise.resolve(freshS3Uri('traversal')));
} else {
  describe('traversalSuite (S3)', () => {
    it.skip(S3_SKIP_REASON, () => undefined);
  });
}
