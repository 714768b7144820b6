import { afterAll, describe, expect, it, vi } from 'vitest';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { TraversalPlanner } from '../../src/engine/query/traversal/traversal-planner.js';
import { CsrIndex } from '../../src/engine/query/traversal/csr-index.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import { fixture, graphWith, knows, ndjson, person } from './query-fixtures.js';
import { testSettings } from '../helpers/s3-env.js';

const PEOPLE = Array.from({ length: 40 }, (_, index) =>
  person(`P${index}`, index % 7 === 0 ? null : 20 + (index % 11)),
);
const COMPANY_NAMES = ['Acme', 'Globex', 'Initech'];
/** Companies; the last has no employees. */
const COMPANIES = [...COMPANY_NAMES, 'Umbrella'].map((name) => ({
  type: 'Company',
  data: { name },
}));
const EDGES = [
  ...Array.from({ length: 90 }, (_, index) => knows(`P${index % 40}`, `P${(index * 7 + 3) % 40}`)),
  knows('P1', 'P1'),
  ...Array.from({ length: 25 }, (_, index) => ({
    edge: 'WorksAt',
    from: `P${index}`,
    to: COMPANY_NAMES[index % 3],
  })),
  // A parallel edge: P3 works at Acme twice.
  { edge: 'WorksAt', from: 'P3', to: 'Acme' },
];

/** Queries whose plans read whole tables, look rows up, or filter them: each path of the cache. */
const QUERIES: readonly { readonly source: string; readonly params?: Record<string, unknown> }[] = [
  {
    source: 'query q($n: String) { match { $p: Person { name: $n } } return { $p.name, $p.age } }',
    params: { n: 'P3' },
  },
  {
    source: 'query q($n: String) { match { $p: Person { name: $n } } return { $p.name, $p.age } }',
    params: { n: 'nobody' },
  },
  { source: 'query q() { match { $p: Person { age: 25 } } return { $p.name } }' },
  { source: 'query q() { match { $p: Person\n$p.age > 25 } return { $p.name, $p.age } }' },
  { source: 'query q() { match { $p: Person } return { $p.name, $p.age } order { $p.age desc } }' },
  {
    source:
      'query q() { match { $p: Person\n$p knows $f } return { $p.name, count($f) as n } order { n desc } limit 7 }',
  },
  { source: 'query q() { match { $p: Person\n$p <knows> $f } return { count($f) as n } }' },
  {
    source:
      'query q() { match { $p: Person\n$p worksAt $c } return { $c.name, count($p) as n, avg($p.age) as a } }',
  },
  { source: 'query q() { match { $p: Person\nnot { $p worksAt $_ } } return { count($p) as n } }' },
  { source: 'query q() { match { $p: Person\nnot { $p knows $_ } } return { $p.name, $p.age } }' },
  {
    source:
      'query q($n: String) { match { $p: Person { name: $n }\n$p knows $m\n$m knows $f } return { $f.name, $f.age, count($m) as k } }',
    params: { n: 'P2' },
  },
  {
    source:
      'query q() { match { $p: Person\n$p knows $f\n$f.age = 25 } return { $p.name, $f.name } }',
  },
];

interface Handles {
  readonly cached: Omnigraph;
  readonly uncached: Omnigraph;
}

describe.each(['indexed', 'csr'] as const)(
  'queries answered from the column cache equal the uncached answers (%s traversals)',
  (mode) => {
    const opened: Omnigraph[] = [];
    afterAll(async () => {
      await Promise.all(opened.map((graph) => graph.close()));
    });

    /** Two handles on one graph: one with the column cache, one with it disabled. */
    async function handles(): Promise<Handles> {
      const root = await freshTempDir('column-cache');
      const data = ndjson([...PEOPLE, ...COMPANIES, ...EDGES]);
      const writer = await graphWith(root, fixture('test.pg'), data);
      await writer.close();
      const uncached = await Omnigraph.open(root, {
        settings: testSettings({ traversal: { mode }, cache: { bytes: 0 } }),
      });
      await uncached.query({ query: 'query w() { match { $p: Person } return { $p.name } }' });
      const cached = await Omnigraph.open(root, {
        settings: testSettings({ traversal: { mode } }),
      });
      await cached.query({ query: 'query w() { match { $p: Person } return { $p.name } }' });
      opened.push(cached, uncached);
      return { cached, uncached };
    }

    it('gives the same rows, in the same order, on every run', async () => {
      const { cached, uncached } = await handles();
      for (const { source, params } of QUERIES) {
        const expected = (await uncached.query({ query: source, params })).rows;
        // The first runs read through Lance and pay towards caching; later ones use the cache.
        for (let run = 0; run < 3; run += 1) {
          expect((await cached.query({ query: source, params })).rows, source).toEqual(expected);
        }
      }
    });
  },
);

