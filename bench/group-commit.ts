// Group commit benchmark: `npm run bench -- group-commit [--json] [--mutations N] [--callers C]`.
// On the fixture graph (test.pg + test.jsonl) on local disk, C concurrent callers of one process
// (default 16) run N single-row inserts in all (default 400), once with group commit off (one
// commit per mutation) and once on (the default), each on a fresh graph; prints commits/s and
// mutations/s of both and the ratio of mutations/s.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Omnigraph } from '../src/engine/omnigraph.js';
import { settingsFromEnv } from '../src/api/index.js';
import { benchArgs } from './support/bench-args.js';
import { benchRoot } from './support/bench-root.js';

const args = benchArgs(process.argv.slice(2));
const MUTATIONS = Number(args.value('mutations') ?? 400);
const CALLERS = Number(args.value('callers') ?? 16);
const FIXTURES = path.join(import.meta.dirname, '..', 'test', 'fixtures');
const INSERT = `query insert_person($name: String, $age: I32) { insert Person { name: $name, age: $age } }`;
const log = (message: string) => process.stderr.write(`[bench group-commit] ${message}\n`);

/** Throughput of one mode. */
interface ModeReport {
  readonly mutations: number;
  readonly commits: number;
  readonly seconds: number;
  readonly commits_per_s: number;
  readonly mutations_per_s: number;
}

/** A fresh fixture graph on local disk, warmed up by one mutation. */
async function fixtureGraph(
  label: string,
): Promise<{ graph: Omnigraph; cleanup: () => Promise<void> }> {
  const { root, cleanup } = await benchRoot(label, false);
  const schema = await readFile(path.join(FIXTURES, 'test.pg'), 'utf8');
  const graph = await Omnigraph.init(root, schema, { settings: settingsFromEnv(process.env) });
  const data = await readFile(path.join(FIXTURES, 'test.jsonl'), 'utf8');
  await graph.load({ data, mode: 'overwrite' });
  await graph.mutate({ query: INSERT, params: { name: 'Warm-up', age: 1 } });
  return { graph, cleanup };
}

/** Runs MUTATIONS inserts from CALLERS concurrent callers, each awaiting its last before the next. */
async function runMode(groupCommit: boolean): Promise<ModeReport> {
  const { graph, cleanup } = await fixtureGraph(groupCommit ? 'gc-on' : 'gc-off');
  const commits = new Set<string>();
  let next = 0;
  const caller = async (): Promise<void> => {
    for (let i = next++; i < MUTATIONS; i = next++) {
      const params = { name: `Bench ${i}`, age: 20 };
      const result = await graph.mutate({ query: INSERT, params }, { groupCommit });
      if (result.commit === null) throw new Error(`mutation ${i} published no commit`);
      commits.add(result.commit.graph_commit_id);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CALLERS }, caller));
  const seconds = (performance.now() - start) / 1000;
  await graph.close();
  await cleanup();
  return {
    mutations: MUTATIONS,
    commits: commits.size,
    seconds: Number(seconds.toFixed(2)),
    commits_per_s: Number((commits.size / seconds).toFixed(1)),
    mutations_per_s: Number((MUTATIONS / seconds).toFixed(1)),
  };
}

log(`${MUTATIONS} single-row inserts from ${CALLERS} concurrent callers, local disk`);
const off = await runMode(false);
log(`off: ${off.mutations_per_s} mutations/s`);
const on = await runMode(true);
log(`on: ${on.mutations_per_s} mutations/s`);
const report = {
  storage: 'local',
  callers: CALLERS,
  group_commit_off: off,
  group_commit_on: on,
  mutations_per_s_ratio: Number((on.mutations_per_s / off.mutations_per_s).toFixed(1)),
};
console.log(args.flag('json') ? JSON.stringify(report) : JSON.stringify(report, null, 2));
