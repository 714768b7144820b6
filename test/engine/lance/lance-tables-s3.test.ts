import { describe, it } from 'vitest';
import { freshS3Uri, S3_SKIP_REASON, S3_TEST_BUCKET } from '../../helpers/s3-env.js';
import { lanceTableSuite } from './table-suite.js';

if (S3_TEST_BUCKET) {
  lanceTableSuite('S3', () => Promise.resolve(freshS3Uri('lance')));
} else {
  describe('LanceTables (S3)', () => {
    it.skip(S3_SKIP_REASON, () => undefined);
  });
}
