import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadOutput, ResultRow } from '../../src/api/index.js';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { renderQueryPlan } from '../../src/api/index.js';
import { OmniError } from '../../src/util/omni-error.js';
import { runScript } from '../engine/graph-helpers.js';
import { testSettings } from '../helpers/s3-env.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import { fixture, graphWith, knows, ndjson, person } from './query-fixtures.js';

const TEST_PG = fixture('test.pg');
const CHILD = path.join(import.meta.dirname, 'streaming-child.ts');

/** `p00042`: names (the key, so the ids) sort as the numbers do. */
function name(index: number): string {
  return `p${String(index).padStart(5, '0')}`;
}

/**
 * `n` persons linked as a binary heap's tree with edges both ways (a node to its children and to
 * its parent): cyclic, and every person reaches every other within 2·log2(n) hops.
 */
function treeGraph(n: number): object[] {
  const records: object[] = [];
  for (let index = 0; index < n; index += 1) records.push(person(name(index), index % 50));
  for (let index = 1; index < n; index += 1) {
    const parent = (index - 1) >> 1;
    records.push(knows(name(parent), name(index)), knows(name(index), name(parent)));
  }
  return records;
}

/** `match { $p: Person $p knows{1,1000} $f } return { $p.name, $f.name }`, then `tail`. */
function allPairs(tail: string): string {
  return `query q() { match { $p: Person\n$p knows{1,1000} $f }\nreturn { $p.name, $f.name }\n${tail} }`;
}

/** The `resource_limit` error a promise rejects with. */
async function resourceLimit(running: Promise<unknown>): Promise<OmniError> {
  const error = await running.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof OmniError)) throw new Error(`no OmniError but ${String(error)}`);
  expect(error.code).toBe('resource_limit');
  return error;
}

describe('limited reads stream; every read stays within limits.queryRows', () => {
  const graphs: Omnigraph[] = [];
  afterAll(async () => {
    await Promise.all(graphs.map((graph) => graph.close()));
  });
  let root: string;
  let large: Omnigraph;
  beforeAll(async () => {
    root = await freshTempDir('streaming');
    large = await graphWith(root, TEST_PG, ndjson(treeGraph(20_000)));
    graphs.push(large);
  });
  /** The 20,000-person graph opened again with `queryRows` rows per stage at most. */
  const limitedTo = async (queryRows: number): Promise<Omnigraph> => {
    const graph = await Omnigraph.open(root, {
      settings: testSettings({ limits: { queryRows } }),
    });
    graphs.push(graph);
    return graph;
  };

  it('pushes the limit into the match: only the first source reaches anything', async () => {
    // 20,000 persons who all reach each other: 399,980,000 pairs, of which 5 are wanted.
    const query = allPairs('limit 5');
    const explained = await large.explain({ query });
    expect(explained.plan.detail).toBe('$p: Person, $f: Person  stream: limit-pushdown');
    expect(renderQueryPlan(explained)).toContain(
      '\n  traverse  $p -Knows{1,1000}-> $f  from $p  in id order  (est.',
    );
    const result = await large.query({ query }, { profile: true });
    // No `order`: rows by $p's id, then $f's.
    expect(result.rows).toEqual(
      [1, 2, 3, 4, 5].map((index) => ({ 'p.name': name(0), 'f.name': name(index) })),
    );
    const [scan, traverse, order, limit] = result.profile?.plan.children ?? [];
    expect(scan?.rows).toBe(20_000);
    // The reach of p00000 alone: every other person.
    expect(traverse?.rows).toBe(19_999);
    expect(order?.rows).toBe(19_999);
    expect(limit?.rows).toBe(5);
    // Streaming holds no more than the scan and one source's reach.
    const small = await limitedTo(30_000);
    expect((await small.query({ query })).rows).toEqual(result.rows);
  });

  it('fails with resource_limit as soon as a stage passes limits.queryRows', async () => {
    const small = await limitedTo(30_000);
    const error = await resourceLimit(small.query({ query: allPairs('') }));
    const details = error.details?.resource_limit as {
      resource: string;
      limit: number;
      actual: number;
    };
    expect(details.resource).toBe('query_rows');
    expect(details.limit).toBe(30_000);
    // Raised by the reach that passed the limit (at most one source's reach more), not after
    // building the 399,980,000 pairs.
    expect(details.actual).toBeGreaterThan(30_000);
    expect(details.actual).toBeLessThanOrEqual(30_000 + 19_999);
    expect(error.message).toBe(
      `resource limit exceeded for query_rows: actual ${details.actual}, limit 30000`,
    );
    // A scan bigger than the limit is refused too, before it is crossed with anything.
    const tiny = await limitedTo(1_000);
    await resourceLimit(tiny.query({ query: allPairs('limit 5') }));
    // A reach from one pinned source passes it as well.
    const pinned = `query q() { match { $p: Person { name: "${name(0)}" }\n$p knows{1,1000} $f }\nreturn { $f.name } }`;
    await resourceLimit(tiny.query({ query: pinned }));
  });

  it('keeps the best rows of an ordered read in a bounded heap', async () => {
    const query = allPairs('order { $f.name desc }\nlimit 5');
    const explained = await large.explain({ query });
    expect(explained.plan.detail).toBe('$p: Person, $f: Person  stream: top-k');
    expect(renderQueryPlan(explained)).toContain(
      '\n  order  $f.name desc, then ids of $p, $f  best 5 kept per batch  (est.',
    );
  });
});

