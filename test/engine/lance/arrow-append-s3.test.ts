import { describe, it } from 'vitest';
import { freshS3Uri, S3_SKIP_REASON, S3_TEST_BUCKET } from '../../helpers/s3-env.js';
import { arrowAppendSuite } from './arrow-append-suite.js';

if (S3_TEST_BUCKET) {
  arrowAppendSuite('S3', () => Promise.resolve(freshS3Uri('arrow-append')));
} else {
  describe('Arrow scan and append (S3)', () => {
    it.skip(S3_SKIP_REASON, () => undefined);
  });
}
