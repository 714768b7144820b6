// Merge benchmark: `npm run bench -- merge [--json] [--rounds N]` (local disk). Prints the time of
// a fast-forward merge of 10k, 100k and 1 new rows next to a raw Lance append of the same rows
// (already Arrow) and their ratio, and the time of a three-way merge with 1k changes on each
// side of a 100k-entity graph. The 1-row fast-forward is the merge's fixed cost: the write
// protocol (lease, intent, commit record, head publish) and the reads that find the new rows.
// Each figure is the median of N rounds (3 by default), each on a fresh graph, with the range
// (`*_range_ms`): one round on a shared machine is noise. `--dims N` gives every item an
// N-dimensional embedding (the reference's merge scenarios use 256), so rows carry the payload
// agents' graphs do.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from '@lancedb/lancedb';
import { findNodeType } from '../src/compiler/catalog/catalog-lookup.js';
import { compileSchema } from '../src/compiler/schema/compile-schema.js';
import { schemaFromColumns } from '../src/engine/lance/arrow-schema.js';
import { encodeRows } from '../src/engine/lance/row-encoder.js';
import type { Row } from '../src/engine/lance/row.js';
import { Omnigraph } from '../src/engine/omnigraph.js';
import { benchArgs, median } from './support/bench-args.js';
import { settingsFromEnv } from '../src/api/index.js';

const BASE_ROWS = 1_000;
const BIG_GRAPH = 100_000;
const SIDE_CHANGES = 1_000;

const args = benchArgs(process.argv.slice(2));
const rounds = Number(args.value('rounds') ?? 3);
if (!Number.isSafeInteger(rounds) || rounds < 1)
  throw new Error('--rounds takes a positive integer');
const dims = Number(args.value('dims') ?? 0);
if (!Number.isSafeInteger(dims) || dims < 0 || dims > 4096)
  throw new Error('--dims takes an integer from 0 (no embedding) to 4096');
const SCHEMA = `
node Item {
    name: String @key
    n: I64
    label: String${dims > 0 ? `\n    embedding: Vector(${dims})` : ''}
}
`;
const log = (message: string) => process.stderr.write(`[bench merge] ${message}\n`);
const dir = await mkdtemp(path.join(tmpdir(), 'og-bench-merge-'));

function itemName(i: number): string {
  return `item-${String(i).padStart(9, '0')}`;
}

/** Item `i`'s embedding (none without `--dims`): deterministic, distinct per item. */
function embedding(i: number): { embedding?: number[] } {
  if (dims === 0) return {};
  return { embedding: Array.from({ length: dims }, (_, d) => ((i * 31 + d * 17) % 1000) / 1000) };
}

/** NDJSON of items `from` .. `from + count - 1`, with `n` shifted by `salt`. */
function items(from: number, count: number, salt = 0): string {
  const lines: string[] = [];
  for (let i = from; i < from + count; i += 1)
    lines.push(
      JSON.stringify({
        type: 'Item',
        data: { name: itemName(i), n: i + salt, label: `label ${i}`, ...embedding(i) },
      }),
    );
  return lines.join('\n');
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await run();
  return { ms: performance.now() - start, result };
}

/** The median and range of a figure over rounds, rounded to the millisecond. */
function spread(samples: readonly number[]): { ms: number; range: [number, number] } {
  return {
    ms: Math.round(median(samples)),
    range: [Math.round(Math.min(...samples)), Math.round(Math.max(...samples))],
  };
}

/** A raw Lance append of the rows a fast-forward of `count` new items writes. */
async function rawAppendMs(count: number, round: number): Promise<number> {
  const type = findNodeType(compileSchema(SCHEMA), 'Item');
  if (!type) throw new Error('no Item type');
  const rows: Row[] = [];
  for (let i = BASE_ROWS; i < BASE_ROWS + count; i += 1)
    rows.push({
      id: itemName(i),
      name: itemName(i),
      n: BigInt(i),
      label: `label ${i}`,
      ...embedding(i),
    });
  const schema = schemaFromColumns(type.columns);
  const db = await connect(path.join(dir, `raw-${count}-${round}`));
  const table = await db.createEmptyTable('Item', schema, {
    storageOptions: { new_table_enable_stable_row_ids: 'true' },
  });
  const data = encodeRows(schema, type.columns, rows);
  const { ms } = await timed(() => table.add(data));
  table.close();
  return ms;
}

