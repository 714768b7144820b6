// Load benchmark: `npm run bench -- load --data <dir> [--s3] [--json] [--stages]`, where
// <dir>/omnigraph holds a generated graph (schema.pg, data.jsonl). Prints load time, rows/s, the
// ratio to raw Lance `add` of the same rows as Arrow, the CPU time of both, peak RSS, single-row
// commit latency p50 (a keyed company; `single_edge_commit_p50_ms`: an edge without an id), the
// time to overwrite the loaded graph with the same file (`reload_overwrite_ms`), the time to merge
// the dataset's nodes, unchanged, into it (`merge_unchanged_nodes_ms`) and, with --s3,
// object-store requests per single-row commit (ours and Lance's, via a counting proxy). With
// --stages, also the load's time per stage (`load_stages`, milliseconds; stages that overlap each
// count their own time) as the loader measures it.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { connect } from '@lancedb/lancedb';
import { typeKey } from '../src/compiler/catalog/catalog-lookup.js';
import { compileSchema } from '../src/compiler/schema/compile-schema.js';
import { schemaFromColumns } from '../src/engine/lance/arrow-schema.js';
import { encodeRows } from '../src/engine/lance/row-encoder.js';
import type { Row } from '../src/engine/lance/row.js';
import { parseGraphBatchLine } from '../src/engine/load/graph-batch-record.js';
import { observeLoadStages, type LoadStageTimes } from '../src/engine/load/load-stages.js';
import { readSourceBatches } from '../src/engine/load/ndjson-source.js';
import { Omnigraph } from '../src/engine/omnigraph.js';
import { benchArgs, median } from './support/bench-args.js';
import { benchRoot } from './support/bench-root.js';
import { countsBetween } from './support/counting-proxy.js';
import { settingsFromEnv } from '../src/api/index.js';

const args = benchArgs(process.argv.slice(2));
const dataDir = path.join(args.require('data'), 'omnigraph');
const useS3 = args.flag('s3');
const SINGLE_ROW_COMMITS = Number(args.value('commits') ?? 30);
const withStages = args.flag('stages');

const schemaSource = await readFile(path.join(dataDir, 'schema.pg'), 'utf8');
const dataFile = path.join(dataDir, 'data.jsonl');
const log = (message: string) => process.stderr.write(`[bench load] ${message}\n`);

const { root, proxy, cleanup } = await benchRoot('load', useS3);

// 1. The whole dataset as one load.
const graph = await Omnigraph.init(root, schemaSource, { settings: settingsFromEnv(process.env) });
log(`loading ${dataFile} into ${graph.uri}`);
let stages: Readonly<LoadStageTimes> | undefined;
if (withStages) observeLoadStages((times) => (stages = times));
const loadStart = performance.now();
const loadCpuStart = process.cpuUsage();
const result = await graph.load({ data: { path: dataFile }, mode: 'overwrite' });
const loadMs = performance.now() - loadStart;
const loadCpuMs = cpuMsSince(loadCpuStart);
const peakRssMb = process.resourceUsage().maxRSS / 1024;
observeLoadStages(undefined);
log(`loaded ${result.total_entities} entities in ${loadMs.toFixed(0)} ms`);

// 2. Single-row commits on the loaded graph.
const latencies: number[] = [];
const proxyBefore = await proxy?.snapshot();
for (let i = 0; i < SINGLE_ROW_COMMITS; i += 1) {
  const line = JSON.stringify({
    type: 'Company',
    data: { cid: 10_000_000 + i, name: `Bench ${i}`, founded: 2000 },
  });
  const start = performance.now();
  await graph.load({ data: line, mode: 'merge' });
  latencies.push(performance.now() - start);
}
const requests =
  proxy && proxyBefore ? countsBetween(proxyBefore, await proxy.snapshot()) : undefined;

// 2b. Single-edge merge loads: an edge without an id between stored persons, into the largest
// table (its endpoints are looked up; its generated id is not).
const edgeLatencies: number[] = [];
for (let i = 0; i < SINGLE_ROW_COMMITS; i += 1) {
  const line = JSON.stringify({ edge: 'Knows', from: String(i), to: String(i + 1) });
  const start = performance.now();
  await graph.load({ data: line, mode: 'merge' });
  edgeLatencies.push(performance.now() - start);
}

// 3. The whole dataset again, overwriting the graph it loaded (as a nightly reload does).
log('overwriting the loaded graph with the same file');
const reloadStart = performance.now();
await graph.load({ data: { path: dataFile }, mode: 'overwrite' });
const reloadMs = performance.now() - reloadStart;

