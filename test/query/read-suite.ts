import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import { readResultJson } from '../../src/api/index.js';
import {
  column,
  fixture,
  fixtureGraph,
  fixtureQuery,
  graphWith,
  ndjson,
  person,
} from './query-fixtures.js';

const TEST_PG = fixture('test.pg');

/** `match { … } return { … }` as a one-query source. */
function read(body: string, params = ''): string {
  return `query q(${params}) {\n${body}\n}`;
}

/**
 * Read query behaviours (docs/reference/query.md), on a fresh root from `freshRoot` (a local
 * directory or an s3:// prefix).
 */
export function readQuerySuite(label: string, freshRoot: () => Promise<string>): void {
  describe(`read queries on the fixture graph (${label})`, () => {
    let graph: Omnigraph;
    beforeAll(async () => {
      graph = await fixtureGraph(await freshRoot());
    });
    afterAll(async () => {
      await graph.close();
    });

    it('get_person returns the exact legacy body and the head commit', async () => {
      const result = await fixtureQuery(graph, 'get_person', { name: 'Alice' });
      expect(readResultJson(result, { legacy: true })).toBe(
        '{"query_name":"get_person","target":{"branch":"main","snapshot":null},"row_count":1,"columns":["p.name","p.age"],"rows":[{"p.name":"Alice","p.age":30}]}',
      );
      const head = (await graph.snapshot()).graph_commit_id;
      expect(result.graph_commit_id).toBe(head);
      expect(readResultJson(result)).toContain(`"graph_commit_id":"${head}"`);
    });

    it('get_person of nobody returns no rows', async () => {
      const result = await fixtureQuery(graph, 'get_person', { name: 'Nobody' });
      expect(result.row_count).toBe(0);
      expect(result.rows).toEqual([]);
      expect(result.columns).toEqual(['p.name', 'p.age']);
    });

    it('filters, order and limit', async () => {
      expect((await fixtureQuery(graph, 'adults')).rows).toEqual([
        { 'p.name': 'Charlie', 'p.age': 35 },
      ]);
      expect((await fixtureQuery(graph, 'top_by_age')).rows).toEqual([
        { 'p.name': 'Charlie', 'p.age': 35 },
        { 'p.name': 'Alice', 'p.age': 30 },
      ]);
    });

    it('forward, reverse and two-hop traversals', async () => {
      const friends = await fixtureQuery(graph, 'friends_of', { name: 'Alice' });
      expect(friends.columns).toEqual(['f.name', 'f.age']);
      expect(column(friends, 'f.name').sort()).toEqual(['Bob', 'Charlie']);
      const employees = await fixtureQuery(graph, 'employees_of', { company: 'Acme' });
      expect(column(employees, 'p.name')).toEqual(['Alice']);
      const fof = await fixtureQuery(graph, 'friends_of_friends', { name: 'Alice' });
      expect(column(fof, 'fof.name')).toEqual(['Diana']);
    });

    it('unemployed is an anti-join', async () => {
      expect(column(await fixtureQuery(graph, 'unemployed'), 'p.name').sort()).toEqual([
        'Charlie',
        'Diana',
      ]);
    });

    it('friend counts group, order by alias and limit', async () => {
      const counts = await fixtureQuery(graph, 'friend_counts');
      expect(counts.columns).toEqual(['p.name', 'friends']);
      expect(counts.rows).toEqual([
        { 'p.name': 'Alice', friends: 2n },
        { 'p.name': 'Bob', friends: 1n },
      ]);
      expect(readResultJson(counts)).toContain('"rows":[{"p.name":"Alice","friends":2},');
      expect((await fixtureQuery(graph, 'top_connected')).rows).toEqual([
        { 'p.name': 'Alice', friends: 2n },
      ]);
    });

    it('a global count is one row', async () => {
      expect((await fixtureQuery(graph, 'total_people')).rows).toEqual([{ total: 4n }]);
    });

    it('sum/avg are Float64 and min/max keep Int32, per group key', async () => {
      const stats = await fixtureQuery(graph, 'age_stats');
      expect(stats.columns).toEqual([
        'c.name',
        'total_age',
        'avg_age',
        'youngest',
        'oldest',
        'headcount',
      ]);
      expect(stats.rows).toEqual([
        { 'c.name': 'Acme', total_age: 30, avg_age: 30, youngest: 30, oldest: 30, headcount: 1n },
        { 'c.name': 'Globex', total_age: 25, avg_age: 25, youngest: 25, oldest: 25, headcount: 1n },
      ]);
    });

    it('min/max of strings and a friends-of-friends count', async () => {
      const names = await graph.query({
        query: read(
          'match { $p: Person }\nreturn { min($p.name) as first_name, max($p.name) as last_name }',
        ),
      });
      expect(names.rows).toEqual([{ first_name: 'Alice', last_name: 'Diana' }]);
      const fof = await graph.query({
        query: read(
          'match { $p: Person { name: $name }\n$p knows $mid\n$mid knows $fof }\nreturn { count($fof) as fof_count }',
          '$name: String',
        ),
        params: { name: 'Alice' },
      });
      expect(fof.rows).toEqual([{ fof_count: 1n }]);
    });

    it('order by age descending over all persons', async () => {
      const result = await graph.query({
        query: read('match { $p: Person }\nreturn { $p.name }\norder { $p.age desc }'),
      });
      expect(column(result, 'p.name')).toEqual(['Charlie', 'Alice', 'Diana', 'Bob']);
    });

    it('comparison filters with params and literals', async () => {
      const younger = await graph.query({
        query: read('match { $p: Person\n$p.age < $max }\nreturn { $p.name, $p.age }', '$max: I32'),
        params: { max: 28 },
      });
      expect(younger.rows).toEqual([{ 'p.name': 'Bob', 'p.age': 25 }]);
      const older = await graph.query({
        query: read('match { $p: Person\n$p.age >= 30 }\nreturn { $p.name }'),
      });
      expect(older.row_count).toBe(2);
      const others = await graph.query({
        query: read(
          'match { $p: Person\n$p.name != "Alice" }\nreturn { $p.name }\norder { $p.name }',
        ),
      });
      expect(column(others, 'p.name')).toEqual(['Bob', 'Charlie', 'Diana']);
    });

    it('a negated traversal keeps persons without outgoing knows', async () => {
      const result = await graph.query({
        query: read('match { $p: Person\nnot { $p knows $x } }\nreturn { $p.name }'),
      });
      expect(column(result, 'p.name')).toEqual(['Charlie', 'Diana']);
    });

    it('an injection-shaped parameter is a plain value and matches nothing', async () => {
      const source = read('match { $p: Person { name: $d } }\nreturn { $p.name }', '$d: String');
      const result = await graph.query({ query: source, params: { d: "2025-01-01' OR '1'='1" } });
      expect(result.row_count).toBe(0);
      const quoted = await graph.query({ query: source, params: { d: "Alice' OR name <> '" } });
      expect(quoted.row_count).toBe(0);
    });

    it('a declared non-optional parameter left unbound is an error', async () => {
      await expect(fixtureQuery(graph, 'get_person')).rejects.toMatchObject({
        code: 'param_error',
        message: "param 'name': parameter not provided",
      });
    });

    it('names columns by the result-column rule', async () => {
      const result = await graph.query({
        query: read(
          'match { $p: Person { name: "Alice" } }\nreturn { $p, $p.name, $p.age as years, "x", $tag }',
          '$tag: String',
        ),
        params: { tag: 'T' },
      });
      expect(result.columns).toEqual(['p', 'p.name', 'years', 'literal', 'tag']);
      expect(result.rows).toEqual([
        { p: 'Alice', 'p.name': 'Alice', years: 30, literal: 'x', tag: 'T' },
      ]);
    });

    it('refuses a mutation and an unknown query name', async () => {
      await expect(
        graph.query({
          query: 'query m($n: String) { insert Person { name: $n } }',
          params: { n: 'X' },
        }),
      ).rejects.toThrow(/contains mutations/);
      await expect(fixtureQuery(graph, 'nope')).rejects.toMatchObject({ code: 'bad_request' });
    });

    it('contains and starts_with are exact, case-sensitive, with literal _ and %', async () => {
      const names = async (filter: string): Promise<unknown[]> =>
        column(
          await graph.query({
            query: read(`match { $p: Person\n${filter} }\nreturn { $p.name }\norder { $p.name }`),
          }),
          'p.name',
        );
      expect(await names('$p.name contains "li"')).toEqual(['Alice', 'Charlie']);
      expect(await names('$p.name contains "LI"')).toEqual([]);
      expect(await names('$p.name starts_with "Ch"')).toEqual(['Charlie']);
      expect(await names('$p.name starts_with "ch"')).toEqual([]);
      expect(await names('$p.name contains "_"')).toEqual([]);
      expect(await names('$p.name starts_with "%"')).toEqual([]);
    });

    it('compares two variables in memory', async () => {
      const result = await graph.query({
        query: read(
          'match { $p: Person\n$p knows $f\n$f.age > $p.age }\nreturn { $p.name, $f.name }',
        ),
      });
      expect(result.rows).toEqual([
        { 'p.name': 'Alice', 'f.name': 'Charlie' },
        { 'p.name': 'Bob', 'f.name': 'Diana' },
      ]);
    });

    it('pins a key-matched start to its id and still reads its other properties', async () => {
      const nobody = await graph.query({
        query: read(
          'match { $p: Person { name: "Nobody" }\n$p knows $f }\nreturn { $p.age, $f.name }',
        ),
      });
      expect(nobody.row_count).toBe(0);
      const alice = await graph.query({
        query: read(
          'match { $p: Person { name: "Alice" }\n$p knows $f }\nreturn { $p.age, $f.name }\norder { $f.name }',
        ),
      });
      expect(alice.rows).toEqual([
        { 'p.age': 30, 'f.name': 'Bob' },
        { 'p.age': 30, 'f.name': 'Charlie' },
      ]);
      const filtered = await graph.query({
        query: read(
          'match { $p: Person { name: "Alice" }\n$p knows $f\n$f.name != "Bob" }\nreturn { $f.name }',
        ),
      });
      expect(column(filtered, 'f.name')).toEqual(['Charlie']);
    });

    it('anti-joins on reverse and multi-hop existence', async () => {
      const unknown = await graph.query({
        query: read('match { $p: Person\nnot { $x knows $p } }\nreturn { $p.name }'),
      });
      expect(column(unknown, 'p.name')).toEqual(['Alice']);
      const noTwoHops = await graph.query({
        query: read('match { $p: Person\nnot { $p knows{2,2} $x } }\nreturn { $p.name }'),
      });
      expect(column(noTwoHops, 'p.name')).toEqual(['Bob', 'Charlie', 'Diana']);
      const filteredInner = await graph.query({
        query: read('match { $p: Person\nnot { $p knows $x\n$x.age > 30 } }\nreturn { $p.name }'),
      });
      expect(column(filteredInner, 'p.name')).toEqual(['Bob', 'Charlie', 'Diana']);
    });

    it('counts rows and non-NULL values, with filters', async () => {
      const counts = await graph.query({
        query: read(
          'match { $p: Person\n$p.age >= 28 }\nreturn { count($p) as n, count($p.age) as aged }',
        ),
      });
      expect(counts.rows).toEqual([{ n: 3n, aged: 3n }]);
      const none = await graph.query({
        query: read('match { $p: Person\n$p.age > 99 }\nreturn { count($p) as n }'),
      });
      expect(none.rows).toEqual([{ n: 0n }]);
    });

    it('evaluates now() once per query', async () => {
      const result = await graph.query({
        query: read(
          'match { $p: Person }\nreturn { $p.name, now() as a, now() as b }\norder { $p.name }',
        ),
      });
      const stamps = new Set(result.rows.flatMap((row) => [row.a, row.b]));
      expect(stamps.size).toBe(1);
      const [stamp] = [...stamps];
      expect(typeof stamp).toBe('string');
      expect(Math.abs(Date.parse(stamp as string) - Date.now())).toBeLessThan(60_000);
    });
  });

  describe(`read queries on small graphs (${label})`, () => {
    const graphs: Omnigraph[] = [];
    afterAll(async () => {
      await Promise.all(graphs.map((graph) => graph.close()));
    });
    const open = async (data: readonly object[], schema = TEST_PG): Promise<Omnigraph> => {
      const graph = await graphWith(await freshRoot(), schema, ndjson(data));
      graphs.push(graph);
      return graph;
    };
    const names = async (
      graph: Omnigraph,
      source: string,
      params?: Record<string, unknown>,
    ): Promise<unknown[]> => column(await graph.query({ query: source, params }), 'p.name');

    it('nobody is unemployed when everyone works somewhere', async () => {
      const graph = await open([
        person('Alice', 30),
        person('Bob', 25),
        { type: 'Company', data: { name: 'Acme' } },
        { edge: 'WorksAt', from: 'Alice', to: 'Acme' },
        { edge: 'WorksAt', from: 'Bob', to: 'Acme' },
      ]);
      expect((await fixtureQuery(graph, 'unemployed')).row_count).toBe(0);
    });

    it('a count over a graph with one person', async () => {
      const graph = await open([person('Alice', 30)]);
      expect((await fixtureQuery(graph, 'total_people')).rows).toEqual([{ total: 1n }]);
    });

    it('ties are broken by entity id ascending', async () => {
      const graph = await open([person('Bob', 30), person('Alice', 30), person('Charlie', 25)]);
      const body = 'match { $p: Person }\nreturn { $p.name }\n';
      expect(await names(graph, read(`${body}order { $p.age desc, $p.name asc }`))).toEqual([
        'Alice',
        'Bob',
        'Charlie',
      ]);
      expect(await names(graph, read(`${body}order { $p.age asc }`))).toEqual([
        'Charlie',
        'Alice',
        'Bob',
      ]);
    });

    it('NULLs sort first ascending, last descending, and never match a filter', async () => {
      const graph = await open([person('Alice', 30), person('Bob', null), person('Charlie', 25)]);
      const body = 'match { $p: Person }\nreturn { $p.name }\n';
      expect(await names(graph, read(`${body}order { $p.age asc }`))).toEqual([
        'Bob',
        'Charlie',
        'Alice',
      ]);
      expect(await names(graph, read(`${body}order { $p.age desc }`))).toEqual([
        'Alice',
        'Charlie',
        'Bob',
      ]);
      const graph19 = await open([person('Alice', 30), person('Bob'), person('Charlie', 35)]);
      expect(
        await names(graph19, read('match { $p: Person\n$p.age > 30 }\nreturn { $p.name }')),
      ).toEqual(['Charlie']);
      expect(
        await names(graph19, read('match { $p: Person\n$p.age != 30 }\nreturn { $p.name }')),
      ).toEqual(['Charlie']);
      const nullParam = read(
        'match { $p: Person\n$p.age > $min }\nreturn { $p.name }',
        '$min: I32?',
      );
      expect(await names(graph19, nullParam)).toEqual([]);
      const counted = await graph19.query({
        query: read(
          'match { $p: Person }\nreturn { count($p) as n, count($p.age) as aged, avg($p.age) as mean }',
        ),
      });
      expect(counted.rows).toEqual([{ n: 3n, aged: 2n, mean: 32.5 }]);
    });
  });
}
