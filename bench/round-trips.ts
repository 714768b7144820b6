// Round-trip benchmark (S3 only): `npm run bench -- round-trips [--latency-ms N] [--rounds R]
// [--json]`. On the fixture graph (test.pg + test.jsonl) on S3 behind the counting proxy, measures
// eight writes — a single-row commit via mutate (with the writer lease idle, and right after another
// write while this process still holds it), a single-row update via mutate (lease held), a commit
// of a node and an edge via mutate (lease held), a single-row commit via load (merge), a branch
// create, a 100-row load (merge), and the fast-forward merge of a branch that a 100-row load made
// (branch and load unmeasured) — first with no added latency, then with N ms (default 20)
// added to every object-store request. For each: requests in total, serial requests (the longest
// chain of requests that did not overlap: see `serialCount` in support/counting-proxy.ts) among
// those the caller waited for, requests issued after the write returned (counted in the total),
// and wall time, as the median of R rounds (default 5) after one warm-up, with the range of the
// rounds' wall times. Each write (but the lease-held ones) starts from an idle writer lease (the
// bench waits out the lease's linger between writes), as a lone write would; the lease's release
// after the linger (with the batch delete of the published intents waiting for it) is not
// counted. The proxy serves from a worker thread, so
// its work does not share the engine's event loop. `--trace` also prints, on stderr, every
// request of each write's last round in arrival order (method, path, start and end in ms), the
// chain a protocol change has to shorten.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Omnigraph } from '../src/engine/omnigraph.js';
import { settingsFromEnv } from '../src/api/index.js';
import { benchArgs, median } from './support/bench-args.js';
import { benchRoot } from './support/bench-root.js';
import { serialCount, type CountingProxy, type RequestSpan } from './support/counting-proxy.js';

const args = benchArgs(process.argv.slice(2));
const LATENCY_MS = Number(args.value('latency-ms') ?? 20);
const ROUNDS = Number(args.value('rounds') ?? 5);
const TRACE = args.flag('trace');
if (!Number.isFinite(LATENCY_MS) || LATENCY_MS < 0 || !Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error('usage: npm run bench -- round-trips [--latency-ms N] [--rounds R] [--json]');
  process.exit(2);
}
if (!process.env.S3_BUCKET || !(process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT)) {
  console.error(
    'round-trips counts object-store requests and needs S3: set S3_BUCKET and AWS_ENDPOINT ' +
      '(for the local Ceph RGW: `source /tmp/og-ceph/env.sh`; see scripts/ceph-s3/README.md)',
  );
  process.exit(2);
}

