// Point writes against fragment size, in Lance alone: `npm run bench -- point-writes [--rows N]
// [--rounds R] [--json]`. Builds a table of N rows (1M by default) with a B-tree on `id`, written
// as one fragment or as fragments of 50k rows, with stable row ids (as every graph table) and
// without, and prints the median time of deleting, updating and merge-inserting one existing row
// over R rounds (9 by default). It measures what `docs/guide/maintenance.md` reports: Lance
// writes one row in time proportional to the rows of its fragment when row ids are stable, and
// `optimize` compacts into fragments of up to a million rows.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, type Table } from '@lancedb/lancedb';
import { benchArgs, median } from './support/bench-args.js';

const SMALL_FRAGMENT_ROWS = 50_000;

const args = benchArgs(process.argv.slice(2));
const rows = Number(args.value('rows') ?? 1_000_000);
const rounds = Number(args.value('rounds') ?? 9);
if (!Number.isSafeInteger(rows) || rows < SMALL_FRAGMENT_ROWS)
  throw new Error(`--rows takes an integer of at least ${SMALL_FRAGMENT_ROWS}`);
if (!Number.isSafeInteger(rounds) || rounds < 1)
  throw new Error('--rounds takes a positive integer');
const log = (message: string) => process.stderr.write(`[bench point-writes] ${message}\n`);

/** One layout of the table: how many rows per fragment, and whether row ids are stable. */
interface Layout {
  readonly fragmentRows: number;
  readonly stableRowIds: boolean;
}

const LAYOUTS: readonly Layout[] = [
  { fragmentRows: rows, stableRowIds: true },
  { fragmentRows: SMALL_FRAGMENT_ROWS, stableRowIds: true },
  { fragmentRows: rows, stableRowIds: false },
];

function people(from: number, count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return { id: `p${i}`, name: `person ${i}`, age: i % 90 };
  });
}

async function tableOf(dir: string, layout: Layout): Promise<Table> {
  const db = await connect(dir);
  const options = {
    storageOptions: { new_table_enable_stable_row_ids: String(layout.stableRowIds) },
  };
  const table = await db.createTable('people', people(0, layout.fragmentRows), options);
  for (let from = layout.fragmentRows; from < rows; from += layout.fragmentRows)
    await table.add(people(from, Math.min(layout.fragmentRows, rows - from)));
  await table.createIndex('id');
  return table;
}

/** Median milliseconds of `write(round)` over the rounds, each on a row not written before. */
async function medianMs(write: (round: number) => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    await write(round);
    samples.push(performance.now() - started);
  }
  return Number(median(samples).toFixed(2));
}

async function measure(layout: Layout): Promise<object> {
  const dir = await mkdtemp(path.join(tmpdir(), 'og-bench-point-writes-'));
  try {
    const table = await tableOf(dir, layout);
    // Rows spread over the table, a distinct one per write and round.
    const row = (kind: number, round: number) => Math.floor((rows / 4) * kind) + round * 7 + 1;
    const figures = {
      fragment_rows: layout.fragmentRows,
      stable_row_ids: layout.stableRowIds,
      delete_one_ms: await medianMs((r) => table.delete(`id = 'p${row(0, r)}'`)),
      update_one_ms: await medianMs((r) =>
        table.update({ where: `id = 'p${row(1, r)}'`, valuesSql: { age: '1' } }),
      ),
      merge_insert_one_ms: await medianMs((r) =>
        table
          .mergeInsert('id')
          .whenMatchedUpdateAll()
          .whenNotMatchedInsertAll()
          .execute(people(row(2, r), 1)),
      ),
    };
    table.close();
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const results: object[] = [];
for (const layout of LAYOUTS) {
  log(`${rows} rows in fragments of ${layout.fragmentRows}, stable row ids ${layout.stableRowIds}`);
  results.push(await measure(layout));
}
if (args.flag('json')) console.log(JSON.stringify({ rows, rounds, layouts: results }));
else console.table(results);
