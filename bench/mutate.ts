// Mutation benchmark: `npm run bench -- mutate [--s3] [--json] [--commits N]`. On the fixture
// graph (test.pg + test.jsonl), runs N single-row mutations alternating a keyed insert and an
// update (each its own commit), then N inserts only; prints commit latency p50/p95, per kind,
// and for the first and last quarter of the inserts; then, on the agent context fixture
// (context.pg), N traces recorded by an actor (@card) and N actors with a @unique email, first
// and last quarter. With --s3, object-store requests per commit (through the counting proxy).
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

type Kind = 'insert' | 'update';

/** One single-row mutation: its latency and, on S3, its object-store requests. */
interface Sample {
  readonly kind: Kind;
  readonly ms: number;
  readonly requests: number;
}

async function mutation(kind: Kind, i: number): Promise<Sample> {
  const [name, params] =
    kind === 'insert'
      ? ['insert_person', { name: `Bench ${i}`, age: 20 }]
      : ['set_age', { name: 'Alice', age: 100 + i }];
  const window = proxy?.window();
  const start = performance.now();
  const result = await graph.mutate({ query: MUTATIONS, name, params });
  const ms = performance.now() - start;
  if (result.commit === null) throw new Error(`mutation ${i} published no commit`);
  return { kind, ms, requests: (await window?.close())?.total ?? 0 };
}

const mixed: Sample[] = [];
const proxyBefore = await proxy?.snapshot();
for (let i = 0; i < COMMITS; i += 1)
  mixed.push(await mutation(i % 2 === 0 ? 'insert' : 'update', i));
const requests =
  proxy && proxyBefore ? countsBetween(proxyBefore, await proxy.snapshot()) : undefined;
// Inserts only, as a graph that takes facts sees them: each adds a fragment to the table, so the
// last quarter shows whether a commit's cost grows with the commits before it.
const inserts: Sample[] = [];
for (let i = 0; i < COMMITS; i += 1) inserts.push(await mutation('insert', COMMITS + i));
await graph.close();

// The agent context graph: recording a trace checks its recorder's @card(1..1), and a new
// actor's email its @unique, against the rows committed before.
const CONTEXT_MUTATIONS = `
query actor($slug: String, $email: String) { insert Actor { slug: $slug, name: $slug, email: $email } }
query trace($slug: String, $by: String, $at: Date) {
  insert Trace { slug: $slug, title: "trace", kind: "note", recorded_at: $at }
  insert RecordedBy { from: $slug, to: $by }
}
`;
const context = await Omnigraph.init(
  `${root}-context`,
  await readFile(path.join(FIXTURES, 'context.pg'), 'utf8'),
  { settings: settingsFromEnv(process.env) },
);
await context.load({ data: { path: path.join(FIXTURES, 'context.jsonl') }, mode: 'overwrite' });
async function contextMutation(name: string, params: Record<string, unknown>): Promise<number> {
  const start = performance.now();
  await context.mutate({ query: CONTEXT_MUTATIONS, name, params });
  return performance.now() - start;
}
const traces: number[] = [];
const actors: number[] = [];
for (let i = 0; i < COMMITS; i += 1) {
  const trace = { slug: `bench-trace-${i}`, by: 'owner', at: '2026-01-01' };
  traces.push(await contextMutation('trace', trace));
  actors.push(await contextMutation('actor', { slug: `bench-actor-${i}`, email: `a${i}@x.org` }));
}
await context.close();

const round = (value: number) => Number(value.toFixed(1));
const msOf = (samples: readonly Sample[]) => samples.map((sample) => sample.ms);
const ofKind = (kind: Kind) => mixed.filter((sample) => sample.kind === kind);
const requestsPer = (samples: readonly Sample[]) =>
  round(samples.reduce((sum, sample) => sum + sample.requests, 0) / samples.length);
const quarter = Math.max(1, Math.floor(COMMITS / 4));
const report = {
  storage: useS3 ? 's3' : 'local',
  single_row_mutation_commits: mixed.length,
  single_row_mutation_p50_ms: round(median(msOf(mixed))),
  single_row_mutation_p95_ms: round(percentile(msOf(mixed), 95)),
  insert_p50_ms: round(median(msOf(ofKind('insert')))),
  update_p50_ms: round(median(msOf(ofKind('update')))),
  inserts_only_first_quarter_p50_ms: round(median(msOf(inserts.slice(0, quarter)))),
  inserts_only_last_quarter_p50_ms: round(median(msOf(inserts.slice(-quarter)))),
  context_trace_first_quarter_p50_ms: round(median(traces.slice(0, quarter))),
  context_trace_last_quarter_p50_ms: round(median(traces.slice(-quarter))),
  context_actor_first_quarter_p50_ms: round(median(actors.slice(0, quarter))),
  context_actor_last_quarter_p50_ms: round(median(actors.slice(-quarter))),
  ...(requests
    ? {
        s3_requests_per_single_row_mutation: round(requests.total / mixed.length),
        s3_requests_by_method: requests.byMethod,
        s3_requests_per_insert: requestsPer(ofKind('insert')),
        s3_requests_per_update: requestsPer(ofKind('update')),
        s3_requests_per_insert_inserts_only_last_quarter: requestsPer(inserts.slice(-quarter)),
      }
    : {}),
};
console.log(args.flag('json') ? JSON.stringify(report) : JSON.stringify(report, null, 2));
await cleanup();
