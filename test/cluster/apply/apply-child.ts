// Child process of the crash and concurrency tests: runs one `applyCluster` on a config
// directory with the environment's settings (failpoints included) and prints its outcome.
import { settingsFromEnv } from '../../../src/api/index.js';
import { applyCluster } from '../../../src/cluster/index.js';

const [configDir] = process.argv.slice(2);
if (!configDir) throw new Error('usage: apply-child <config dir>');
// With --wait the child loads everything, says `ready`, and applies on a line of stdin, so that
// two children can be released at the same moment.
if (process.argv.includes('--wait')) {
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.pause();
}
const output = await applyCluster({
  configDir,
  settings: settingsFromEnv(process.env),
  actor: 'child',
});
process.stdout.write(
  JSON.stringify({
    ok: output.ok,
    converged: output.converged,
    applied: output.applied_count,
    codes: output.diagnostics.map((d) => d.code),
  }),
);
