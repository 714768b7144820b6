// Runs read queries against a graph in a child process (for tests that bound its heap): opens
// the graph at argv[2] with the settings of the environment, runs each query of argv[3…] in turn
// and prints one JSON line per query: `{rows}` or `{error: {code, details}}`.
import { settingsFromEnv } from '../../src/api/index.js';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { OmniError } from '../../src/util/omni-error.js';

const [root, ...queries] = process.argv.slice(2);
if (root === undefined) throw new Error('usage: streaming-child.ts <graph root> <query>…');
const graph = await Omnigraph.open(root, { settings: settingsFromEnv(process.env) });
for (const query of queries) {
  try {
    const result = await graph.query({ query });
    console.log(JSON.stringify({ rows: result.rows }));
  } catch (error) {
    if (!(error instanceof OmniError)) throw error;
    console.log(JSON.stringify({ error: { code: error.code, details: error.details } }));
  }
}
await graph.close();
