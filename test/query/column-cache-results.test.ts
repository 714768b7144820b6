import { afterAll, describe, expect, it } from 'vitest';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import { fixture, graphWith, knows, ndjson, person } from './query-fixtures.js';

const PEOPLE = Array.from({ length: 40 }, (_, index) =>
  person(`P${index}`, index % 7 === 0 ? null : 20 + (index % 11)),
);
const COMPANY_NAMES = ['Acme', 'Globex', 'Initech'];
const COMPANIES = COMPANY_NAMES.map((name) => ({ type: 'Company', data: { name } }));
const EDGES = [
  ...Array.from({ length: 90 }, (_, index) => knows(`P${index % 40}`, `P${(index * 7 + 3) % 40}`)),
  knows('P1', 'P1'),
  ...Array.from({ length: 25 }, (_, index) => ({
    edge: 'WorksAt',
    from: `P${index}`,
    to: COMPANY_NAMES[index % 3],
  })),
];

/** Queries whose plans read whole tables, look rows up, or filter them: each path of the cache. */
const QUERIES: readonly { readonly source: string; readonly params?: object }[] = [
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
      const env = { ...process.env };
      process.env.OMNIGRAPH_TRAVERSAL_MODE = mode;
      try {
        const writer = await graphWith(root, fixture('test.pg'), data);
        await writer.close();
        process.env.OMNIGRAPH_COLUMN_CACHE_BYTES = '0';
        const uncached = await Omnigraph.open(root);
        await uncached.query('query w() { match { $p: Person } return { $p.name } }');
        delete process.env.OMNIGRAPH_COLUMN_CACHE_BYTES;
        const cached = await Omnigraph.open(root);
        await cached.query('query w() { match { $p: Person } return { $p.name } }');
        opened.push(cached, uncached);
        return { cached, uncached };
      } finally {
        process.env = env;
      }
    }

    it('gives the same rows, in the same order, on every run', async () => {
      const { cached, uncached } = await handles();
      for (const { source, params } of QUERIES) {
        const expected = (await uncached.query(source, { params })).rows;
        // The first runs read through Lance and pay towards caching; later ones use the cache.
        for (let run = 0; run < 3; run += 1) {
          expect((await cached.query(source, { params })).rows, source).toEqual(expected);
        }
      }
    });
  },
);

/**
 * Reach-count aggregations (answered from the topology without building pairs) against the
 * general join: the same query with one more aggregate, which the fast path does not take.
 */
const REACH_COUNTS: readonly string[] = [
  '$p: Person\n$p knows $f } return { $p.name, count($f) as n',
  '$p: Person\n$p <knows> $f } return { $p.name, count($f) as n',
  '$p: Person\n$p knows{1,2} $f } return { $p.name, count($f) as n',
  '$p: Person\n$p knows $f } return { $p.age, count($f) as n',
  '$p: Person\n$f knows $p } return { $p.name, $p.age, count($f) as n',
  '$p: Person\n$p knows $f } return { count($f) as n',
];

describe.each(['indexed', 'csr'] as const)(
  'reach-count aggregation equals the general join (%s traversals)',
  (mode) => {
    it('gives the same groups', async () => {
      const root = await freshTempDir('reach-count');
      const env = { ...process.env };
      process.env.OMNIGRAPH_TRAVERSAL_MODE = mode;
      try {
        const graph = await graphWith(
          root,
          fixture('test.pg'),
          ndjson([...PEOPLE, ...COMPANIES, ...EDGES]),
        );
        try {
          for (const body of REACH_COUNTS) {
            const fast = await graph.query(`query q() { match { ${body} } }`);
            const general = await graph.query(
              `query q() { match { ${body}, min($f.name) as extra } }`,
            );
            const withoutExtra = general.rows.map(({ extra: _extra, ...row }) => row);
            expect(fast.rows, body).toEqual(withoutExtra);
            expect(fast.row_count, body).toBeGreaterThan(0);
          }
        } finally {
          await graph.close();
        }
      } finally {
        process.env = env;
      }
    });
  },
);