describe('streamed reads answer as ordering every row would', () => {
  /** A small random graph: ages with NULLs and ties, parallel edges and self-loops. */
  const [random] = fc.sample(
    fc.record({
      ages: fc.array(fc.option(fc.integer({ min: 20, max: 24 })), {
        minLength: 24,
        maxLength: 24,
      }),
      edges: fc.array(fc.tuple(fc.nat(23), fc.nat(23)), { minLength: 50, maxLength: 50 }),
    }),
    { seed: 20_241, numRuns: 1 },
  );
  if (random === undefined) throw new Error('no sample');
  const ages = random.ages;
  const edges = random.edges;
  const records = [
    ...ages.map((age, index) => person(name(index), age)),
    ...edges.map(([from, to], index) =>
      knows(name(from), name(to), `2024-01-${String((index % 28) + 1).padStart(2, '0')}`),
    ),
  ];

  /** The persons `source` reaches in 1 to 3 hops along the edges (docs/reference/query.md). */
  function reach(source: number): number[] {
    const visited = new Set([source]);
    const found: number[] = [];
    let frontier = [source];
    for (let depth = 1; depth <= 3; depth += 1) {
      const next = frontier.flatMap((node) =>
        edges.filter(([from]) => from === node).map(([, to]) => to),
      );
      frontier = [];
      for (const node of next) {
        if (visited.has(node)) continue;
        visited.add(node);
        frontier.push(node);
        found.push(node);
      }
    }
    return found;
  }

  /** Every (p, f) pair of `$p knows{1,3} $f`, ordered by `key` then by both ids, limited. */
  function model(key: (p: number, f: number) => number, limit: number): ResultRow[] {
    const pairs = ages.flatMap((_, p) => reach(p).map((f) => [p, f] as const));
    pairs.sort(([p1, f1], [p2, f2]) => key(p1, f1) - key(p2, f2) || p1 - p2 || f1 - f2);
    return pairs.slice(0, limit).map(([p, f]) => ({
      'p.name': name(p),
      'f.name': name(f),
      'f.age': ages[f] ?? null,
    }));
  }
  const ageOf = (f: number, nulls: number): number => ages[f] ?? nulls;

  const BODY = 'match { $p: Person\n$p knows{1,3} $f }\nreturn { $p.name, $f.name, $f.age }';
  /** Queries whose limited rows must be the first rows of the unlimited query. */
  const SHAPES: readonly { readonly body: string; readonly limit: number }[] = [
    { body: 'match { $p: Person\n$p knows $f }\nreturn { $p.name, $f.name }', limit: 9 },
    {
      body: 'match { $p: Person\n$p $w:knows $f }\nreturn { $p.name, $w.since, $f.name }',
      limit: 11,
    },
    { body: 'match { $p: Person\n$p <knows>{1,2} $f }\nreturn { $p.name, $f.name }', limit: 13 },
    {
      body: 'match { $p: Person\n$f: Person\n$f knows $p }\nreturn { $p.name, $f.name }',
      limit: 7,
    },
    {
      body: 'match { $p: Person\n$p knows $m\n$m knows $f\n$f.age > $p.age }\nreturn { $p.name, $m.name, $f.name }',
      limit: 10,
    },
    {
      body: 'match { $p: Person\n$p knows{1,2} $f\nnot { $f knows $p } }\nreturn { $p.name, $f.name }',
      limit: 8,
    },
    {
      body: 'match { $a: Person\n$b: Person\n$a.age = $b.age }\nreturn { $a.name, $b.name }',
      limit: 6,
    },
    {
      body: 'match { $p: Person { name: "p00003" }\n$p knows{1,4} $f }\nreturn { $f.name }',
      limit: 3,
    },
    { body: `${BODY}\norder { $f.age desc, $p.name asc }`, limit: 4 },
    {
      body: 'match { $p: Person\n$p $w:knows $f }\nreturn { $p.name, $w.since, $f.name }\norder { $w.since desc }',
      limit: 5,
    },
    {
      body: 'match { $p: Person\n$p knows $f\n$f.age > 21 }\nreturn { $p.name, $f.name }',
      limit: 6,
    },
    { body: 'match { $p: Person\n$p knows $f }\nreturn { $p.name, $f.name }', limit: 0 },
  ];

  describe.each(['indexed', 'csr'] as const)('traversal mode %s', (mode) => {
    let graph: Omnigraph;
    beforeAll(async () => {
      graph = await graphWith(await freshTempDir('streamed'), TEST_PG, ndjson(records), {
        traversal: { mode },
      });
    });
    afterAll(async () => {
      await graph.close();
    });
    const rows = async (query: string): Promise<ReadOutput['rows']> =>
      (await graph.query({ query: `query q() { ${query} }` })).rows;

    it('keeps the best rows of an ordered read as a brute-force model does', async () => {
      const cases = [
        { order: '$f.name desc', key: (_: number, f: number) => -f, limit: 5 },
        { order: '$f.age desc', key: (_: number, f: number) => -ageOf(f, -1), limit: 9 },
        { order: '$f.age asc', key: (_: number, f: number) => ageOf(f, -1), limit: 9 },
        { order: '$p.age desc', key: (p: number) => -ageOf(p, -1), limit: 7 },
      ];
      for (const { order, key, limit } of cases) {
        const query = `query q() { ${BODY}\norder { ${order} }\nlimit ${limit} }`;
        expect((await graph.explain({ query })).plan.detail).toContain('stream: top-k');
        expect((await graph.query({ query })).rows).toEqual(model(key, limit));
      }
      const unordered = `query q() { ${BODY}\nlimit 12 }`;
      expect((await graph.explain({ query: unordered })).plan.detail).toContain(
        'stream: limit-pushdown',
      );
      expect((await graph.query({ query: unordered })).rows).toEqual(model(() => 0, 12));
    });

    it('gives the first rows of the same read without a limit, whatever the shape', async () => {
      for (const { body, limit } of SHAPES) {
        const everything = await rows(body);
        expect(await rows(`${body}\nlimit ${limit}`)).toEqual(everything.slice(0, limit));
      }
    });
  });
});

