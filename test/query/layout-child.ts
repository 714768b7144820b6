// Run by layout-anchors.test.ts with `--allow-natives-syntax --expose-gc`: optimizes the
// constructors (and the planner) of the classes a read query makes afresh, runs a query through
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
const run = () => graph.query({ query, params: { name: 'Alice' } });

// The planner's layout is kept with the context's: the context's constructor inlines its own.
const probed = { ExecContext, EntityPool, Relation, RowScope, planMatch };
const functions = Object.values(probed);
for (const fn of functions) prepare(fn);
await run();
await run();
for (const fn of functions) optimizeNext(fn);
await run();
const before = Object.fromEntries(Object.entries(probed).map(([name, fn]) => [name, status(fn)]));
collect();
collect();
const after = Object.fromEntries(Object.entries(probed).map(([name, fn]) => [name, status(fn)]));
console.log(JSON.stringify({ before, after }));
await graph.close();
