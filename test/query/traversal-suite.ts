import { afterAll, describe, expect, it } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import { column, fixture, graphWith, knows, ndjson, person } from './query-fixtures.js';

const TEST_PG = fixture('test.pg');
const MODES = ['indexed', 'csr', 'auto'] as const;

function from(name: string, traversal: string, ret = '$f.name'): string {
  return `query q() {\nmatch { $p: Person { name: "${name}" }\n${traversal} }\nreturn { ${ret} }\n}`;
}

/**
 * Traversal behaviours (docs/reference/query.md, "Semantics") under each traversal strategy,
 * forced through the `traversal.mode` setting.
 */
export function traversalSuite(label: string, freshRoot: () => Promise<string>): void {
  describe.each(MODES)(`traversals with traversal mode %s (${label})`, (mode) => {
    const graphs: Omnigraph[] = [];
    afterAll(async () => {
      await Promise.all(graphs.map((graph) => graph.close()));
    });
    const open = async (data: readonly object[]): Promise<Omnigraph> => {
      const graph = await graphWith(await freshRoot(), TEST_PG, ndjson(data), {
        traversal: { mode },
      });
      graphs.push(graph);
      return graph;
    };
    const names = async (graph: Omnigraph, source: string): Promise<unknown[]> =>
      column(await graph.query({ query: source }), 'f.name').sort();

    it('undirected traversal has set semantics', async () => {
      const people = ['Alice', 'Bob', 'Charlie', 'Diana'].map((name) => person(name, 30));
      const graph = await open([
        ...people,
        knows('Alice', 'Bob'),
        knows('Alice', 'Charlie'),
        knows('Bob', 'Diana'),
      ]);
      expect(await names(graph, from('Bob', '$p knows $f'))).toEqual(['Diana']);
      expect(await names(graph, from('Bob', '$p <knows> $f'))).toEqual(['Alice', 'Diana']);
      expect(await names(graph, from('Charlie', '$p <knows>{1,2} $f'))).toEqual(['Alice', 'Bob']);
      await graph.load({ data: ndjson([knows('Diana', 'Bob')]), mode: 'append' });
      expect(await names(graph, from('Bob', '$p <knows> $f'))).toEqual(['Alice', 'Diana']);
      const anti = await graph.query({
        query: 'query q() { match { $p: Person\nnot { $p <knows> $x } }\nreturn { $p.name } }',
      });
      expect(anti.row_count).toBe(0);
    });

    it('variable-length hops report each destination once, at its first depth', async () => {
      const graph = await open([
        ...['A', 'B', 'C', 'D'].map((name) => person(name)),
        knows('A', 'B'),
        knows('B', 'C'),
        knows('C', 'D'),
        // A shortcut and a cycle: C is first reached at depth 1 from B, and D never twice.
        knows('B', 'D'),
        knows('D', 'A'),
      ]);
      expect(await names(graph, from('A', '$p knows{1,3} $f'))).toEqual(['B', 'C', 'D']);
      expect(await names(graph, from('A', '$p knows{2,3} $f'))).toEqual(['C', 'D']);
      expect(await names(graph, from('A', '$p knows{2,2} $f'))).toEqual(['C', 'D']);
      expect(await names(graph, from('A', '$p knows{3,3} $f'))).toEqual([]);
      expect(await names(graph, from('C', '$p knows{1,3} $f'))).toEqual(['A', 'B', 'D']);
      const chain = await open([
        ...['A', 'B', 'C', 'D'].map((name) => person(name)),
        knows('A', 'B'),
        knows('B', 'C'),
        knows('C', 'D'),
      ]);
      expect(await names(chain, from('A', '$p knows{1,3} $f'))).toEqual(['B', 'C', 'D']);
      expect(await names(chain, from('A', '$p knows{2,3} $f'))).toEqual(['C', 'D']);
      expect(await names(chain, from('A', '$p knows{2,2} $f'))).toEqual(['C']);
      // Reverse: who reaches D within two hops.
      const reverse = await chain.query({
        query:
          'query q() { match { $f: Person { name: "D" }\n$p knows{1,2} $f }\nreturn { $p.name } }',
      });
      expect(column(reverse, 'p.name').sort()).toEqual(['B', 'C']);
    });

    it('an edge binding gives one row per edge, with edge properties', async () => {
      const graph = await open([
        ...['Alice', 'Bob', 'Charlie', 'Diana'].map((name) => person(name)),
        knows('Alice', 'Bob'),
        knows('Alice', 'Charlie'),
      ]);
      await graph.load({
        data: ndjson([knows('Alice', 'Bob', '2020-05-01'), knows('Alice', 'Diana', '2024-11-30')]),
        mode: 'merge',
      });
      const recent = await graph.query({
        query: from('Alice', '$p $w:knows $f\n$w.since >= date("2023-01-01")', '$f.name, $w.since'),
      });
      expect(recent.rows).toEqual([{ 'f.name': 'Diana', 'w.since': '2024-11-30' }]);
      expect(await names(graph, from('Alice', '$p $w:knows $f'))).toEqual([
        'Bob',
        'Bob',
        'Charlie',
        'Diana',
      ]);
      const ordered = await graph.query({
        query: from(
          'Alice',
          '$p $w:knows $f\n$w.since != date("1999-01-01")',
          '$f.name, $w.since',
        ).replace('\n}', '\norder { $w.since desc }\n}'),
      });
      expect(ordered.rows).toEqual([
        { 'f.name': 'Diana', 'w.since': '2024-11-30' },
        { 'f.name': 'Bob', 'w.since': '2020-05-01' },
      ]);
      const count = await graph.query({
        query:
          'query q() { match { $p: Person\n$p $w:knows $f }\nreturn { $p.name, count($f) as edges } }',
      });
      expect(count.rows).toEqual([{ 'p.name': 'Alice', edges: 4n }]);
      // Parallel edges are one destination without an edge variable.
      expect(await names(graph, from('Alice', '$p knows $f'))).toEqual(['Bob', 'Charlie', 'Diana']);
    });

    it('checks a traversal between two bound variables, and self-loops', async () => {
      const graph = await open([
        ...['A', 'B', 'C'].map((name) => person(name)),
        knows('A', 'B'),
        knows('B', 'C'),
        knows('C', 'C'),
      ]);
      const pairs = await graph.query({
        query:
          'query q() { match { $p: Person\n$f: Person\n$p knows{1,2} $f }\nreturn { $p.name, $f.name } }',
      });
      expect(pairs.rows).toEqual([
        { 'p.name': 'A', 'f.name': 'B' },
        { 'p.name': 'A', 'f.name': 'C' },
        { 'p.name': 'B', 'f.name': 'C' },
      ]);
      expect(await names(graph, from('C', '$p knows $f'))).toEqual(['C']);
      expect(await names(graph, from('C', '$p <knows> $f'))).toEqual(['B', 'C']);
      const loops = await graph.query({
        query:
          'query q() { match { $p: Person\n$p $w:<knows> $p }\nreturn { $p.name, count($p) as n } }',
      });
      expect(loops.rows).toEqual([{ 'p.name': 'C', n: 1n }]);
    });

    it('counts of the reached side answer the same with and without the reach-count pushdown', async () => {
      const graph = await open([
        ...['A', 'B', 'C', 'D', 'E'].map((name, index) => person(name, 20 + (index % 2))),
        knows('A', 'B'),
        knows('A', 'B'),
        knows('A', 'C'),
        knows('B', 'C'),
        knows('C', 'C'),
        knows('D', 'A'),
      ]);
      // count($f) fits the pushdown; count($f.name) (a non-null key) counts the same rows through
      // the general join.
      const pair = async (shape: string, tail = ''): Promise<void> => {
        const run = async (counted: string) =>
          (
            await graph.query({
              query: `query q() { match { $p: Person\n${shape} }\nreturn { $p.age, ${counted} as n }${tail} }`,
            })
          ).rows;
        const pushed = await run('count($f)');
        expect(pushed.length, shape).toBeGreaterThan(0);
        expect(pushed, shape).toEqual(await run('count($f.name)'));
      };
      for (const shape of ['$p knows $f', '$f knows $p', '$p <knows> $f', '$p knows{1,2} $f'])
        await pair(shape, '\norder { n desc, $p.age asc } limit 5');
      await pair('$p knows $f\n$p.age > 20');
      const total = async (counted: string) =>
        (
          await graph.query({
            query: `query q() { match { $p: Person\n$p knows $f } return { ${counted} as n } }`,
          })
        ).rows;
      expect(await total('count($f)')).toEqual([{ n: 5n }]);
      expect(await total('count($f.name)')).toEqual([{ n: 5n }]);
    });
  });
}
