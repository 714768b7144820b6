import { describe, expect, it } from 'vitest';
import type { QueryIR, ReadQueryIR } from '../../../compiler/ir/query-ir.js';
import { bindParams } from '../../../compiler/params/bind-params.js';
import { compileQuery } from '../../../compiler/query/compile-queries.js';
import { compileSchema } from '../../../compiler/schema/compile-schema.js';
import type { MatchPlan } from './match-plan.js';
import type { PhysicalPlan } from './physical-plan.js';
import type { PlanInputs } from './plan-inputs.js';
import { planRead } from './plan-read.js';

const CATALOG = compileSchema(`
node Person { name: String @key
  age: I32?
  score: F64? }
node Company { name: String @key }
node Doc { slug: String @key
  title: String @index
  embedding: Vector(4) }
edge Knows: Person -> Person { since: Date? }
edge WorksAt: Person -> Company
`);

/** What planning sees of a graph: row counts and derived key columns; no table. */
const TABLES: ReadonlyMap<string, number> = new Map([
  ['node:Person', 1000],
  ['node:Company', 50],
  ['node:Doc', 200],
  ['edge:Knows', 8000],
  ['edge:WorksAt', 900],
]);
const DERIVED: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['Person', new Set(['name'])],
  ['Company', new Set(['name'])],
  ['Doc', new Set(['slug'])],
]);

/** Freezes a value and everything it holds, so that any write to it throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (value instanceof Map || value instanceof Set) {
      for (const entry of value instanceof Map ? [...value.entries()].flat() : [...value])
        deepFreeze(entry);
    } else {
      for (const field of Object.values(value)) deepFreeze(field);
    }
  }
  return value;
}

function readQuery(source: string): ReadQueryIR {
  const query: QueryIR = compileQuery(CATALOG, source);
  if (query.kind !== 'read') throw new Error('not a read');
  return query;
}

/** The plan of a one-query source, from frozen plain inputs. */
function plan(source: string, params: object = {}): PhysicalPlan {
  const query = deepFreeze(readQuery(source));
  const inputs: PlanInputs = deepFreeze({
    operands: { params: bindParams(query, params), nowMs: 0 },
    rowCounts: TABLES,
    derivedColumns: DERIVED,
  });
  return planRead(query, inputs);
}

/** The steps of a match plan, one short line each (nested anti-join plans in brackets). */
function steps(match: MatchPlan): string[] {
  return match.steps.map((step) => {
    switch (step.kind) {
      case 'scan':
      case 'key-seed':
        return `${step.kind} $${step.variable}`;
      case 'traverse':
        return `traverse $${step.from} -> ${step.binds.map((name) => `$${name}`).join(' ') || 'check'}`;
      case 'constrain':
        return `constrain $${step.variable}`;
      case 'filter':
        return `filter ${String(step.filters.length)}`;
      case 'anti-join':
        return `anti-join [${steps(step.plan).join(', ')}]`;
      case 'anti-join-edge':
        return `anti-join-edge $${step.from}`;
    }
  });
}

function matchSteps(physical: PhysicalPlan): string[] {
  if (physical.kind !== 'match') throw new Error(`a ${physical.kind} plan`);
  return steps(physical.match);
}

