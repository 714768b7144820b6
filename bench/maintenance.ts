// Maintenance on a graph of many small commits: builds a fixture graph, then 200 one-row merge
// loads on main (each adds a table version and a fragment), and prints
// {commits, optimize_ms, fragments_before, fragments_after, optimize_datasets_committed,
//  cleanup_ms, cleanup_bytes_removed, cleanup_versions_removed}. `cleanup` keeps 1 commit
// and runs after the cutoff margin has passed. Run with `npm run bench -- maintenance [commits]`.
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { locateGraphRoot } from '../src/engine/root/graph-root.js';
import { LanceTables } from '../src/engine/lance/lance-tables.js';
import { CUTOFF_MARGIN_MS } from '../src/engine/maintenance/cleanup-plan.js';
import { Omnigraph } from '../src/engine/omnigraph.js';
import { settingsFromEnv } from '../src/api/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixture = (name: string): string =>
  readFileSync(path.join(root, 'test/fixtures', name), 'utf8');
const COMMITS = Number(process.argv[2] ?? 200);

async function fragments(graph: Omnigraph, tables: LanceTables): Promise<number> {
  const snapshot = await graph.resolve();
  let total = 0;
  for (const { key } of snapshot.types()) {
    const entry = snapshot.entry(key);
    total += await tables.headFragments(entry.table, entry.branch);
  }
  return total;
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'og-bench-maint-'));
const graph = await Omnigraph.init(path.join(dir, 'g'), fixture('test.pg'), {
  settings: settingsFromEnv(process.env),
});
await graph.load({ data: fixture('test.jsonl'), mode: 'overwrite' });
for (let i = 0; i < COMMITS; i++) {
  const line = JSON.stringify({ type: 'Person', data: { name: `P${i}`, age: i % 90 } });
  await graph.load({ data: line, mode: 'merge' });
}
const tables = await LanceTables.open(locateGraphRoot(graph.uri).tablesUri);
const fragmentsBefore = await fragments(graph, tables);
let started = performance.now();
const optimized = await graph.optimize();
const optimizeMs = performance.now() - started;
const fragmentsAfter = await fragments(graph, tables);
await sleep(CUTOFF_MARGIN_MS + 200);
// One more commit so that the optimize commit is outside `--keep 1`.
await graph.load({ data: JSON.stringify({ type: 'Person', data: { name: 'Z' } }), mode: 'merge' });
started = performance.now();
const cleaned = await graph.cleanup({ keep_versions: 1, confirm: true });
const cleanupMs = performance.now() - started;
console.log(
  JSON.stringify({
    commits: COMMITS + 1,
    optimize_ms: Math.round(optimizeMs),
    fragments_before: fragmentsBefore,
    fragments_after: fragmentsAfter,
    optimize_datasets_committed: optimized.datasets.filter((d) => d.committed).length,
    cleanup_ms: Math.round(cleanupMs),
    cleanup_bytes_removed: cleaned.datasets.reduce((sum, d) => sum + d.bytes_removed, 0),
    cleanup_versions_removed: cleaned.datasets.reduce((sum, d) => sum + d.old_versions_removed, 0),
  }),
);
tables.close();
await graph.close();
