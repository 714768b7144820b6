// Query benchmark on a generated social graph: loads a fresh graph from `<dir>/omnigraph`
// (schema.pg, data.jsonl), builds its indexes, and times the workloads below with the parameters
// and expected answers of `<dir>/meta.json`: cold (the first call on a freshly opened handle,
// one handle per workload), warm (medians on one handle after a warm-up of at least a second per
// workload, each workload starting after a full collection), and after a write
// (the first call right after a single-row commit of a new person who knows someone, on a
// throwaway branch: an agent reading its own writes), after an update (one person's age) and
// after a delete (one person, and every edge to or from them).
// Prints {load_ms, index_ms, workloads: {<name>: {cold_ms, median_ms, after_write_ms,
// after_update_ms, after_delete_ms[, recall]}}, writes: {insert_p50_ms, update_p50_ms,
// delete_p50_ms}, caches, rss_mb}: `writes` are those single-row commits' own times, on a graph
// whose caches are full; `caches` is what the read caches hold after the warm rounds.
// Run with `npm run bench -- query --data <dir> [--json] [--rounds N] [--root <path> | --graph <path>]`.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Omnigraph } from '../src/engine/omnigraph.js';
import type { ReadOutput } from '../src/api/index.js';
import { settingsFromEnv } from '../src/api/index.js';

interface Meta {
  readonly pointIds: readonly number[];
  readonly hopIds: readonly number[];
  readonly fofOne: number;
  readonly fofIds: readonly number[];
  readonly knnQueries: readonly (readonly number[])[];
  readonly knnGT: readonly (readonly number[])[];
  readonly ftsQueries: readonly (readonly string[])[];
}

const QUERIES = `
query point_lookup($pid: I64) {
  match { $p: Person { pid: $pid } }
  return { $p.pid, $p.name, $p.age, $p.city }
}
query filter_age_gt60_count() {
  match { $p: Person
    $p.age > 60 }
  return { count($p) as n }
}
query filter_age_gt60_names() {
  match { $p: Person
    $p.age > 60 }
  return { $p.name }
}
query hop1_neighbors($pid: I64) {
  match { $p: Person { pid: $pid }
    $p knows $f }
  return { $f.pid }
}
query hop2_fof($pid: I64) {
  match { $p: Person { pid: $pid }
    $p knows $m
    $m knows $f
    $f.pid != $pid }
  return { $f.pid, count($m) as paths }
}
query agg_top20_friends() {
  match { $p: Person
    $p knows $f }
  return { $p.pid, count($f) as friends }
  order { friends desc, $p.pid asc }
  limit 20
}
query agg_company_emp_avgage() {
  match { $p: Person
    $p worksAt $c }
  return { $c.cid, count($p) as employees, avg($p.age) as avg_age }
}
query antijoin_no_worksat() {
  match { $p: Person
    not { $p worksAt $_ } }
  return { count($p) as n }
}
query knn_top10($q: Vector(64)) {
  match { $p: Person }
  return { $p.pid }
  order { nearest($p.embedding, $q) }
  limit 10
}
query bm25_top10($q: String) {
  match { $p: Person }
  return { $p.pid }
  order { bm25($p.bio, $q) }
  limit 10
}
`;

// The write before each after-write call: a new person (every property set) who knows someone.
const WRITE = `
query join($pid: I64, $id: String, $knows: String, $embedding: Vector(64)) {
  insert Person { pid: $pid, name: "New", age: 70, city: "Nowhere", bio: "new here", embedding: $embedding }
  insert Knows { from: $id, to: $knows }
}
`;

// The write before each after-update call: one person's age changed (the row is rewritten).
const UPDATE = `
query older($pid: I64, $age: I32) { update Person set { age: $age } where pid = $pid }
`;

// The write before each after-delete call: one person goes, with every edge to or from them.
const DELETE = `
query leave($pid: I64) { delete Person where pid = $pid }
`;

function arg(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const round3 = (ms: number) => Math.round(ms * 1000) / 1000;

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start };
}

const data = arg('data');
if (data === undefined) {
  console.error(
    'usage: npm run bench -- query --data <dir made by bench-data/gen.js> [--json] [--rounds N]',
  );
  process.exit(2);
}
const rounds = Number(arg('rounds') ?? 3);
const meta = JSON.parse(await readFile(path.join(data, 'meta.json'), 'utf8')) as Meta;
const schema = await readFile(path.join(data, 'omnigraph/schema.pg'), 'utf8');
const existing = arg('graph');
const root = existing ?? arg('root') ?? (await mkdtemp(path.join(tmpdir(), 'omnigraph-bench-')));
const log = (text: string) => process.stderr.write(`[bench] ${text}\n`);

