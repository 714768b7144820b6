// HTTP server benchmark on loopback: applies a one-graph cluster (1,000 people, a stored read and
// a stored mutation, a policy bundle) in a temporary directory, starts `omnigraph-server` on it as
// a child process (request logs at warn), then runs `--reads` stored-query reads at concurrency
// 32 and `--writes` single-row stored mutations at concurrency 8. Prints, per phase, p50/p99
// latency, throughput and the count of 5xx answers (must be 0); the server's RSS before and
// after; and the server's overhead per read: p50 of sequential reads through HTTP minus p50 of
// the same query in this process on the same graph (target ≤ 1 ms).
// Run with `npm run bench -- server [--reads 10000] [--writes 2000] [--json]`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { settingsFromEnv } from '../src/api/index.js';
import { applyCluster, importCluster, openClusterStore } from '../src/cluster/index.js';
import { Omnigraph } from '../src/engine/index.js';
import { loadPolicy } from '../src/policy/index.js';
import { benchArgs, median } from './support/bench-args.js';

const args = benchArgs(process.argv.slice(2));
const READS = Number(args.value('reads') ?? 10_000);
const WRITES = Number(args.value('writes') ?? 2_000);
const SEQUENTIAL = 1_000;
const PEOPLE = 1_000;
const TOKEN = 'bench-token';
const ROOT = path.resolve(import.meta.dirname, '..');

const SCHEMA = 'node Person {\n    name: String @key\n    age: I32?\n}\n';
const QUERIES = `query find_person($name: String) {
    match { $p: Person { name: $name } }
    return { $p.name, $p.age }
}

query add_person($name: String, $age: I32?) {
    insert Person { name: $name, age: $age }
}
`;
const POLICY = `version: 1
groups:
  bench: [act-bench]
rules:
  - id: bench-all
    allow:
      actors: { group: bench }
      actions: [read, change, invoke_query]
`;

/** Writes and applies the cluster, and seeds its graph; returns the config dir. */
async function setUp(dir: string): Promise<string> {
  const files: Record<string, string> = {
    'cluster.yaml': `version: 1\nstorage: ./state\ngraphs:\n  people: { schema: people.pg, queries: queries/ }\npolicies:\n  bench: { file: bench.policy.yaml, applies_to: [people] }\n`,
    'people.pg': SCHEMA,
    'queries/people.gq': QUERIES,
    'bench.policy.yaml': POLICY,
  };
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  const settings = settingsFromEnv(process.env);
  await importCluster({ configDir: dir, settings });
  const applied = await applyCluster({ configDir: dir, settings, actor: 'bench' });
  if (!applied.ok) throw new Error(JSON.stringify(applied.diagnostics));
  const graph = await Omnigraph.open(graphUri(dir), { settings });
  const data = Array.from({ length: PEOPLE }, (_, i) =>
    JSON.stringify({ type: 'Person', data: { name: `p${i}`, age: i % 90 } }),
  ).join('\n');
  await graph.load({ data, mode: 'merge' });
  await graph.close();
  return dir;
}

function graphUri(configDir: string): string {
  return openClusterStore(path.join(configDir, 'state')).graphUri('people');
}

/** Starts the server; resolves with it and its base URL once it listens. */
function startServer(configDir: string): Promise<{ child: ChildProcess; url: string }> {
  // The built server, as users run it (scripts/bench.mjs builds it first).
  const cli = path.join(ROOT, 'dist/cli/omnigraph-server.js');
  const child = spawn(process.execPath, [cli, '--cluster', configDir, '--bind', '127.0.0.1:0'], {
    cwd: ROOT,
    env: {
      ...process.env,
      OMNIGRAPH_LOG_LEVEL: 'warn',
      OMNIGRAPH_SERVER_BEARER_TOKENS_JSON: JSON.stringify({ 'act-bench': TOKEN }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const address = /OMNIGRAPH_LISTEN_ADDR=(\S+)/.exec(out)?.[1];
      if (address !== undefined) resolve({ child, url: `http://${address}` });
    });
    child.once('exit', (code) => {
      reject(new Error(`omnigraph-server exited ${code}`));
    });
  });
}

/** The resident set of a process, in MiB (Linux). */
async function rssMib(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

/** One phase's figures. */
interface Phase {
  readonly requests: number;
  readonly concurrency: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly per_second: number;
  readonly status_5xx: number;
}

/** Runs `count` calls of `call(i)` with `concurrency` in flight; returns latencies and 5xx. */
async function drive(
  count: number,
  concurrency: number,
  call: (i: number) => Promise<Response>,
): Promise<Phase> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      const response = await call(i);
      await response.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (response.status >= 500) failures += 1;
      else if (response.status !== 200) throw new Error(`status ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: count,
    concurrency,
    p50_ms: round(median(latencies)),
    p99_ms: round(latencies[Math.floor(latencies.length * 0.99)] ?? 0),
    per_second: Math.round(count / seconds),
    status_5xx: failures,
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** The same stored read, in this process, as p50 of sequential calls. */
async function inProcessP50(configDir: string, count: number): Promise<number> {
  const policy = await loadPolicy(POLICY, 'bench', { graphId: 'people' });
  const graph = await Omnigraph.open(graphUri(configDir), {
    policy,
    settings: settingsFromEnv(process.env),
  });
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const t0 = performance.now();
    await graph.query(
      { query: QUERIES, name: 'find_person', params: { name: `p${i % PEOPLE}` } },
      { actor: 'act-bench' },
    );
    times.push(performance.now() - t0);
  }
  await graph.close();
  return median(times);
}

const dir = await mkdtemp(path.join(tmpdir(), 'og-bench-server-'));
try {
  const configDir = await setUp(dir);
  const { child, url } = await startServer(configDir);
  const pid = child.pid ?? 0;
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const read = (i: number): Promise<Response> =>
    fetch(`${url}/graphs/people/queries/find_person`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ params: { name: `p${i % PEOPLE}` } }),
    });
  await drive(200, 8, read); // warm-up
  const rssBefore = await rssMib(pid);
  const reads = await drive(READS, 32, read);
  const writes = await drive(WRITES, 8, (i) =>
    fetch(`${url}/graphs/people/queries/add_person`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ params: { name: `new${i}`, age: i % 90 } }),
    }),
  );
  const rssAfter = await rssMib(pid);
  const httpSequential = await drive(SEQUENTIAL, 1, read);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  const inProcess = await inProcessP50(configDir, SEQUENTIAL);
  const report = {
    reads,
    writes,
    rss_mib: { before: rssBefore, after: rssAfter },
    read_overhead_ms: {
      http_p50: httpSequential.p50_ms,
      in_process_p50: round(inProcess),
      overhead_p50: round(httpSequential.p50_ms - inProcess),
    },
  };
  if (args.flag('json')) console.log(JSON.stringify(report));
  else console.log(JSON.stringify(report, null, 2));
  if (reads.status_5xx + writes.status_5xx > 0) process.exitCode = 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
