// Run by layout-anchors.test.ts with `--allow-natives-syntax --expose-gc`: optimizes the
// constructors (and the planner) of the classes a read query makes afresh (its traversal's
// under both strategies), runs a query through
// them, lets every instance go, collects, and prints each function's V8 optimization status
// before and after the collection, as JSON.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runInThisContext } from 'node:vm';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { ExecContext } from '../../src/engine/query/execution/exec-context.js';
import { EntityPool } from '../../src/engine/query/execution/entity-pool.js';
import { Relation } from '../../src/engine/query/execution/relation.js';
import { RowScope } from '../../src/engine/query/execution/row-scope.js';
import { planMatch } from '../../src/engine/query/plan/plan-match.js';
import { CsrStrategy } from '../../src/engine/query/traversal/csr-strategy.js';
import { IndexedStrategy } from '../../src/engine/query/traversal/indexed-strategy.js';
import { LanceEdgeLookups } from '../../src/engine/query/traversal/lance-edge-lookups.js';
import { NodeSlotMap } from '../../src/engine/query/traversal/node-slot-map.js';
import { settingsFromEnv } from '../../src/api/index.js';

type Probe = (fn: unknown) => number;
// V8's natives, compiled apart: TypeScript has no syntax for them.
const native = (name: string) => runInThisContext(`(fn) => %${name}(fn)`) as Probe;
const prepare = native('PrepareFunctionForOptimization');
const optimizeNext = native('OptimizeFunctionOnNextCall');
const status = native('GetOptimizationStatus');
const collect = (globalThis as unknown as { gc: () => void }).gc;

const [root = ''] = process.argv.slice(2);
const fixtures = path.join(import.meta.dirname, '../fixtures');
const graph = await Omnigraph.init(root, await readFile(path.join(fixtures, 'test.pg'), 'utf8'));
await graph.load({ data: { path: path.join(fixtures, 'test.jsonl') }, mode: 'overwrite' });
const query = `query friends($name: String) {
  match { $p: Person { name: $name }
    $p knows $f }
  return { $f.name, $f.age }
}`;
// A second handle traverses by per-hop lookups, the first by the topology index.
const indexed = await Omnigraph.open(root, {
  settings: settingsFromEnv({ OMNIGRAPH_TRAVERSAL_MODE: 'indexed' }),
});
const params = { name: 'Alice' };

// The planner's layout is kept with the context's: the context's constructor inlines its own.
const onIndexed = { IndexedStrategy, LanceEdgeLookups };
const onGraph = {
  ExecContext,
  EntityPool,
  Relation,
  RowScope,
  planMatch,
  CsrStrategy,
  NodeSlotMap,
};
const probed = { ...onIndexed, ...onGraph };

/** Optimizes `functions` on the queries of `handle`, last so that no other query follows. */
async function optimizeOn(functions: Record<string, unknown>, handle: Omnigraph): Promise<void> {
  const run = () => handle.query({ query, params });
  for (const fn of Object.values(functions)) prepare(fn);
  await run();
  await run();
  for (const fn of Object.values(functions)) optimizeNext(fn);
  await run();
}
await optimizeOn(onIndexed, indexed);
await optimizeOn(onGraph, graph);
const before = Object.fromEntries(Object.entries(probed).map(([name, fn]) => [name, status(fn)]));
collect();
collect();
const after = Object.fromEntries(Object.entries(probed).map(([name, fn]) => [name, status(fn)]));
console.log(JSON.stringify({ before, after }));
await indexed.close();
await graph.close();
