import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { writeIntent } from '../../src/engine/root/recovery-intent.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  describeOnBackends,
  expectOmniError,
  freshGraph,
  ndjson,
  personLine,
  storageState,
  TEST_JSONL,
} from './graph-helpers.js';
import { openObjectStore } from '../../src/storage/index.js';
import { testSettings } from '../helpers/s3-env.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');
const TEST_GQ = await readFile(path.join(FIXTURES, 'test.gq'), 'utf8');
const SEARCH_PG = await readFile(path.join(FIXTURES, 'search.pg'), 'utf8');
const SEARCH_GQ = await readFile(path.join(FIXTURES, 'search.gq'), 'utf8');
const SEARCH_JSONL = await readFile(path.join(FIXTURES, 'search.jsonl'), 'utf8');

/** Read queries covering lookups, filters, traversals, aggregates and search. */
const READS: readonly { gq: string; name: string; params?: Record<string, unknown> }[] = [
  { gq: TEST_GQ, name: 'get_person', params: { name: 'Alice' } },
  { gq: TEST_GQ, name: 'adults' },
  { gq: TEST_GQ, name: 'friends_of', params: { name: 'Alice' } },
  { gq: TEST_GQ, name: 'friends_of_friends', params: { name: 'Alice' } },
  { gq: TEST_GQ, name: 'friend_counts' },
  { gq: TEST_GQ, name: 'age_stats' },
];
const SEARCHES: readonly { gq: string; name: string; params?: Record<string, unknown> }[] = [
  { gq: SEARCH_GQ, name: 'text_search', params: { q: 'learning' } },
  { gq: SEARCH_GQ, name: 'bm25_search', params: { q: 'learning' } },
  { gq: SEARCH_GQ, name: 'vector_search', params: { q: [0.1, 0.2, 0.3, 0.4] } },
  { gq: SEARCH_GQ, name: 'phrase_search', params: { q: 'neural networks' } },
];

async function answers(
  graph: Omnigraph,
  reads: readonly { gq: string; name: string; params?: Record<string, unknown> }[],
): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const read of reads) {
    const result = await graph.query({ query: read.gq, name: read.name, params: read.params });
    out.push({ name: read.name, rows: result.rows });
  }
  return out;
}

/** Many small commits: each load adds a version and a fragment. */
async function smallCommits(graph: Omnigraph, count: number, tag = ''): Promise<void> {
  for (let i = 0; i < count; i++)
    await graph.load({ data: ndjson(personLine(`P${tag}${i}`, 20 + (i % 50))), mode: 'merge' });
}

describeOnBackends('optimize', (backend) => {
  it('compacts and indexes as one commit, answers every query identically, then is a no-op', async () => {
    const graph = await freshGraph(backend, 'optimize', { data: TEST_JSONL });
    await smallCommits(graph, 6);
    const before = await answers(graph, READS);
    const commitsBefore = (await graph.listCommits()).commits.length;
    const result = await graph.optimize();
    expect(result.commit_id).not.toBeNull();
    expect((await graph.listCommits()).commits.length).toBe(commitsBefore + 1);
    const person = result.datasets.find((d) => d.type_key === 'node:Person');
    expect(person).toMatchObject({ committed: true, skipped: null, pending_indexes: [] });
    expect(person?.fragments_removed).toBeGreaterThan(1);
    expect(person?.fragments_added).toBe(1);
    expect(person?.published_dataset_version).toBe(person?.lance_head_version);
    expect(await answers(graph, READS)).toEqual(before);
    const snapshot = await graph.snapshot();
    const again = await graph.optimize();
    expect(again.commit_id).toBeNull();
    expect(again.datasets.every((d) => !d.committed && d.fragments_removed === 0)).toBe(true);
    expect(await graph.snapshot()).toEqual(snapshot);
    await graph.close();
  });

  it('builds declared search indexes and reports untrainable ones as pending', async () => {
    const graph = await freshGraph(backend, 'optimize-search', {
      schema: SEARCH_PG,
      data: SEARCH_JSONL,
    });
    const before = await answers(graph, SEARCHES);
    const result = await graph.optimize();
    const doc = result.datasets.find((d) => d.type_key === 'node:Doc');
    expect(doc?.committed).toBe(true);
    expect(doc?.pending_indexes).toEqual([
      { property: 'embedding', reason: expect.stringContaining('too few rows') as unknown },
    ]);
    expect(await answers(graph, SEARCHES)).toEqual(before);
    // New rows after the index build are folded in by the next optimize. (BM25 ranks are left
    // out here: scores over a partly indexed table use other corpus statistics.)
    const setSearches = SEARCHES.filter((search) => search.name !== 'bm25_search');
    await graph.load({
      data: ndjson({
        type: 'Doc',
        data: { slug: 'late', title: 'Late learning', body: 'late body', embedding: [1, 0, 0, 0] },
      }),
      mode: 'merge',
    });
    const withLate = await answers(graph, setSearches);
    expect((await graph.optimize()).commit_id).not.toBeNull();
    expect(await answers(graph, setSearches)).toEqual(withLate);
    expect((await graph.optimize()).commit_id).toBeNull();
    await graph.close();
  });

  it('refuses with recovery_required while a recovery intent is pending, changing nothing', async () => {
    const graph = await freshGraph(backend, 'optimize-intent', { data: TEST_JSONL });
    await smallCommits(graph, 2);
    const store = openObjectStore(graph.uri, testSettings().s3);
    await writeIntent(store, {
      operation_id: '01JZZZZZZZZZZZZZZZZZZZZZZZ',
      writer_kind: 'load',
      branch: 'main',
      commit_id: '01JZZZZZZZZZZZZZZZZZZZZZZY',
      actor_id: null,
      started_at: Date.now() * 1000,
      tables: [],
    });
    const state = backend.s3 ? undefined : await storageState(new URL(graph.uri).pathname);
    await expectOmniError(graph.optimize(), 'recovery_required', 'optimize refused', 'load');
    await expectOmniError(
      graph.cleanup({ keep_versions: 1, confirm: true }),
      'recovery_required',
      'cleanup refused',
    );
    if (state) expect(await storageState(new URL(graph.uri).pathname)).toEqual(state);
    await graph.close();
  });
});