describe('planRead (pure: plain inputs, no snapshot)', () => {
  it('answers a count of one filtered variable from row counts', () => {
    const counted = plan(
      'query q() { match { $p: Person\n$p.age > 60 } return { count($p) as n } }',
    );
    expect(counted).toMatchObject({ kind: 'count-pushdown', counted: [undefined] });
  });

  it('counts reached nodes per group without building pairs', () => {
    const reached = plan(
      'query q() { match { $p: Person\n$p knows $f } return { $p.name, count($f) as n } order { n desc } limit 3 }',
    );
    expect(reached).toMatchObject({
      kind: 'reach-count',
      fromSource: true,
      anchor: { variable: 'p', columns: ['name'] },
      uniqueKeys: true,
      output: { order: { limit: 3 } },
    });
  });

  it('plans a reach aggregation with the general plan as its fallback', () => {
    const aggregated = plan(
      'query q() { match { $p: Person\n$p worksAt $c } return { $c.name, sum($p.score) as total } }',
    );
    expect(aggregated.kind).toBe('reach-aggregate');
    if (aggregated.kind !== 'reach-aggregate') return;
    expect(aggregated.group.variable).toBe('c');
    expect(aggregated.other).toMatchObject({ variable: 'p', columns: ['score'] });
    expect(aggregated.fallback.output.kind).toBe('groups');
    expect(steps(aggregated.fallback.match)).toEqual(['scan $p', 'traverse $p -> $c']);
  });

  it('pushes a top-k ranking into the scan of one variable', () => {
    const ranked = plan(
      'query q($q: Vector(4)) { match { $d: Doc } return { $d.slug } order { nearest($d.embedding, $q) } limit 4 }',
      { q: [0.1, 0.2, 0.3, 0.4] },
    );
    expect(ranked).toMatchObject({
      kind: 'ranked-scan',
      scan: { variable: 'd', fetch: 18, ranking: { kind: 'nearest' } },
      output: { kind: 'rows', limit: { count: 4 } },
    });
  });

  it('fixes the join order: start, traversals, filters once bound, anti-joins', () => {
    const general = plan(
      `query q($n: String) { match { $p: Person { name: $n }
        $p knows $m
        $m knows $f
        $f.age > $p.age
        not { $f worksAt $c
          $c.name = "Acme" } }
      return { $f.name } }`,
      { n: 'P1' },
    );
    // $p is scanned, not pinned by its key: the residual filter reads its age.
    expect(matchSteps(general)).toEqual([
      'scan $p',
      'traverse $p -> $m',
      'traverse $m -> $f',
      'filter 1',
      'anti-join [traverse $f -> $c, constrain $c]',
    ]);
    if (general.kind !== 'match' || general.output.kind !== 'rows') return;
    expect(general.output.order.ties).toEqual(['p', 'm', 'f']);
    expect(general.output.limit).toBeUndefined();
  });

  it('pins a start variable by its key when a traversal proves it exists', () => {
    expect(
      matchSteps(
        plan('query q() { match { $p: Person { name: "P1" }\n$p knows $f } return { $f.name } }'),
      ),
    ).toEqual(['key-seed $p', 'traverse $p -> $f']);
  });

  it('starts from the most constrained variable and checks traversals between bound ones', () => {
    const general = plan(
      `query q() { match { $a: Person
        $b: Person { age: 30 }
        $a knows $b
        $b knows $a } return { $a.name } }`,
    );
    expect(matchSteps(general)).toEqual(['scan $b', 'traverse $b -> $a', 'traverse $b -> check']);
  });

  it('answers an edge-existence negation from reach counts', () => {
    expect(
      matchSteps(
        plan('query q() { match { $p: Person\nnot { $p worksAt $_ } } return { $p.name } }'),
      ),
    ).toEqual(['scan $p', 'anti-join-edge $p']);
  });

  it('pushes a NULL operand (it matches nothing) and keeps what Lance cannot express in memory', () => {
    const nulled = plan(
      'query q($n: String?) { match { $p: Person\n$p.name = $n } return { $p.name } }',
      { n: null },
    );
    if (nulled.kind !== 'match') throw new Error(nulled.kind);
    expect(nulled.match.steps[0]).toMatchObject({
      kind: 'scan',
      filters: [{ filter: { kind: 'in', column: 'name', values: [] } }],
    });
    const prefixed = plan(
      'query q() { match { $p: Person\n$p.name starts_with "P1" } return { $p.name } }',
    );
    expect(matchSteps(prefixed)).toEqual(['scan $p', 'filter 1']);
  });

  it('gives the same plan for the same inputs, with estimates from the row counts', () => {
    const source =
      'query q() { match { $p: Person\n$p knows $f\n$f.age > 30 } return { $p.name, $f.name } }';
    const first = plan(source);
    expect(plan(source)).toEqual(first);
    // $f has a pushed filter, so it is the start; a range keeps a third of the rows.
    expect(matchSteps(first)).toEqual(['scan $f', 'traverse $f -> $p']);
    if (first.kind !== 'match') return;
    expect(first.match.steps.map((step) => Math.round(step.estimatedRows))).toEqual([333, 2667]);
  });
});

