// Compiler throughput: parses and typechecks a file of 1,000 varied queries over the test
// fixture schema and prints {queries, parse_ms, typecheck_ms, queries_per_second, grammar_lines}.
// Run with `npm run bench -- compiler`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseQuery, typecheckQueries } from '../src/compiler/query/index.js';
import { compileSchema } from '../src/compiler/schema/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const QUERIES = 1000;
// The generated parser runs several times slower until the JIT has warmed it up; a server
// compiles many queries, so the steady state is what we report (median of the measured rounds).
const WARMUP_ROUNDS = 10;
const ROUNDS = 10;

const FILTERS = [
  '$p.age > 30',
  '$p.age <= $max',
  '$p.name != "Bob"',
  '$p.name starts_with "A"',
  '$p.name contains "li"',
];
const TRAVERSALS = ['$p knows $f', '$p knows{1,3} $f', '$p <knows> $f', '$p $w:knows $f'];

/** The i-th query of the file: reads with filters, traversals, negations, aggregates, order, and mutations. */
function query(i: number): string {
  const filter = FILTERS[i % FILTERS.length] ?? '';
  const traversal = TRAVERSALS[i % TRAVERSALS.length] ?? '';
  switch (i % 6) {
    case 0:
      return `query q${i}($name: String) {\n  match { $p: Person { name: $name } }\n  return { $p.name, $p.age }\n}`;
    case 1:
      return `query q${i}($max: I32) {\n  match {\n    $p: Person\n    ${filter}\n  }\n  return { $p.name, $p.age as years }\n  order { $p.age desc, $p.name }\n  limit ${1 + (i % 50)}\n}`;
    case 2:
      return `query q${i}() {\n  match {\n    $p: Person\n    ${traversal}\n    not { $f worksAt $_ }\n  }\n  return { $p.name, $f.name }\n}`;
    case 3:
      return `query q${i}() {\n  match {\n    $p: Person\n    $p worksAt $c\n  }\n  return {\n    $c.name\n    count($p) as headcount\n    avg($p.age) as avg_age\n  }\n  order { headcount desc }\n  limit 10\n}`;
    case 4:
      return `query q${i}($name: String, $age: I32?) {\n  insert Person { name: $name, age: $age }\n  insert Knows { from: $name, to: "Alice", since: date("2024-01-0${1 + (i % 9)}") }\n}`;
    default:
      return `query q${i}($name: String, $age: I32) {\n  update Person set { age: $age } where name = $name\n}`;
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function timed<T>(run: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = run();
  return { result, ms: performance.now() - start };
}

const catalog = compileSchema(readFileSync(path.join(root, 'test/fixtures/test.pg'), 'utf8'));
const source = Array.from({ length: QUERIES }, (_, i) => query(i)).join('\n\n');
const parseTimes: number[] = [];
const typecheckTimes: number[] = [];
for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round += 1) {
  const parsed = timed(() => parseQuery(source, { file: 'bench.gq' }));
  const checked = timed(() => typecheckQueries(catalog, parsed.result));
  if (checked.result.length !== QUERIES) throw new Error('not every query compiled');
  if (round < WARMUP_ROUNDS) continue;
  parseTimes.push(parsed.ms);
  typecheckTimes.push(checked.ms);
}
const parseMs = median(parseTimes);
const typecheckMs = median(typecheckTimes);
const grammar = readFileSync(path.join(root, 'src/compiler/grammar/query.peggy'), 'utf8');
console.log(
  JSON.stringify(
    {
      queries: QUERIES,
      parse_ms: Number(parseMs.toFixed(2)),
      typecheck_ms: Number(typecheckMs.toFixed(2)),
      queries_per_second: Math.round(QUERIES / ((parseMs + typecheckMs) / 1000)),
      grammar_lines: grammar.split('\n').length,
    },
    null,
    2,
  ),
);
