// Child process of the merge crash-recovery tests:
//   merge <uri> <source> <target>   one merge; prints its result as JSON
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { isOmniError } from '../../src/util/index.js';
import { testSettings } from '../helpers/s3-env.js';

const [action, uri, source, target] = process.argv.slice(2);
if (action !== 'merge' || !uri || !source || !target)
  throw new Error('usage: merge-child merge <uri> <source> <target>');

try {
  const graph = await Omnigraph.open(uri, { settings: testSettings() });
  const result = await graph.mergeBranch({ source, target });
  process.stdout.write(`${JSON.stringify({ recovered: graph.recovered, result })}\n`);
  await graph.close();
} catch (error) {
  const code = isOmniError(error) ? error.code : 'crash';
  process.stdout.write(
    `${JSON.stringify({ error: { code, message: (error as Error).message } })}\n`,
  );
  process.exitCode = 3;
}