/** One fast-forward merge of `count` rows inserted on a branch of a graph of BASE_ROWS items. */
async function fastForwardMs(count: number, round: number): Promise<number> {
  const graph = await Omnigraph.init(path.join(dir, `ff-${count}-${round}`), SCHEMA, {
    settings: settingsFromEnv(process.env),
  });
  await graph.load({ data: items(0, BASE_ROWS), mode: 'overwrite' });
  await graph.createBranch({ name: 'feature' });
  await graph.load({ data: items(BASE_ROWS, count), mode: 'append', branch: 'feature' });
  const merge = await timed(() => graph.mergeBranch({ source: 'feature' }));
  if (merge.result.outcome !== 'fast_forward')
    throw new Error(`unexpected ${merge.result.outcome}`);
  await graph.close();
  return merge.ms;
}

/** Fast-forwards of `count` rows next to raw appends of them, over the rounds. */
async function fastForward(count: number): Promise<object> {
  log(`fast-forward of ${count} rows, ${rounds} rounds`);
  const merges: number[] = [];
  const raws: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    merges.push(await fastForwardMs(count, round));
    raws.push(await rawAppendMs(count, round));
  }
  const merge = spread(merges);
  const raw = spread(raws);
  return {
    rows: count,
    merge_ms: merge.ms,
    merge_range_ms: merge.range,
    raw_lance_append_ms: raw.ms,
    raw_lance_append_range_ms: raw.range,
    ratio_vs_raw_lance: Number((median(merges) / median(raws)).toFixed(2)),
  };
}

/** Three-way merges of SIDE_CHANGES changes per side, over the rounds. */
async function threeWay(): Promise<object> {
  log(`three-way merge of ${SIDE_CHANGES} + ${SIDE_CHANGES} changes on ${BIG_GRAPH} entities`);
  const merges: number[] = [];
  for (let round = 0; round < rounds; round += 1) merges.push(await threeWayMs(round));
  const merge = spread(merges);
  return {
    entities: BIG_GRAPH,
    changes_per_side: SIDE_CHANGES,
    merge_ms: merge.ms,
    merge_range_ms: merge.range,
  };
}

/** One three-way merge of SIDE_CHANGES changes per side (half updates, half inserts). */
async function threeWayMs(round: number): Promise<number> {
  const graph = await Omnigraph.init(path.join(dir, `three-way-${round}`), SCHEMA, {
    settings: settingsFromEnv(process.env),
  });
  await graph.load({ data: items(0, BIG_GRAPH), mode: 'overwrite' });
  await graph.createBranch({ name: 'left' });
  await graph.createBranch({ name: 'right' });
  const half = SIDE_CHANGES / 2;
  const side = (updatesFrom: number, insertsFrom: number): string =>
    `${items(updatesFrom, half, 1)}\n${items(insertsFrom, half)}`;
  await graph.load({ data: side(0, BIG_GRAPH), mode: 'merge', branch: 'left' });
  await graph.load({ data: side(half, BIG_GRAPH + half), mode: 'merge', branch: 'right' });
  const merge = await timed(() => graph.mergeBranch({ source: 'left', target: 'right' }));
  if (merge.result.outcome !== 'merged') throw new Error(`unexpected ${merge.result.outcome}`);
  await graph.close();
  return merge.ms;
}

try {
  const report = {
    storage: 'local',
    rounds,
    dims,
    fast_forward: [await fastForward(10_000), await fastForward(100_000), await fastForward(1)],
    three_way: await threeWay(),
  };
  console.log(args.flag('json') ? JSON.stringify(report) : JSON.stringify(report, null, 2));
} finally {
  await rm(dir, { recursive: true, force: true });
}
