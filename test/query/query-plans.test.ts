import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  renderQueryPlan,
  type QueryPlanNode,
  type QueryProfileOutput,
  type ReadOutput,
} from '../../src/api/index.js';
import { compileSchema } from '../../src/compiler/schema/compile-schema.js';
import type { CommitRecord } from '../../src/engine/root/commit-record.js';
import type { LanceTables } from '../../src/engine/lance/lance-tables.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  createQueryServices,
  explainReadQuery,
  runReadQuery,
} from '../../src/engine/query/index.js';
import { Snapshot } from '../../src/engine/snapshot/snapshot.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import { column, fixture, graphWith, ndjson, person } from './query-fixtures.js';

const TEST_PG = fixture('test.pg');
const TEST_GQ = fixture('test.gq');

/** `match { … } return { … }` as a one-query source. */
function read(body: string, params = ''): string {
  return `query q(${params}) {\n${body}\n}`;
}

/** The operators of a node's children, in order. */
function operators(node: QueryPlanNode): string[] {
  return node.children.map((child) => child.operator);
}

/** The node's children's row counts, in order (undefined for those that did not run). */
function rowsOf(node: QueryPlanNode): (number | undefined)[] {
  return node.children.map((child) => child.rows);
}

/** A plan tree without the figures a profile adds: what explain reports. */
function withoutFigures(node: QueryPlanNode): QueryPlanNode {
  return {
    operator: node.operator,
    detail: node.detail,
    ...(node.estimated_rows === undefined ? {} : { estimated_rows: node.estimated_rows }),
    children: node.children.map(withoutFigures),
  };
}

