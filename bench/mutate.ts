// Mutation benchmark: `npm run bench -- mutate [--s3] [--json] [--commits N]`. On the fixture
// graph (test.pg + test.jsonl), runs single-row mutations (a keyed insert and an update, each
// its own commit) and prints commit latency p50/p95 and, with --s3, object-store requests per
// single-row mutation commit (through the counting proxy).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Omnigraph } from '../src/engine/omnigraph.js';
import { benchArgs, median } from './support/bench-args.js';
import { benchRoot } from './support/bench-root.js';
import { countsBetween } from './support/counting-proxy.js';
import { settingsFromEnv } from '../src/api/index.js';

const args = benchArgs(process.argv.slice(2));
const useS3 = args.flag('s3');
const COMMITS = Number(args.value('commits') ?? 50);
const FIXTURES = path.join(import.meta.dirname, '..', 'test', 'fixtures');
const MUTATIONS = `
query insert_person($name: String, $age: I32) { insert Person { name: $name, age: $age } }
query set_age($name: String, $age: I32) { update Person set { age: $age } where name = $name }
`;
const log = (message: string) => process.stderr.write(`[bench mutate] ${message}\n`);

/** The value below which `p` percent of the samples fall (nearest rank). */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const { root, proxy, cleanup } = await benchRoot('mutate', useS3);

const graph = await Omnigraph.init(root, await readFile(path.join(FIXTURES, 'test.pg'), 'utf8'), {
  settings: settingsFromEnv(process.env),
});
await graph.load({ data: { path: path.join(FIXTURES, 'test.jsonl') }, mode: 'overwrite' });
log(`fixture graph at ${graph.uri}; ${COMMITS} single-row mutations`);
// Warm-up: compile cache, table handles.
await graph.mutate({ query: MUTATIONS, name: 'set_age', params: { name: 'Alice', age: 1 } });

const latencies: number[] = [];
const proxyBefore = proxy?.snapshot();
for (let i = 0; i < COMMITS; i += 1) {
  const [name, params] =
    i % 2 === 0
      ? ['insert_person', { name: `Bench ${i}`, age: 20 }]
      : ['set_age', { name: 'Alice', age: 100 + i }];
  const start = performance.now();
  const result = await graph.mutate({ query: MUTATIONS, name, params });
  latencies.push(performance.now() - start);
  if (result.commit === null) throw new Error(`mutation ${i} published no commit`);
}
const requests = proxy && proxyBefore ? countsBetween(proxyBefore, proxy.snapshot()) : undefined;
await graph.close();

const report = {
  storage: useS3 ? 's3' : 'local',
  single_row_mutation_commits: latencies.length,
  single_row_mutation_p50_ms: Number(median(latencies).toFixed(1)),
  single_row_mutation_p95_ms: Number(percentile(latencies, 95).toFixed(1)),
  ...(requests
    ? {
        s3_requests_per_single_row_mutation: Number((requests.total / latencies.length).toFixed(1)),
        s3_requests_by_method: requests.byMethod,
      }
    : {}),
};
console.log(args.flag('json') ? JSON.stringify(report) : JSON.stringify(report, null, 2));
await cleanup();