describe('planRead: how a limited read streams', () => {
  /** The row flow of a general plan. */
  function flow(source: string): string {
    const planned = plan(`query q() { ${source} }`);
    if (planned.kind !== 'match') throw new Error(`a ${planned.kind} plan`);
    const rowFlow = planned.flow;
    return rowFlow.kind === 'materialized' || rowFlow.kind === 'id-ordered'
      ? rowFlow.kind
      : `${rowFlow.kind} after ${rowFlow.head} limit ${rowFlow.limit}`;
  }

  it('pushes the limit into a match whose steps bind the variables in tie order', () => {
    expect(flow('match { $p: Person\n$p knows{1,9} $f } return { $p.name, $f.name } limit 5')).toBe(
      'limit-pushdown after 1 limit 5',
    );
    // A traversal yields its (node, edge) pairs by node id, then edge id: ties $p, $f, $w.
    expect(flow('match { $p: Person\n$p $w:knows $f } return { $w.since } limit 2')).toBe(
      'limit-pushdown after 1 limit 2',
    );
    // A start pinned by its key is one row, in order.
    expect(
      flow('match { $p: Person { name: "P1" }\n$p knows $f } return { $f.name } limit 5'),
    ).toBe('limit-pushdown after 1 limit 5');
    // Filters and anti-joins keep the order of the rows they keep.
    expect(
      flow(
        'match { $p: Person\n$p knows $f\n$f.age > $p.age\nnot { $f worksAt $_ } } return { $f.name } limit 3',
      ),
    ).toBe('limit-pushdown after 1 limit 3');
  });

  it('builds the rows of one filtered scan in id order, with no sort', () => {
    expect(flow('match { $p: Person\n$p.age > 3 } return { $p.name }')).toBe('id-ordered');
    expect(flow('match { $p: Person\n$p.age > 3 } return { $p.name } limit 5')).toBe('id-ordered');
    // Steps that only drop rows keep the scan's order.
    expect(flow('match { $p: Person\n$p.age > 3\nnot { $p worksAt $_ } } return { $p.name }')).toBe(
      'id-ordered',
    );
    // An unfiltered scan keeps its table order (caches are keyed by that list of rows).
    expect(flow('match { $p: Person } return { $p.name }')).toBe('materialized');
    // Order keys, or a second variable, order the rows otherwise.
    expect(flow('match { $p: Person\n$p.age > 3 } return { $p.name } order { $p.age }')).toBe(
      'materialized',
    );
    expect(flow('match { $p: Person\n$p.age > 3\n$p knows $f } return { $f.name }')).toBe(
      'materialized',
    );
  });

  it('keeps a bounded top-k when the rows cannot come out in result order', () => {
    expect(
      flow('match { $p: Person\n$p knows $f } return { $f.name } order { $f.age desc } limit 5'),
    ).toBe('top-k after 1 limit 5');
    // $f is the start (it has a pushed filter), but $p's ids break ties first.
    expect(flow('match { $p: Person\n$p knows $f\n$f.age > 30 } return { $f.name } limit 5')).toBe(
      'top-k after 1 limit 5',
    );
    // Two edge variables: ties end with both edges, but each traversal yields its edge next to its node.
    expect(
      flow('match { $a: Person\n$a $v:knows $b\n$b $w:knows $c } return { $c.name } limit 5'),
    ).toBe('top-k after 1 limit 5');
  });

  it('keeps the rows materialized when streaming would not bound anything or is not exact', () => {
    // No limit: every row is the result.
    expect(flow('match { $p: Person\n$p knows $f } return { $f.name }')).toBe('materialized');
    // Nothing multiplies rows after the scan: no stage holds more than the scan.
    expect(flow('match { $p: Person } return { $p.name } limit 5')).toBe('materialized');
    // Groups need every row.
    expect(
      flow(
        'match { $p: Person\n$p knows $f\n$f knows $g } return { $g.name, count($p) as n } limit 5',
      ),
    ).toBe('materialized');
    // Search values are computed over all the candidates at once.
    expect(
      flow('match { $d: Doc\n$e: Doc\nsearch($e.title, "x") } return { $d.slug, $e.slug } limit 5'),
    ).toBe('materialized');
  });
});