describe('read plans: the plan chosen, explain and profile', () => {
  const graphs: Omnigraph[] = [];
  /** A graph of `schema` and `data`, traversing through the topology index (strategy `csr`). */
  const open = async (schema: string, data: string): Promise<Omnigraph> => {
    const graph = await graphWith(await freshTempDir('plans'), schema, data, {
      traversal: { mode: 'csr' },
    });
    graphs.push(graph);
    return graph;
  };
  let graph: Omnigraph;
  beforeAll(async () => {
    graph = await open(TEST_PG, fixture('test.jsonl'));
  });
  afterAll(async () => {
    await Promise.all(graphs.map((opened) => opened.close()));
  });

  /** Runs a query with profiling: its result and its profile (whose tree explain matches). */
  async function profiled(
    on: Omnigraph,
    query: string,
    name?: string,
    params?: Record<string, unknown>,
  ): Promise<{ result: ReadOutput; profile: QueryProfileOutput }> {
    const request = { query, ...(name === undefined ? {} : { name }), params };
    const result = await on.query(request, { profile: true });
    const { profile } = result;
    if (profile === undefined) throw new Error('no profile');
    expect(withoutFigures(profile.plan)).toEqual((await on.explain(request)).plan);
    expect(profile.plan.rows).toBe(result.row_count);
    return { result, profile };
  }

  it('answers a global count by count pushdown', async () => {
    const { result, profile } = await profiled(graph, TEST_GQ, 'total_people');
    expect(result.rows).toEqual([{ total: 4n }]);
    expect(profile.plan).toMatchObject({ operator: 'count-pushdown', rows: 1, children: [] });
  });

  it('answers counts of reached nodes per group by reach count, stage by stage', async () => {
    const { result, profile } = await profiled(graph, TEST_GQ, 'friend_counts');
    expect(result.rows).toEqual([
      { 'p.name': 'Alice', friends: 2n },
      { 'p.name': 'Bob', friends: 1n },
    ]);
    expect(profile.plan.operator).toBe('reach-count');
    expect(operators(profile.plan)).toEqual(['scan', 'reach', 'aggregate', 'order']);
    // 4 persons, 3 knows pairs (never built), 2 persons with friends.
    expect(rowsOf(profile.plan)).toEqual([4, 3, 2, 2]);
    expect(profile.plan.children[1]?.strategy).toBe('csr');
  });

  it('aggregates over a traversal by reach aggregation while sums are exact', async () => {
    const { result, profile } = await profiled(graph, TEST_GQ, 'age_stats');
    expect(column(result, 'c.name')).toEqual(['Acme', 'Globex']);
    expect(profile.plan.operator).toBe('reach-aggregate');
    expect(operators(profile.plan)).toEqual([
      'scan',
      'scan',
      'reach',
      'aggregate',
      'order',
      'fallback',
    ]);
    const fallback = profile.plan.children[5];
    expect(fallback?.rows).toBeUndefined();
    expect(fallback?.children[0]?.rows).toBeUndefined();
  });

  it('runs the fallback plan of a reach aggregation when a sum is inexact', async () => {
    const schema = `node Person { name: String @key\n  score: F64? }\nnode Team { name: String @key }\nedge MemberOf: Person -> Team`;
    const scores = [0.1, 0.2, 0.25, 1];
    const teamed = await open(
      schema,
      ndjson([
        ...scores.map((score, index) => ({ type: 'Person', data: { name: `P${index}`, score } })),
        ...['Red', 'Blue'].map((name) => ({ type: 'Team', data: { name } })),
        ...scores.map((_, index) => ({
          edge: 'MemberOf',
          from: `P${index}`,
          to: index % 2 === 0 ? 'Red' : 'Blue',
        })),
      ]),
    );
    const { result, profile } = await profiled(
      teamed,
      read(
        'match { $p: Person\n$p memberOf $t }\nreturn { $t.name, sum($p.score) as total, count($p) as n }\norder { $t.name }',
      ),
    );
    // Summed in the join's order, as the general plan does.
    expect(result.rows).toEqual([
      { 't.name': 'Blue', total: 0.2 + 1, n: 2n },
      { 't.name': 'Red', total: 0.1 + 0.25, n: 2n },
    ]);
    expect(profile.plan.operator).toBe('reach-aggregate');
    const fallback = profile.plan.children.find((child) => child.operator === 'fallback');
    expect(fallback?.rows).toBe(2);
    expect(operators(fallback as QueryPlanNode)).toEqual([
      'scan',
      'traverse',
      'aggregate',
      'order',
    ]);
    expect(rowsOf(fallback as QueryPlanNode)).toEqual([4, 4, 2, 2]);
    // The fast path's own ordering never ran.
    expect(profile.plan.children[4]).toMatchObject({ operator: 'order' });
    expect(profile.plan.children[4]?.rows).toBeUndefined();
  });

  it('pushes nearest and bm25 top-k into a ranked scan', async () => {
    const docs = await open(fixture('search.pg'), fixture('search.jsonl'));
    const source = fixture('search.gq');
    const vector = await profiled(docs, source, 'vector_search', { q: [0.1, 0.2, 0.3, 0.4] });
    expect(column(vector.result, 'd.slug')).toEqual(['ml-intro', 'nlp-guide', 'rl-intro']);
    expect(vector.profile.plan.operator).toBe('ranked-scan');
    expect(operators(vector.profile.plan)).toEqual(['top-k', 'order', 'limit', 'project']);
    expect(vector.profile.plan.children.at(-1)?.rows).toBe(3);
    const bm25 = await profiled(docs, source, 'bm25_search', { q: 'Learning' });
    expect(column(bm25.result, 'd.slug')).toEqual(['dl-basics', 'ml-intro', 'rl-intro']);
    expect(bm25.profile.plan.operator).toBe('ranked-scan');
    expect(bm25.profile.plan.children[0]?.detail).toContain('bm25($d.title, $q)');
  });

  it('runs a general match in its planned order, counting the rows of every step', async () => {
    const { result, profile } = await profiled(
      graph,
      read(
        'match { $p: Person\n$p knows $m\n$m knows $f\n$f.age > $p.age }\nreturn { $p.name, $f.name }',
      ),
    );
    expect(result.rows).toEqual([]);
    expect(profile.plan.operator).toBe('match');
    expect(operators(profile.plan)).toEqual([
      'scan',
      'traverse',
      'traverse',
      'filter',
      'order',
      'project',
    ]);
    // 4 persons; 3 (p, m) pairs; Alice → Bob → Diana; Diana (28) is younger than Alice (30).
    expect(rowsOf(profile.plan)).toEqual([4, 3, 1, 0, 0, 0]);
    expect(profile.plan.children.slice(1, 3).map((child) => child.strategy)).toEqual([
      'csr',
      'csr',
    ]);
    const older = await profiled(
      graph,
      read(
        'match { $p: Person\n$p knows $m\n$m knows $f\n$f.age > 20 }\nreturn { $p.name, $f.name }',
      ),
    );
    expect(older.result.rows).toEqual([{ 'p.name': 'Alice', 'f.name': 'Diana' }]);
    // $f has a pushed filter: the plan starts there and traverses back.
    expect(older.profile.plan.children[0]?.detail).toBe('Person $f  filters: $f.age > 20');
    expect(rowsOf(older.profile.plan)).toEqual([4, 3, 1, 1, 1]);
  });

  it('plans a not { } block as a nested plan seeded by the outer variables', async () => {
    const { result, profile } = await profiled(
      graph,
      read(
        'match { $p: Person\nnot { $p worksAt $c\n$c.name = "Acme" } }\nreturn { $p.name }\norder { $p.name }',
      ),
    );
    expect(column(result, 'p.name')).toEqual(['Bob', 'Charlie', 'Diana']);
    expect(operators(profile.plan)).toEqual(['scan', 'anti-join', 'order', 'project']);
    const antiJoin = profile.plan.children[1] as QueryPlanNode;
    expect(antiJoin.detail).toContain('seed: $p');
    expect(operators(antiJoin)).toEqual(['traverse', 'constrain']);
    // The block runs once on the 4 distinct persons: 2 work somewhere, 1 at Acme.
    expect(rowsOf(antiJoin)).toEqual([2, 1]);
    expect(antiJoin.rows).toBe(3);
    const unemployed = await profiled(graph, TEST_GQ, 'unemployed');
    expect(operators(unemployed.profile.plan)).toEqual([
      'scan',
      'anti-join-edge',
      'order',
      'project',
    ]);
  });

  it('stops a match early once no row is left, reporting the steps that did not run', async () => {
    const { result, profile } = await profiled(
      graph,
      read('match { $p: Person { age: 99 }\n$p knows $f }\nreturn { $f.name }'),
    );
    expect(result.rows).toEqual([]);
    expect(rowsOf(profile.plan)).toEqual([0, undefined, 0, 0]);
    expect(renderQueryPlan(profile)).toMatch(
      /\n {2}traverse {2}\$p -Knows-> \$f {2}from \$p {2}\(est\. \d+ rows?\) {2}not run\n/u,
    );
  });

  it('renders explain and profile one operator per line, children indented', async () => {
    const request = { query: TEST_GQ, name: 'friends_of', params: { name: 'Alice' } };
    const explained = renderQueryPlan(await graph.explain(request));
    expect(explained.split('\n')).toEqual([
      'query friends_of',
      'match  $p: Person, $f: Person  (est. 1 row)',
      '  key-seed  Person $p  id "Alice"  from $p.name = $name, no read  (est. 1 row)',
      '  traverse  $p -Knows-> $f  from $p  (est. 1 row)',
      '  order  ids of $p, $f  (est. 1 row)',
      '  project  $f.name, $f.age  (est. 1 row)',
    ]);
    const { profile } = await graph.query(request, { profile: true });
    const lines = renderQueryPlan(profile as QueryProfileOutput).split('\n');
    expect(lines[3]).toMatch(/^ {2}traverse .* rows=2 {2}time=\d+\.\d{3}ms {2}strategy=csr$/u);
    expect(lines.at(-2)).toMatch(/^total \d+\.\d{3}ms$/u);
    // The traversal built the Knows topology, which the caches now hold.
    expect(lines.at(-1)).toMatch(
      /^caches \d+\.\d of \d+\.\d MiB: .*topology \d+\.\d MiB \(\d+ entr(y|ies)\)/u,
    );
  });
});