// `--graph <root>` reuses a graph loaded by an earlier run (for profiling; no load figures).
const graph =
  existing === undefined
    ? await Omnigraph.init(root, schema, { settings: settingsFromEnv(process.env) })
    : await Omnigraph.open(root, { settings: settingsFromEnv(process.env) });
let loadMs: number | null = null;
let indexMs: number | null = null;
if (existing === undefined) {
  const load = await timed(() =>
    graph.load({ data: { path: path.join(data, 'omnigraph/data.jsonl') }, mode: 'overwrite' }),
  );
  loadMs = round3(load.ms);
  log(`loaded ${load.value.total_entities} entities in ${Math.round(load.ms)} ms`);
  const indexing = await timed(() => graph.ensureIndices());
  indexMs = round3(indexing.ms);
  log(
    `built ${indexing.value.built.length} indexes in ${Math.round(indexing.ms)} ms; deferred ${indexing.value.deferred.length}`,
  );
}

const run = (
  name: string,
  params?: Record<string, unknown>,
  on: Omnigraph = graph,
): Promise<ReadOutput> => on.query({ query: QUERIES, name, params });

/** A workload: a query run once per parameter set; one sample is one call, or all calls when `total`. */
interface Workload {
  readonly name: string;
  readonly query: string;
  readonly params: readonly Record<string, unknown>[];
  readonly total?: boolean;
}

const repeat = (times: number) => Array.from({ length: times }, () => ({}));
const pids = (ids: readonly number[]) => ids.map((pid) => ({ pid: String(pid) }));

const WORKLOADS: readonly Workload[] = [
  { name: 'point_lookup', query: 'point_lookup', params: pids(meta.pointIds) },
  { name: 'filter_age_gt60_count', query: 'filter_age_gt60_count', params: repeat(10) },
  { name: 'filter_age_gt60_names', query: 'filter_age_gt60_names', params: repeat(5) },
  { name: 'hop1_neighbors', query: 'hop1_neighbors', params: pids(meta.hopIds) },
  {
    name: 'hop2_fof_one',
    query: 'hop2_fof',
    params: pids(Array.from({ length: 10 }, () => meta.fofOne)),
  },
  { name: 'hop2_fof_100', query: 'hop2_fof', params: pids(meta.fofIds), total: true },
  { name: 'agg_top20_friends', query: 'agg_top20_friends', params: repeat(5) },
  { name: 'agg_company_emp_avgage', query: 'agg_company_emp_avgage', params: repeat(5) },
  { name: 'antijoin_no_worksat', query: 'antijoin_no_worksat', params: repeat(5) },
  { name: 'knn_top10', query: 'knn_top10', params: meta.knnQueries.map((q) => ({ q })) },
  {
    name: 'bm25_top10',
    query: 'bm25_top10',
    params: meta.ftsQueries.map((words) => ({ q: words.join(' ') })),
  },
];

/** What a pass keeps of its results: their rows, and for kNN the true neighbours found. */
interface PassSummary {
  readonly times: number[];
  rows: number;
  hits: number;
}

/** The true nearest neighbours among the rows of kNN call `index` (0 for other workloads). */
function knnHits(workload: Workload, index: number, result: ReadOutput): number {
  if (workload.name !== 'knn_top10') return 0;
  const truth = new Set((meta.knnGT[index] ?? []).map(String));
  return result.rows.filter((row) => truth.has(String(row['p.pid']))).length;
}

/**
 * Runs every call of a workload once: its times, rows and kNN hits. A result is dropped once
 * summarized, as a client drops what it has consumed: holding every result of a pass (410k rows
 * a call at 1M) would make the collector's work part of the figures.
 */
async function pass(workload: Workload): Promise<PassSummary> {
  const summary: PassSummary = { times: [], rows: 0, hits: 0 };
  for (const [index, params] of workload.params.entries()) {
    const { value, ms } = await timed(() => run(workload.query, params));
    summary.times.push(ms);
    summary.rows += value.row_count;
    summary.hits += knnHits(workload, index, value);
  }
  return summary;
}