/**
 * One aggregating query with a fast path: its match, its returns, and what follows them. The
 * general join answers the same query with `extra` returned too: an aggregate of the group side,
 * which neither fast path takes.
 */
interface FastCase {
  readonly match: string;
  readonly returns: string;
  readonly extra: string;
  readonly tail?: string;
}

/** Reach-count aggregations (answered from the topology without building pairs). */
const REACH_COUNTS: readonly FastCase[] = [
  { match: '$p: Person\n$p knows $f', returns: '$p.name, count($f) as n', extra: '$p.name' },
  {
    match: '$p: Person\n$p knows $f\n$p.age > 25',
    returns: '$p.name, count($f) as n',
    extra: '$p.name',
  },
  { match: '$p: Person\n$p <knows> $f', returns: '$p.name, count($f) as n', extra: '$p.name' },
  { match: '$p: Person\n$p knows{1,2} $f', returns: '$p.name, count($f) as n', extra: '$p.name' },
  { match: '$p: Person\n$p knows $f', returns: '$p.age, count($f) as n', extra: '$p.name' },
  {
    match: '$p: Person\n$f knows $p',
    returns: '$p.name, $p.age, count($f) as n',
    extra: '$p.name',
  },
  { match: '$p: Person\n$p knows $f', returns: 'count($f) as n', extra: '$f.name' },
  {
    match: '$p: Person\n$p knows $f',
    returns: '$p.name, count($f) as n',
    extra: '$p.name',
    tail: 'order { n desc } limit 5',
  },
  {
    match: '$p: Person\n$p knows $f',
    returns: '$p.age, count($f) as n',
    extra: '$p.name',
    tail: 'order { n asc, $p.age desc } limit 3',
  },
  {
    match: '$p: Person\n$p knows $f',
    returns: '$p, count($p) as n',
    extra: '$p.name',
    tail: 'order { n desc } limit 4',
  },
];

/** Reach aggregations (values of the other side accumulated per group through the topology). */
const REACH_AGGREGATIONS: readonly FastCase[] = [
  {
    match: '$p: Person\n$p worksAt $c',
    returns:
      '$c.name, count($p) as n, count($p.age) as k, avg($p.age) as a, sum($p.age) as s, min($p.age) as lo, max($p.name) as hi',
    extra: '$c.name',
  },
  {
    match: '$c: Company\n$p worksAt $c',
    returns: '$c, count($c) as n, avg($p.age) as a',
    extra: '$c.name',
  },
  {
    match: '$p: Person\n$p knows $f',
    returns: '$p.age, count($f) as n, avg($f.age) as a, max($f.age) as hi',
    extra: '$p.name',
  },
  {
    match: '$p: Person\n$f knows $p',
    returns: '$p.name, sum($f.age) as s, min($f.name) as lo',
    extra: '$p.name',
  },
  { match: '$p: Person\n$p <knows> $f', returns: '$p.age, avg($f.age) as a', extra: '$p.name' },
  {
    match: '$p: Person\n$p worksAt $c',
    returns: 'count($p) as n, avg($p.age) as a',
    extra: '$c.name',
  },
  {
    match: '$p: Person\n$p worksAt $c\n$p.age > 25',
    returns: '$c.name, avg($p.age) as a',
    extra: '$c.name',
  },
  {
    match: '$c: Company\n$p worksAt $c\n$c.name != "Globex"',
    returns: '$c.name, count($p) as n, avg($p.age) as a',
    extra: '$c.name',
  },
  {
    match: '$c: Company { name: "Acme" }\n$p worksAt $c',
    returns: '$c.name, count($p) as n, max($p.age) as m',
    extra: '$c.name',
  },
  {
    match: '$p: Person\n$p worksAt $c',
    returns: '$p.age, count($c) as n, min($c.name) as first',
    extra: '$p.name',
  },
  {
    match: '$p: Person\n$p knows $f',
    returns: '$p.age, avg($f.age) as a',
    extra: '$p.name',
    tail: 'order { a desc } limit 4',
  },
  // The other side pinned by its key: walked back from its one row.
  {
    match: '$p: Person { name: "P4" }\n$p worksAt $c',
    returns: '$c.name, count($p) as n, avg($p.age) as a',
    extra: '$c.name',
  },

  {
    match: '$p: Person\n$p worksAt $c\n$p.age > 99',
    returns: 'count($p) as n, avg($p.age) as a, max($p.name) as m',
    extra: '$c.name',
  },
];

/** A schema of items (keyed by name, with `properties`) in bins. */
function itemsInBins(properties: string): string {
  return [
    `node Item {\n  name: String @key\n${properties}\n}`,
    'node Bin {\n  name: String @key\n}',
    'edge PartOf: Item -> Bin',
  ].join('\n');
}