describe('a streamed top-k runs in bounded memory', () => {
  it('answers over 6 million pairs in a 256 MB heap; without a limit, fails with resource_limit', async () => {
    // 2,500 persons who all reach each other: 6,247,500 pairs. Built at once, their relation, reach
    // lists and sort keys need more than 256 MB; a top-k holds one batch and the best 5 rows.
    const root = await freshTempDir('bounded');
    const graph = await graphWith(root, TEST_PG, ndjson(treeGraph(2_500)));
    await graph.close();
    const { code, stdout, stderr } = await runScript(
      CHILD,
      [root, allPairs('order { $f.name desc }\nlimit 5'), allPairs('')],
      { NODE_OPTIONS: '--max-old-space-size=256' },
    );
    expect(stderr).not.toContain('heap');
    expect(code).toBe(0);
    const [topK, unlimited] = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { rows?: ResultRow[]; error?: { code: string } });
    // The greatest name, reached from the five smallest others.
    expect(topK?.rows).toEqual(
      [0, 1, 2, 3, 4].map((index) => ({ 'p.name': name(index), 'f.name': name(2_499) })),
    );
    // The default limit of 5,000,000 rows stops the unlimited read before the heap does.
    expect(unlimited?.error).toMatchObject({
      code: 'resource_limit',
      details: { resource_limit: { resource: 'query_rows', limit: 5_000_000 } },
    });
  }, 300_000);
});
