// Child process of the mutation crash tests: runs one mutation and prints its result as JSON.
//   mutate-child <uri> <source-file> <name> <params-json>
import { readFile } from 'node:fs/promises';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { testSettings } from '../helpers/s3-env.js';

const [uri, file, name, params] = process.argv.slice(2);
if (!uri || !file || !name || !params)
  throw new Error('usage: mutate-child <uri> <file> <name> <params>');
const graph = await Omnigraph.open(uri, { settings: testSettings() });
const result = await graph.mutate({
  query: await readFile(file, 'utf8'),
  name,
  params: JSON.parse(params) as Record<string, unknown>,
});
process.stdout.write(`${JSON.stringify(result)}\n`);
await graph.close();