// 3b. The nodes of the dataset merged into the graph that holds them: a sync that finds every
// row stored and unchanged (each compared with its stored row), so it publishes no commit.
const nodesDir = await mkdtemp(path.join(tmpdir(), 'og-bench-load-nodes-'));
const nodesFile = path.join(nodesDir, 'nodes.jsonl');
const nodeCount = await copyNodeLines(dataFile, nodesFile);
log(`merging the ${nodeCount} nodes, unchanged, into the loaded graph`);
const mergeStart = performance.now();
const merged = await graph.load({ data: { path: nodesFile }, mode: 'merge' });
const mergeUnchangedMs = performance.now() - mergeStart;
await rm(nodesDir, { recursive: true, force: true });
if (merged.commit !== null) throw new Error('a merge of unchanged nodes published a commit');
await graph.close();

// 4. Raw Lance: the same rows, already Arrow, one add per table.
const catalog = compileSchema(schemaSource);
const rowsByType = new Map<string, Row[]>();
for await (const batch of readSourceBatches({ kind: 'file', path: dataFile })) {
  for (const { line, text } of batch) {
    const record = parseGraphBatchLine(catalog, text, line);
    const key = typeKey(record.type);
    const rows = rowsByType.get(key) ?? [];
    rows.push(record.row);
    rowsByType.set(key, rows);
  }
}
const rawRoot = `${root}-raw`;
const db = await connect(rawRoot, {
  storageOptions: useS3
    ? {
        allowHttp: 'true',
        region: process.env.AWS_REGION ?? 'us-east-1',
        endpoint: process.env.AWS_ENDPOINT_URL_S3 ?? '',
      }
    : {},
});
let rawMs = 0;
let rawCpuMs = 0;
for (const type of [...catalog.nodeTypes, ...catalog.edgeTypes]) {
  const rows = rowsByType.get(typeKey(type)) ?? [];
  if (rows.length === 0) continue;
  const schema = schemaFromColumns(type.columns);
  const table = await db.createEmptyTable(`${type.kind}_${type.id}`, schema, {
    storageOptions: { new_table_enable_stable_row_ids: 'true' },
  });
  const arrowTable = encodeRows(schema, type.columns, rows);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  await table.add(arrowTable);
  rawMs += performance.now() - start;
  rawCpuMs += cpuMsSince(cpuStart);
}
const totalRows = [...rowsByType.values()].reduce((sum, rows) => sum + rows.length, 0);

const report = {
  storage: useS3 ? 's3' : 'local',
  entities: result.total_entities,
  load_ms: Math.round(loadMs),
  load_cpu_ms: Math.round(loadCpuMs),
  rows_per_second: Math.round(result.total_entities / (loadMs / 1000)),
  raw_lance_add_ms: Math.round(rawMs),
  raw_lance_add_cpu_ms: Math.round(rawCpuMs),
  raw_lance_rows: totalRows,
  ratio_vs_raw_lance: Number((rawMs / loadMs).toFixed(3)),
  peak_rss_mb: Math.round(peakRssMb),
  reload_overwrite_ms: Math.round(reloadMs),
  merge_unchanged_nodes_ms: Math.round(mergeUnchangedMs),
  merge_unchanged_nodes: nodeCount,
  single_row_commit_p50_ms: Number(median(latencies).toFixed(1)),
  single_row_commits: latencies.length,
  single_edge_commit_p50_ms: Number(median(edgeLatencies).toFixed(1)),
  ...(stages ? { load_stages: roundedStages(stages) } : {}),
  ...(requests
    ? {
        s3_requests_per_single_row_commit: Number((requests.total / latencies.length).toFixed(1)),
        s3_requests_by_method: requests.byMethod,
      }
    : {}),
};
/** Copies the node lines of an NDJSON file (`{"type": …`) to `target`; resolves their count. */
async function copyNodeLines(source: string, target: string): Promise<number> {
  const out = createWriteStream(target);
  let count = 0;
  for await (const line of createInterface({ input: createReadStream(source) })) {
    if (!line.startsWith('{"type":')) continue;
    count += 1;
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
  return count;
}

/** CPU time of the whole process (every thread, Lance's included) since `start`, in ms. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

/** Stage times in whole milliseconds; counts as they are. */
function roundedStages(times: Readonly<LoadStageTimes>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(times).map(([name, value]) => [name, Math.round(value)]),
  );
}

console.log(args.flag('json') ? JSON.stringify(report) : JSON.stringify(report, null, 2));
await cleanup();