describe('explain reads no table', () => {
  const catalog = compileSchema(TEST_PG);
  const counts: Record<string, number> = {
    'node:Person': 4,
    'node:Company': 2,
    'edge:Knows': 3,
    'edge:WorksAt': 2,
  };
  const commit = {
    graph_commit_id: 'c1',
    manifest: {
      schemaId: 's1',
      tables: Object.fromEntries(
        Object.entries(counts).map(([key, rowCount]) => [
          key,
          { table: key, branch: 'main', version: 1, rowCount },
        ]),
      ),
    },
  } as unknown as CommitRecord;
  let reads = 0;
  const tables = {
    reader: () => {
      reads += 1;
      return Promise.reject(new Error('a table was read'));
    },
  } as unknown as LanceTables;
  const snapshot = new Snapshot(commit, { id: 's1', source: TEST_PG, catalog }, tables);
  const services = createQueryServices();
  const request = (query: string, name?: string, params?: object) => ({
    source: query,
    name,
    params,
    target: { branch: 'main', snapshot: null },
  });

  it('plans every kind of read from the manifest and the catalog alone', async () => {
    const kinds = [
      explainReadQuery(snapshot, request(TEST_GQ, 'total_people'), services),
      explainReadQuery(snapshot, request(TEST_GQ, 'friend_counts'), services),
      explainReadQuery(snapshot, request(TEST_GQ, 'age_stats'), services),
      explainReadQuery(snapshot, request(TEST_GQ, 'friends_of', { name: 'Alice' }), services),
      explainReadQuery(snapshot, request(TEST_GQ, 'unemployed'), services),
    ].map((explained) => explained.plan.operator);
    expect(kinds).toEqual(['count-pushdown', 'reach-count', 'reach-aggregate', 'match', 'match']);
    expect(reads).toBe(0);
    // Running reads tables, which this snapshot refuses.
    await expect(runReadQuery(snapshot, request(TEST_GQ, 'unemployed'), services)).rejects.toThrow(
      'a table was read',
    );
    expect(reads).toBeGreaterThan(0);
  });

  it('estimates rows from the manifest row counts', () => {
    const { plan } = explainReadQuery(snapshot, request(TEST_GQ, 'unemployed'), services);
    expect(plan.children[0]).toMatchObject({ operator: 'scan', estimated_rows: 4 });
  });
});

