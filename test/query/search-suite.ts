import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import type { ReadOutput } from '../../src/api/index.js';
import { testSettings } from '../helpers/s3-env.js';
import { column, fixture, graphWith, ndjson } from './query-fixtures.js';

const SEARCH_GQ = fixture('search.gq');

/** The slugs of a search fixture query's rows. */
async function slugs(
  graph: Omnigraph,
  name: string,
  params: Record<string, unknown>,
): Promise<unknown[]> {
  return column(await graph.query({ query: SEARCH_GQ, name, params }), 'd.slug');
}

const Q = [0.1, 0.2, 0.3, 0.4];

/** Answers of every search query of search.gq, to compare across index states and modes. */
async function answers(graph: Omnigraph): Promise<Record<string, unknown[]>> {
  return {
    text: (await slugs(graph, 'text_search', { q: 'Learning' })).sort(),
    fuzzy: (await slugs(graph, 'fuzzy_search', { q: 'Introductio' })).sort(),
    phrase: (await slugs(graph, 'phrase_search', { q: 'machine learning' })).sort(),
    vector: await slugs(graph, 'vector_search', { q: Q }),
    bm25: await slugs(graph, 'bm25_search', { q: 'Learning' }),
    hybrid: await slugs(graph, 'hybrid_search', { vq: Q, tq: 'Learning' }),
    twoFts: await slugs(graph, 'rrf_two_fts', { q: 'learning' }),
    twoVectors: await slugs(graph, 'rrf_two_vectors', { q1: Q, q2: [0.8, 0.7, 0.6, 0.5] }),
  };
}

const EXPECTED = {
  text: ['dl-basics', 'ml-intro', 'rl-intro'],
  fuzzy: ['ml-intro', 'rl-intro'],
  phrase: ['ml-intro', 'nlp-guide'],
  vector: ['ml-intro', 'nlp-guide', 'rl-intro'],
  // The three titles holding "learning". Without the stop word "to" every title has 3 words,
  // so all three tie, and ties go by id.
  bm25: ['dl-basics', 'ml-intro', 'rl-intro'],
  hybrid: ['ml-intro', 'dl-basics', 'rl-intro'],
  // title ranks dl, ml, rl (a tie); body ranks ml, rl (7 words but stop words), nlp, dl.
  twoFts: ['ml-intro', 'dl-basics', 'rl-intro'],
  // cv and ml tie (ranks 1 and 5 each), as do dl and nlp: ties by id.
  twoVectors: ['cv-overview', 'ml-intro', 'dl-basics'],
};

/**
 * Search behaviours (docs/reference/query.md, "Search"): the same answers before any index, with
 * indexes, and with the in-memory text index forced.
 */
