// Child process of the lock contention test: tries to take the state lock once and keeps it.
import { acquireLock, isClusterError, openClusterStore } from '../../../src/cluster/index.js';
import { settingsFromEnv } from '../../../src/api/index.js';

const [root] = process.argv.slice(2);
if (!root) throw new Error('usage: lock-child <storage root>');
const store = openClusterStore(root, { s3: settingsFromEnv(process.env).s3 });
try {
  const lock = await acquireLock(store, 'apply');
  process.stdout.write(JSON.stringify({ acquired: lock.lock_id }));
} catch (error) {
  if (!isClusterError(error)) throw error;
  process.stdout.write(JSON.stringify({ code: error.diagnostic.code, message: error.message }));
}