/** The first call of each workload on a handle of its own, opened just before. */
async function coldTimes(): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  for (const workload of WORKLOADS) {
    const fresh = await Omnigraph.open(root, { settings: settingsFromEnv(process.env) });
    try {
      times.set(
        workload.name,
        (await timed(() => run(workload.query, workload.params[0], fresh))).ms,
      );
    } finally {
      await fresh.close();
    }
  }
  return times;
}

const cold = await coldTimes();
log(`cold: ${[...cold].map(([name, ms]) => `${name} ${Math.round(ms * 10) / 10} ms`).join(', ')}`);

/**
 * Warm-up: each workload's calls repeated until they have run for {@link WARMUP_MS} (at most
 * {@link MAX_WARMUP_PASSES} passes), so that caches keyed by table version (topology, text
 * indexes, filtered counts, compiled queries) are built as a running process would have them,
 * and V8 has compiled the engine's code as it would for a process that has served a while. A
 * cheap query runs its code a few thousand times before that: at 1M persons, one pass of the
 * 200 point lookups left them at a median of 0.08 ms, and successive rounds of 600 took 0.072,
 * 0.054, 0.048, 0.041 and 0.036 ms. A workload whose first pass builds its caches for longer
 * than that is not repeated.
 *
 * The workloads are warmed in turn, in {@link WARMUP_ROUNDS} rounds: they run much of the same
 * code, which V8 optimizes for the kinds of values it has seen, so each workload's first calls
 * deoptimize some of what the workloads before it had optimized (at 1M persons, point lookups
 * went from 0.05 to 0.095 ms once the aggregates had run, and took two thousand calls to come
 * back). The second round optimizes it again for all of them, as a process serving them all has it.
 */
const WARMUP_ROUNDS = 2;
const WARMUP_MS = 1000;
const MAX_WARMUP_PASSES = 25;

async function warmUp(workload: Workload): Promise<void> {
  const start = performance.now();
  for (let passes = 0; passes < MAX_WARMUP_PASSES; passes += 1) {
    await pass(workload);
    if (performance.now() - start >= WARMUP_MS) return;
  }
}

const warmup = await timed(async () => {
  for (let round = 0; round < WARMUP_ROUNDS; round += 1)
    for (const workload of WORKLOADS) await warmUp(workload);
});
log(`warm-up in ${Math.round(warmup.ms)} ms`);

interface WorkloadFigures {
  cold_ms: number;
  median_ms: number;
  after_write_ms?: number;
  after_update_ms?: number;
  after_delete_ms?: number;
  recall?: number;
}

/**
 * A full collection, as JMH makes between iterations: each workload's samples then pay for the
 * garbage the workload makes, not for the last one's. At 1M persons the names workload leaves
 * about 240 MB of result rows; marking the 600 MB heap they bring to collection made every call
 * of the workloads after it 3–4 times slower while it lasted, a different one each run.
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const workloads: Record<string, WorkloadFigures> = {};
for (const workload of WORKLOADS) {
  collectGarbage();
  const samples: number[] = [];
  let last: PassSummary | undefined;
  for (let round = 0; round < rounds; round += 1) {
    last = await pass(workload);
    if (workload.total === true) samples.push(last.times.reduce((sum, ms) => sum + ms, 0));
    else samples.push(...last.times);
  }
  const entry: WorkloadFigures = {
    cold_ms: round3(cold.get(workload.name) ?? 0),
    median_ms: round3(median(samples)),
  };
  let note = `${last?.rows ?? 0} rows in the last round`;
  if (workload.name === 'knn_top10') {
    entry.recall =
      Math.round(((last?.hits ?? 0) / Math.max(1, workload.params.length * 10)) * 1000) / 1000;
    note += `, recall ${entry.recall}`;
  }
  workloads[workload.name] = entry;
  log(`${workload.name}: ${entry.median_ms} ms warm, ${entry.cold_ms} ms cold (${note})`);
}

/** The single-row commit before a workload's call (see {@link afterWriteTimes}). */
type Write = (index: number) => { query: string; params: Record<string, unknown> };

/** A new person who knows someone: inserts into a node and an edge table. */
const insertWrite: Write = (index) => {
  const pid = -1 - index;
  return {
    query: WRITE,
    params: {
      pid,
      id: String(pid),
      knows: String(meta.hopIds[0]),
      embedding: meta.knnQueries[0],
    },
  };
};