export function searchSuite(label: string, freshRoot: () => Promise<string>): void {
  describe(`search on the search fixture (${label})`, () => {
    let root: string;
    let graph: Omnigraph;
    beforeAll(async () => {
      root = await freshRoot();
      graph = await graphWith(root, fixture('search.pg'), fixture('search.jsonl'));
    });
    afterAll(async () => {
      await graph.close();
    });

    it('answers without any index (exact scans, in-memory text index)', async () => {
      expect(await answers(graph)).toEqual(EXPECTED);
    });

    it('scores: bm25 and nearest values, NULL query, and ranking keeps only ranked rows', async () => {
      const scored = await graph.query({
        query:
          'query q($q: String) { match { $d: Doc } return { $d.slug, bm25($d.title, $q) as score } order { bm25($d.title, $q) } limit 5 }',
        params: { q: 'Learning' },
      });
      expect(column(scored, 'd.slug')).toEqual(['dl-basics', 'ml-intro', 'rl-intro']);
      const [dl, ml, rl] = column(scored, 'score') as number[];
      // idf ln(1 + 2.5/3.5) × 2.2 / (1 + 1.2 (0.25 + 0.75 × 3/3.2)): 3 of 5 titles match, avgdl 3.2.
      expect(dl).toBeCloseTo(0.5531, 3);
      expect(ml).toBe(dl);
      expect(rl).toBe(dl);
      const distance = await graph.query({
        query:
          'query q($q: Vector(4)) { match { $d: Doc { slug: "ml-intro" } } return { nearest($d.embedding, $q) as d } }',
        params: { q: [0.2, 0.4, 0.6, 0.8] },
      });
      expect(distance.rows[0]?.d).toBeCloseTo(0, 6);
      const none = await graph.query({
        query:
          'query q($q: String?) { match { $d: Doc\nsearch($d.title, $q) } return { $d.slug } }',
      });
      expect(none.row_count).toBe(0);
    });

    it('prefilters: match filters apply before the top-k', async () => {
      const result = await graph.query({
        query:
          'query q($q: Vector(4)) { match { $d: Doc\n$d.slug != "ml-intro" } return { $d.slug } order { nearest($d.embedding, $q) } limit 3 }',
        params: { q: Q },
      });
      expect(column(result, 'd.slug')).toEqual(['nlp-guide', 'rl-intro', 'dl-basics']);
      const text = await graph.query({
        query:
          'query q($q: String) { match { $d: Doc\n$d.slug starts_with "rl" } return { $d.slug } order { bm25($d.body, $q) } limit 1 }',
        params: { q: 'learning' },
      });
      expect(column(text, 'd.slug')).toEqual(['rl-intro']);
    });

    it('ensure_indices builds the declared indexes once, defers what it cannot, and answers stay the same', async () => {
      const before = (await graph.snapshot()).graph_commit_id;
      const first = await graph.ensureIndices();
      expect(first.built.map((t) => `${t.column}:${t.kind}`).sort()).toEqual([
        'body:btree',
        'body:fts',
        'id:btree',
        'slug:btree',
        'title:btree',
        'title:fts',
      ]);
      expect(first.deferred).toEqual([
        {
          type_key: 'node:Doc',
          column: 'embedding',
          kind: 'vector',
          reason: 'too few rows to train a vector index (5 < 256)',
        },
      ]);
      expect(first.commit?.parent_commit_id).toBe(before);
      const second = await graph.ensureIndices();
      expect(second.built).toEqual([]);
      expect(second.present).toHaveLength(6);
      expect(second.commit).toBeNull();
      expect(await answers(graph)).toEqual(EXPECTED);
      // The snapshot before the indexes still reads, without them.
      const old = await graph.query({
        query: SEARCH_GQ,
        name: 'bm25_search',
        params: { q: 'Learning' },
        snapshot: before,
      });
      expect(column(old, 'd.slug')).toEqual(EXPECTED.bm25);
    });

    it('answers the same with the in-memory text index forced', async () => {
      const memory = await Omnigraph.open(root, {
        settings: testSettings({ search: { textMode: 'memory' } }),
      });
      try {
        expect(await answers(memory)).toEqual(EXPECTED);
      } finally {
        await memory.close();
      }
    });
    it('finds rows written after the full-text index was built, fuzzy matches included', async () => {
      const fresh = {
        slug: 'intro-graphs',
        title: 'Introductions to graphs',
        body: 'graph databases',
      };
      await graph.load({
        data: ndjson([{ type: 'Doc', data: { ...fresh, embedding: [0.9, 0.1, 0.1, 0.1] } }]),
        mode: 'merge',
      });
      const found = {
        text: (await slugs(graph, 'text_search', { q: 'graphs' })).sort(),
        fuzzy: (await slugs(graph, 'fuzzy_search', { q: 'Introductio' })).sort(),
        edits: (await slugs(graph, 'fuzzy_search', { q: 'grahs' })).sort(),
        phrase: (await slugs(graph, 'phrase_search', { q: 'graph databases' })).sort(),
      };
      expect(found).toEqual({
        text: ['intro-graphs'],
        fuzzy: ['intro-graphs', 'ml-intro', 'rl-intro'],
        edits: ['intro-graphs'],
        phrase: ['intro-graphs'],
      });
    });
  });

  describe(`nearest() with text queries (${label})`, () => {
    const schema = (model: string) =>
      `node Doc { slug: String @key\ntitle: String\nembedding: Vector(4) @embed("title", model="${model}") }`;

    it('a recorded @embed model must match the embedder; the mock embeds offline', async () => {
      const root = await freshRoot();
      const data = ndjson(
        ['alpha', 'beta', 'gamma'].map((slug, index) => ({
          type: 'Doc',
          data: { slug, title: slug, embedding: [index + 1, 1, 0, 0] },
        })),
      );
      await (await graphWith(root, schema('test-model-a'), data)).close();
      const source =
        'query q($q: String) { match { $d: Doc } return { $d.slug, nearest($d.embedding, $q) as d } order { nearest($d.embedding, $q) } limit 2 }';
      const run = async (model: string): Promise<ReadOutput> => {
        const graph = await Omnigraph.open(root, {
          settings: testSettings({ embedding: { provider: 'mock', model } }),
        });
        try {
          return await graph.query({ query: source, params: { q: 'alpha' } });
        } finally {
          await graph.close();
        }
      };
      const ok = await run('test-model-a');
      expect(ok.row_count).toBe(2);
      const again = await run('test-model-a');
      expect(again.rows).toEqual(ok.rows);
      await expect(run('test-model-b')).rejects.toMatchObject({
        code: 'bad_request',
        details: { embed_model: 'test-model-a', provider_model: 'test-model-b' },
      });
    });
  });

  describe(`search over joins and with a vector index (${label})`, () => {
    let graph: Omnigraph;
    const count = 300;
    const vectorOf = (index: number): number[] => [
      Math.cos(index),
      Math.sin(index),
      Math.cos(index * 0.37),
      ((index % 7) - 3) / 3,
    ];
    beforeAll(async () => {
      const schema = `node Doc { slug: String @key\ngroup: I32 @index\nbody: String @index\nembedding: Vector(4) }\nedge Cites: Doc -> Doc`;
      const docs = Array.from({ length: count }, (_, index) => ({
        type: 'Doc',
        data: {
          slug: `d${String(index).padStart(3, '0')}`,
          group: index % 10,
          body: `word${index % 13} common ${index % 2 === 0 ? 'even' : 'odd'}`,
          embedding: vectorOf(index),
        },
      }));
      const cites = Array.from({ length: count - 1 }, (_, index) => ({
        edge: 'Cites',
        from: `d${String(index).padStart(3, '0')}`,
        to: `d${String(index + 1).padStart(3, '0')}`,
      }));
      graph = await graphWith(await freshRoot(), schema, ndjson([...docs, ...cites]));
    });
    afterAll(async () => {
      await graph.close();
    });

    const queries = {
      knn: 'query q($q: Vector(4)) { match { $d: Doc } return { $d.slug } order { nearest($d.embedding, $q) } limit 10 }',
      knnFiltered:
        'query q($q: Vector(4)) { match { $d: Doc\n$d.group = 3 } return { $d.slug } order { nearest($d.embedding, $q) } limit 5 }',
      joined:
        'query q($q: Vector(4)) { match { $s: Doc\n$s.group < 2\n$s cites $d } return { $d.slug } order { nearest($d.embedding, $q) } limit 5 }',
      textJoin:
        'query q() { match { $s: Doc\n$s cites $d\nsearch($d.body, "word5")\nmatch_text($s.body, "word4 common") } return { $s.slug, $d.slug } }',
      hybrid:
        'query q($q: Vector(4)) { match { $d: Doc } return { $d.slug } order { rrf(nearest($d.embedding, $q), bm25($d.body, "even word2")) } limit 5 }',
    };
    const run = async (name: keyof typeof queries): Promise<unknown[]> =>
      (
        await graph.query({
          query: queries[name],
          params: name === 'textJoin' ? {} : { q: vectorOf(42) },
        })
      ).rows.map((row) => Object.values(row).join('>'));
    const exactKnn = (filter: (index: number) => boolean, limit: number): string[] =>
      Array.from({ length: count }, (_, index) => index)
        .filter(filter)
        .map((index) => {
          const [a, b] = [vectorOf(42), vectorOf(index)];
          const dot = a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
          const norm = Math.hypot(...a) * Math.hypot(...b);
          return { slug: `d${String(index).padStart(3, '0')}`, distance: 1 - dot / norm };
        })
        .sort((x, y) => x.distance - y.distance || (x.slug < y.slug ? -1 : 1))
        .slice(0, limit)
        .map((entry) => entry.slug);

    it('gives the same answers without and with indexes (IVF vector index included)', async () => {
      const before = {
        knn: await run('knn'),
        knnFiltered: await run('knnFiltered'),
        joined: await run('joined'),
        textJoin: await run('textJoin'),
        hybrid: await run('hybrid'),
      };
      expect(before.knn).toEqual(exactKnn(() => true, 10));
      expect(before.knnFiltered).toEqual(exactKnn((index) => index % 10 === 3, 5));
      expect(before.joined).toEqual(exactKnn((index) => index >= 1 && (index - 1) % 10 < 2, 5));
      const pad = (index: number) => `d${String(index).padStart(3, '0')}`;
      expect(before.textJoin).toEqual(
        Array.from({ length: count - 1 }, (_, index) => index)
          .filter((index) => index % 13 === 4)
          .map((index) => `${pad(index)}>${pad(index + 1)}`),
      );
      const built = await graph.ensureIndices();
      expect(built.built.some((target) => target.kind === 'vector')).toBe(true);
      expect(built.deferred).toEqual([]);
      const after = {
        knn: await run('knn'),
        knnFiltered: await run('knnFiltered'),
        joined: await run('joined'),
        textJoin: await run('textJoin'),
        hybrid: await run('hybrid'),
      };
      expect(after).toEqual(before);
    });
  });
}