describe('profile figures on a larger graph', () => {
  it('counts the rows of each stage of a reach count', async () => {
    const ages = Array.from({ length: 30 }, (_, index) => 20 + (index % 9));
    const edges = Array.from({ length: 90 }, (_, index) => ({
      from: index % 30,
      to: (index * 7 + 1 + Math.floor(index / 30)) % 30,
    }));
    const graph = await graphWith(
      await freshTempDir('plans-large'),
      TEST_PG,
      ndjson([
        ...ages.map((age, index) => person(`P${index}`, age)),
        ...edges.map(({ from, to }) => ({ edge: 'Knows', from: `P${from}`, to: `P${to}` })),
      ]),
    );
    try {
      const result = await graph.query(
        {
          query: read(
            'match { $p: Person\n$p.age > 24\n$p knows $f }\nreturn { $p.name, count($f) as n }\norder { n desc }\nlimit 5',
          ),
        },
        { profile: true },
      );
      const plan = result.profile?.plan as QueryPlanNode;
      expect(plan.operator).toBe('reach-count');
      const anchors = new Set(ages.flatMap((age, index) => (age > 24 ? [index] : [])));
      const pairs = new Set(
        edges.filter(({ from }) => anchors.has(from)).map(({ from, to }) => `${from}>${to}`),
      );
      const reaching = new Set([...pairs].map((pair) => pair.split('>')[0]));
      expect(rowsOf(plan)).toEqual([anchors.size, pairs.size, reaching.size, 5]);
      expect(result.row_count).toBe(5);
    } finally {
      await graph.close();
    }
  });
});
