// Child process of the maintenance failpoint tests.
//   optimize <uri>          optimize; prints its result as JSON
//   cleanup <uri> <keep>    cleanup --keep <keep> --confirm; prints its result as JSON
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { testSettings } from '../helpers/s3-env.js';

const [action, uri, keep] = process.argv.slice(2);
if (!action || !uri) throw new Error('usage: maintenance-child <optimize|cleanup> <uri> [keep]');
const graph = await Omnigraph.open(uri, { settings: testSettings() });
const result =
  action === 'optimize'
    ? await graph.optimize()
    : await graph.cleanup({ keep_versions: Number(keep ?? '1'), confirm: true });
process.stdout.write(`${JSON.stringify(result)}\n`);
await graph.close();