describe.each(['indexed', 'csr'] as const)(
  'fast-path aggregations equal the general join (%s traversals)',
  (mode) => {
    const opened: Omnigraph[] = [];
    afterAll(async () => {
      await Promise.all(opened.map((graph) => graph.close()));
    });

    /** A graph of `schema` holding `records`, read in this block's traversal mode. */
    async function openWith(
      label: string,
      schema: string,
      records: readonly object[],
    ): Promise<Omnigraph> {
      const graph = await graphWith(await freshTempDir(label), schema, ndjson(records), {
        traversal: { mode },
      });
      opened.push(graph);
      return graph;
    }

    function open(): Promise<Omnigraph> {
      return openWith('reach-aggregation', fixture('test.pg'), [...PEOPLE, ...COMPANIES, ...EDGES]);
    }

    /** Runs a case on the fast path and on the general join; checks that each took its path. */
    async function compare(graph: Omnigraph, fastPath: 'reachCounts' | 'reachRows', at: FastCase) {
      const spy = vi.spyOn(TraversalPlanner.prototype, fastPath);
      try {
        const { match, returns, extra, tail = '' } = at;
        const fast = await graph.query({
          query: `query q() { match { ${match} } return { ${returns} } ${tail} }`,
        });
        expect(spy, returns).toHaveBeenCalled();
        spy.mockClear();
        const general = await graph.query({
          query: `query q() { match { ${match} } return { ${returns}, min(${extra}) as extra } ${tail} }`,
        });
        expect(spy, returns).not.toHaveBeenCalled();
        const withoutExtra = general.rows.map(({ extra: _extra, ...row }) => row);
        expect(fast.rows, `${match} ${returns}`).toEqual(withoutExtra);
        expect(fast.row_count, `${match} ${returns}`).toBeGreaterThan(0);
      } finally {
        spy.mockRestore();
      }
    }

    it('sums that could round in another order are left to the general join', async () => {
      const schema = itemsInBins('  score: F64?\n  big: I64?');
      // Added up in another order, the sums of bin A differ: 0.1 + 0.2 + 0.3 is not 0.3 + 0.2 +
      // 0.1, and 2^53 + 1 + 1 is not 1 + 1 + 2^53. The edges are loaded in reverse.
      const scores = [0.1, 0.2, 0.3, null, -0, 0, 1e-9];
      const bigs = [2 ** 53, 1, 1, null, 5, 6, 7];
      const items = scores.map((score, index) => ({
        type: 'Item',
        data: { name: `I${index}`, score, big: bigs[index] },
      }));
      const bins = ['A', 'B'].map((name) => ({ type: 'Bin', data: { name } }));
      const edges = items
        .map((_, index) => ({ edge: 'PartOf', from: `I${index}`, to: index < 3 ? 'A' : 'B' }))
        .reverse();
      {
        const graph = await openWith('reach-sums', schema, [...items, ...bins, ...edges]);
        const cases: readonly FastCase[] = [
          {
            match: '$i: Item\n$i partOf $b',
            returns: '$b.name, sum($i.score) as s',
            extra: '$b.name',
          },
          {
            match: '$i: Item\n$i partOf $b',
            returns: '$b.name, avg($i.big) as a',
            extra: '$b.name',
          },
          {
            match: '$i: Item\n$i partOf $b',
            returns: '$b.name, min($i.score) as lo, max($i.score) as hi, max($i.big) as m',
            extra: '$b.name',
          },
        ];
        for (const at of cases) await compare(graph, 'reachRows', at);
      }
    });

    it('sums of a packed column kept per walked row stay equal to the join, call after call and after a write', async () => {
      const schema = itemsInBins('  score: I32');
      const items = Array.from({ length: 300 }, (_, index) => ({
        type: 'Item',
        data: { name: `I${index}`, score: ((index * 37) % 101) - 50 },
      }));
      const bins = ['A', 'B', 'C', 'D'].map((name) => ({ type: 'Bin', data: { name } }));
      const edges = items.flatMap((_, index) => [
        { edge: 'PartOf', from: `I${index}`, to: ['A', 'B', 'C'][index % 3] },
        ...(index % 4 === 0 ? [{ edge: 'PartOf', from: `I${index}`, to: 'D' }] : []),
      ]);
      const graph = await openWith('reach-walked', schema, [...items, ...bins, ...edges]);
      const sums: FastCase = {
        match: '$i: Item\n$i partOf $b',
        returns: '$b.name, sum($i.score) as s, avg($i.score) as a, count($i) as n',
        extra: '$b.name',
      };
      const derived = vi.spyOn(CsrIndex.prototype, 'reachDerived');
      try {
        await compare(graph, 'reachRows', sums);
        await compare(graph, 'reachRows', sums);
        expect(derived.mock.calls.length > 0).toBe(mode === 'csr');
        // Filtered sides from the cached columns: half the rows pass (masked), or 3 of 300
        // (picked out).
        await compare(graph, 'reachRows', { ...sums, match: `${sums.match}\n$i.score > 0` });
        await compare(graph, 'reachRows', { ...sums, match: `${sums.match}\n$i.score > 49` });
        await graph.mutate({
          query: 'query q() { update Item set { score: 1000 } where name = "I3" }',
        });
        await compare(graph, 'reachRows', sums);
        const rows = await graph.query({
          query: `query q() { match { ${sums.match} } return { ${sums.returns} } }`,
        });
        const expected = items
          .map((item, index) => ({ index, score: index === 3 ? 1000 : item.data.score }))
          .filter(({ index }) => index % 3 === 0)
          .reduce((sum, { score }) => sum + score, 0);
        expect(rows.rows.find((row) => row['b.name'] === 'A')?.s).toBe(expected);
      } finally {
        derived.mockRestore();
      }
    });

    it('filters on a key read from the ids stay equal to the join after an update and an insert', async () => {
      const schema = [
        'node Item {\n  num: I64 @key\n  score: I32\n}',
        'node Bin {\n  name: String @key\n}',
        'edge PartOf: Item -> Bin',
      ].join('\n');
      const items = Array.from({ length: 200 }, (_, index) => ({
        type: 'Item',
        data: { num: index * 3, score: index % 17 },
      }));
      const bins = ['A', 'B', 'C'].map((name) => ({ type: 'Bin', data: { name } }));
      const edges = items.map((item, index) => ({
        edge: 'PartOf',
        from: String(item.data.num),
        to: ['A', 'B', 'C'][index % 3],
      }));
      const graph = await openWith('derived-key-filter', schema, [...items, ...bins, ...edges]);
      // A third of the items pass (masked), or 2 of 200 (picked out).
      const cases: FastCase[] = ['$i.num < 200', '$i.num >= 594'].map((filter) => ({
        match: `$i: Item\n$i partOf $b\n${filter}`,
        returns: '$b.name, sum($i.score) as s, count($i) as n',
        extra: '$b.name',
      }));
      const numbers = async () =>
        (
          await graph.query({
            query: 'query q() { match { $i: Item\n$i.num < 30 } return { $i.num } }',
          })
        ).rows;
      const expectAll = async (below30: readonly bigint[]) => {
        for (const at of cases) await compare(graph, 'reachRows', at);
        // In id order: ids spell the keys, ordered as text.
        const byId = [...below30].sort((a, b) => (String(a) < String(b) ? -1 : 1));
        expect((await numbers()).map((row) => row['i.num'])).toEqual(byId);
        // Every key, read from the ids: the largest three, and how many.
        const every = await graph.query({
          query: 'query q() { match { $i: Item } return { $i.num } order { $i.num desc } }',
        });
        const nums = every.rows.map((row) => row['i.num']);
        expect(nums.slice(0, 3)).toEqual([597n, 594n, 591n]);
        expect(new Set(nums).size).toBe(200 + below30.length - 10);
      };
      const below30 = Array.from({ length: 10 }, (_, index) => BigInt(index * 3));
      await expectAll(below30);
      await expectAll(below30);
      await graph.mutate({ query: 'query q() { update Item set { score: 99 } where num = 3 }' });
      await expectAll(below30);
      await graph.load({
        data: ndjson([
          { type: 'Item', data: { num: 1, score: 5 } },
          { edge: 'PartOf', from: '1', to: 'A' },
        ]),
        mode: 'merge',
      });
      await expectAll([0n, 1n, ...below30.slice(1)]);
    });

    it('an ordered read with a limit keeps the first rows of the whole order', async () => {
      const graph = await open();
      const orders = [
        '{ $p.age desc }',
        '{ $p.age asc }',
        '{ $p.age desc, $p.name desc }',
        '{ $f.age asc, $p.age desc }',
      ];
      const matches = ['$p: Person\n$p knows $f', '$p: Person\n$f: Person { name: "P2" }'];
      for (const match of matches) {
        for (const order of orders) {
          const source = (limit: string) =>
            `query q() { match { ${match} } return { $p.name, $f.name, $p.age } order ${order} ${limit} }`;
          const all = (await graph.query({ query: source('') })).rows;
          for (const limit of [1, 4])
            expect((await graph.query({ query: source(`limit ${limit}`) })).rows, order).toEqual(
              all.slice(0, limit),
            );
        }
      }
    });

    it('reach counts give the same groups, ordered and limited alike', async () => {
      const graph = await open();
      for (const at of REACH_COUNTS) await compare(graph, 'reachCounts', at);
    });

    it('reach aggregations give the same groups, with NULLs, shared keys and parallel edges', async () => {
      const graph = await open();
      for (const at of REACH_AGGREGATIONS) await compare(graph, 'reachRows', at);
    });
  },
);
