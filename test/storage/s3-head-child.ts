// Child process of the S3 credentials test: HEADs one key and prints the outcome as JSON.
import { openObjectStore } from '../../src/storage/index.js';
import { isOmniError } from '../../src/util/index.js';
import { testSettings } from '../helpers/s3-env.js';

const [uri] = process.argv.slice(2);
if (!uri) throw new Error('usage: s3-head-child <s3-uri>');
try {
  await openObjectStore(uri, testSettings().s3).head('probe');
  console.log(JSON.stringify({ code: 'ok' }));
} catch (error) {
  console.log(
    JSON.stringify({ code: isOmniError(error) ? error.code : 'foreign', message: String(error) }),
  );
}