/** Another age for one of the hop queries' persons: rewrites a row of the node table. */
const updateWrite: Write = (index) => ({
  query: UPDATE,
  params: { pid: meta.hopIds[index % meta.hopIds.length], age: 18 + index },
});

/** One of the persons the point lookups ask for leaves (one each time, on the same branch). */
const deleteWrite: Write = (index) => ({
  query: DELETE,
  params: { pid: meta.pointIds[index % meta.pointIds.length] },
});

/**
 * Each workload's first call right after a single-row commit made by `write`, on a branch of
 * its own (deleted after): the caches of the version before the write are what the read can
 * reuse.
 */
/** Each workload's first call after a write (see {@link afterWriteTimes}), and the writes' own. */
interface AfterWrites {
  readonly reads: Map<string, number>;
  readonly writes: number[];
}

/**
 * Each workload's first call right after a single-row commit made by `write`, on a branch of
 * its own (deleted after): the caches of the version before the write are what the read can
 * reuse. The commits' own times are kept too: a write on a graph whose caches are full.
 */
async function afterWriteTimes(write: Write): Promise<AfterWrites> {
  const branch = 'bench-after-write';
  // Left by a run that died: start from main again.
  await graph.deleteBranch(branch).catch(() => undefined);
  await graph.createBranch({ name: branch, from: 'main' });
  const reads = new Map<string, number>();
  const writes: number[] = [];
  try {
    for (const [index, workload] of WORKLOADS.entries()) {
      writes.push((await timed(() => graph.mutate({ ...write(index), branch }))).ms);
      const { ms } = await timed(() =>
        graph.query({ query: QUERIES, name: workload.query, params: workload.params[0], branch }),
      );
      reads.set(workload.name, ms);
    }
  } finally {
    await graph.deleteBranch(branch);
  }
  return { reads, writes };
}

const { reads: afterWrite, writes: inserts } = await afterWriteTimes(insertWrite);
const { reads: afterUpdate, writes: updates } = await afterWriteTimes(updateWrite);
const { reads: afterDelete, writes: deletes } = await afterWriteTimes(deleteWrite);
// The first write of each kind forks the branch's tables: its median leaves it out.
const writeMedians = {
  insert_p50_ms: round3(median(inserts.slice(1))),
  update_p50_ms: round3(median(updates.slice(1))),
  delete_p50_ms: round3(median(deletes.slice(1))),
};
for (const [name, entry] of Object.entries(workloads)) {
  const inserted = afterWrite.get(name);
  const updated = afterUpdate.get(name);
  const deleted = afterDelete.get(name);
  if (inserted !== undefined) entry.after_write_ms = round3(inserted);
  if (updated !== undefined) entry.after_update_ms = round3(updated);
  if (deleted !== undefined) entry.after_delete_ms = round3(deleted);
}
const listed = (times: Map<string, number>) =>
  [...times].map(([name, ms]) => `${name} ${Math.round(ms * 10) / 10} ms`).join(', ');
log(`after a write: ${listed(afterWrite)}`);
log(`after an update: ${listed(afterUpdate)}`);
log(`after a delete: ${listed(afterDelete)}`);
log(
  `single-row writes on the cached graph, p50: insert ${writeMedians.insert_p50_ms} ms, update ${writeMedians.update_p50_ms} ms, delete ${writeMedians.delete_p50_ms} ms`,
);

const profiled = await graph.query(
  { query: QUERIES, name: 'filter_age_gt60_count' },
  { profile: true },
);
const caches = profiled.profile?.caches;
const mib = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;
log(
  `caches hold ${mib(caches?.used_bytes ?? 0)} of ${mib(caches?.budget_bytes ?? 0)} MiB: ${Object.entries(
    caches?.caches ?? {},
  )
    .map(([name, held]) => `${name} ${mib(held.bytes)} MiB in ${held.entries}`)
    .join(', ')}`,
);
const rssMb = mib(process.memoryUsage().rss);
await graph.close();
if (arg('root') === undefined && existing === undefined)
  await rm(root, { recursive: true, force: true });
const report = {
  load_ms: loadMs,
  index_ms: indexMs,
  workloads,
  writes: writeMedians,
  caches,
  rss_mb: rssMb,
};
console.log(
  process.argv.includes('--json') ? JSON.stringify(report) : JSON.stringify(report, null, 2),
);
