import { describe, it } from 'vitest';
import { freshS3Uri, S3_SKIP_REASON, S3_TEST_BUCKET } from '../helpers/s3-env.js';
import { searchSuite } from './search-suite.js';

if (S3_TEST_BUCKET) {
  searchSuite('S3', () => Promise.resolve(freshS3Uri('search')));
} else {
  describe('searchSuite (S3)', () => {
    it.skip(S3_SKIP_REASON, () => undefined);
  });
}