const FIXTURES = path.join(import.meta.dirname, '..', 'test', 'fixtures');
const MUTATION = `query insert_person($name: String, $age: I32) { insert Person { name: $name, age: $age } }`;
const UPDATE = `query set_age($name: String, $age: I32) { update Person set { age: $age } where name = $name }`;
// A new person who knows Alice: one commit writing a node table and an edge table.
const JOIN = `query join($name: String) {
  insert Person { name: $name, age: 30 }
  insert Knows { from: $name, to: "Alice" }
}`;
const log = (message: string) => process.stderr.write(`[bench round-trips] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sample {
  readonly total: number;
  readonly serial: number;
  /** Requests issued after the write returned (work its caller does not wait for). */
  readonly after: number;
  readonly wallMs: number;
  readonly spans: readonly RequestSpan[];
}

interface Row {
  readonly operation: string;
  readonly latency_ms: number;
  readonly requests: number;
  readonly serial_requests: number;
  readonly after_return: number;
  readonly wall_ms: number;
  /** The fastest and slowest round's wall time: one machine's noise shows in it. */
  readonly wall_range_ms: readonly [number, number];
  readonly rounds: number;
}

/** The writes measured; `round` makes each one's names new. */
interface Operation {
  readonly name: string;
  /** Measured right after another write, while this process still holds the writer lease. */
  readonly leaseHeld?: boolean;
  /** Run first, unmeasured (before the wait for an idle lease). */
  prepare?(graph: Omnigraph, round: string): Promise<void>;
  run(graph: Omnigraph, round: string): Promise<void>;
}

async function mutateOne(graph: Omnigraph, round: string): Promise<void> {
  const result = await graph.mutate({
    query: MUTATION,
    params: { name: `Mutated ${round}`, age: 30 },
  });
  if (result.commit === null) throw new Error('the mutation published no commit');
}

/** Ages set by {@link updateOne}: each call sets a new one, so every update changes the row. */
let updates = 0;

/** Updates one person of the fixture. */
async function updateOne(graph: Omnigraph): Promise<void> {
  updates += 1;
  const result = await graph.mutate({
    query: UPDATE,
    params: { name: 'Alice', age: 1000 + updates },
  });
  if (result.commit === null) throw new Error('the update published no commit');
}

/** Inserts a person who knows Alice (two tables in one commit). */
async function joinOne(graph: Omnigraph, round: string): Promise<void> {
  const result = await graph.mutate({ query: JOIN, params: { name: `Joined ${round}` } });
  if (result.commit === null) throw new Error('the mutation published no commit');
}

const OPERATIONS: readonly Operation[] = [
  { name: 'single-row commit (mutate)', run: mutateOne },
  { name: 'single-row commit (mutate, lease held)', leaseHeld: true, run: mutateOne },
  { name: 'single-row update (mutate, lease held)', leaseHeld: true, run: updateOne },
  { name: 'node and edge commit (mutate, lease held)', leaseHeld: true, run: joinOne },
  {
    name: 'single-row commit (load merge)',
    run: async (graph, round) => {
      const line = JSON.stringify({ type: 'Person', data: { name: `Loaded ${round}`, age: 31 } });
      const result = await graph.load({ data: line, mode: 'merge' });
      if (result.commit === null) throw new Error('the load published no commit');
    },
  },
  {
    name: 'branch create',
    run: async (graph, round) => {
      await graph.createBranch({ name: `rt-${round}`, from: 'main' });
    },
  },
  {
    name: '100-row load (merge)',
    run: async (graph, round) => {
      const result = await graph.load({ data: hundredPeople(`Bulk ${round}`), mode: 'merge' });
      if (result.commit === null) throw new Error('the load published no commit');
    },
  },
  {
    name: 'fast-forward merge of a 100-row load',
    prepare: async (graph, round) => {
      await graph.createBranch({ name: `ff-${round}`, from: 'main' });
      await graph.load({
        data: hundredPeople(`Forked ${round}`),
        mode: 'merge',
        branch: `ff-${round}`,
      });
    },
    run: async (graph, round) => {
      const result = await graph.mergeBranch({ source: `ff-${round}` });
      if (result.outcome !== 'fast_forward') throw new Error(`unexpected ${result.outcome}`);
    },
  },
];

/** NDJSON of 100 new persons named `<prefix> <n>`. */
function hundredPeople(prefix: string): string {
  return Array.from({ length: 100 }, (_, i) =>
    JSON.stringify({ type: 'Person', data: { name: `${prefix} ${i}`, age: i } }),
  ).join('\n');
}

/**
 * One write: its wall time until it returned; its requests, those it issued after returning
 * included, up to `settleMs` later; and its serial requests among those it waited for (issued
 * before it returned).
 */
async function measure(
  proxy: CountingProxy,
  op: () => Promise<void>,
  settleMs: number,
): Promise<Sample> {
  const window = proxy.window();
  const start = performance.now();
  await op();
  const wallMs = performance.now() - start;
  await sleep(settleMs);
  const { total, spans } = await window.close();
  const waited = spans
    .filter((span) => span.start < wallMs)
    .map((span) => ({ start: span.start, end: span.end ?? wallMs }));
  return { total, serial: serialCount(waited), after: total - waited.length, wallMs, spans };
}

/** The fastest and slowest wall time of `samples`, to a tenth of a millisecond. */
function wallRange(samples: readonly Sample[]): [number, number] {
  const walls = samples.map((sample) => sample.wallMs);
  return [Number(Math.min(...walls).toFixed(1)), Number(Math.max(...walls).toFixed(1))];
}

/** The requests of one write, a line each: `  12.3 →  30.1 ms  PUT /bucket/key`. */
function traceLines(name: string, spans: readonly RequestSpan[]): string {
  const lines = spans.map(
    (span) =>
      `  ${span.start.toFixed(1).padStart(7)} → ${(span.end ?? span.start).toFixed(1).padStart(7)} ms  ${span.method.padEnd(6)} ${span.path}`,
  );
  return `[bench round-trips] ${name}: ${spans.length} requests\n${lines.join('\n')}\n`;
}

async function run(proxy: CountingProxy, root: string, latencyMs: number): Promise<Row[]> {
  await proxy.setLatency(0);
  const settings = settingsFromEnv(process.env);
  // Waited out between writes, so each takes the writer lease afresh.
  const idle = settings.writer.lingerMs;
  const graph = await Omnigraph.init(root, await readFile(path.join(FIXTURES, 'test.pg'), 'utf8'), {
    settings,
  });
  await graph.load({ data: { path: path.join(FIXTURES, 'test.jsonl') }, mode: 'overwrite' });
  await proxy.setLatency(latencyMs);
  log(`latency ${latencyMs} ms: ${graph.uri}`);
  const rows: Row[] = [];
  for (const [index, operation] of OPERATIONS.entries()) {
    const samples: Sample[] = [];
    for (let round = 0; round <= ROUNDS; round += 1) {
      await operation.prepare?.(graph, `${latencyMs}-${index}-${round}`);
      await sleep(idle + 100 + 2 * latencyMs);
      if (operation.leaseHeld === true) {
        await operation.run(graph, `${latencyMs}-${index}-${round}-first`);
        // Anything it issued as it returned is its own request, not the next write's.
        await sleep(10 + 2 * latencyMs);
      }
      const sample = await measure(
        proxy,
        () => operation.run(graph, `${latencyMs}-${index}-${round}`),
        50 + 4 * latencyMs,
      );
      // Round 0 warms caches (compiled queries, table handles) and is not reported.
      if (round > 0) samples.push(sample);
    }
    const last = samples.at(-1);
    if (TRACE && last !== undefined)
      process.stderr.write(traceLines(`${operation.name}, +${latencyMs} ms`, last.spans));
    rows.push({
      operation: operation.name,
      latency_ms: latencyMs,
      requests: median(samples.map((s) => s.total)),
      serial_requests: median(samples.map((s) => s.serial)),
      after_return: median(samples.map((s) => s.after)),
      wall_ms: Number(median(samples.map((s) => s.wallMs)).toFixed(1)),
      wall_range_ms: wallRange(samples),
      rounds: samples.length,
    });
  }
  await proxy.setLatency(0);
  await graph.close();
  return rows;
}

const { root, proxy, cleanup } = await benchRoot('round-trips', true);
if (!proxy) throw new Error('the S3 bench root has no counting proxy');
const rows: Row[] = [];
try {
  for (const latency of [...new Set([0, LATENCY_MS])])
    rows.push(...(await run(proxy, `${root}-l${latency}`, latency)));
} finally {
  await cleanup();
}

if (args.flag('json')) {
  console.log(JSON.stringify({ storage: 's3', rounds: ROUNDS, operations: rows }));
} else {
  const header = [
    'operation',
    'latency ms',
    'requests',
    'after return',
    'serial',
    'wall ms',
    'range ms',
  ];
  const table = rows.map((r) => [
    r.operation,
    String(r.latency_ms),
    String(r.requests),
    String(r.after_return),
    String(r.serial_requests),
    r.wall_ms.toFixed(1),
    `${r.wall_range_ms[0].toFixed(1)}–${r.wall_range_ms[1].toFixed(1)}`,
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...table.map((cells) => cells[i]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  console.log(line(header));
  for (const cells of table) console.log(line(cells));
  console.log(`(median of ${ROUNDS} rounds per row, S3 through the counting proxy)`);
}
