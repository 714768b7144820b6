import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { testSettings } from '../helpers/s3-env.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import { graphWith, ndjson } from './query-fixtures.js';

// Rows ordered by entity id alone are placed by the cached image's id ranks once a query orders
// thousands of them; the order must be the code point order of the ids, as without the cache.
// Keys mixing astral characters with U+E000–U+FFFF are where UTF-16 order would differ.

const SCHEMA = 'node Tag {\n  name: String @key\n  weight: I32\n}\n';
const ALPHABET = ['a', 'b', 'Z', '\u{1F600}', '\uE000', '\uFFFD', 'é'];
const TAGS = 6000;

/** A deterministic name per tag: its number written in the alphabet above. */
function nameOf(tag: number): string {
  let name = '';
  for (let rest = tag + 1; rest > 0; rest = Math.floor(rest / ALPHABET.length))
    name += ALPHABET[rest % ALPHABET.length] ?? '';
  return name;
}

function byCodePoint(a: string, b: string): number {
  const x = Array.from(a, (char) => char.codePointAt(0) ?? 0);
  const y = Array.from(b, (char) => char.codePointAt(0) ?? 0);
  for (let at = 0; at < Math.min(x.length, y.length); at += 1)
    if (x[at] !== y[at]) return (x[at] ?? 0) - (y[at] ?? 0);
  return x.length - y.length;
}

const QUERIES = `
query all_tags() { match { $t: Tag } return { $t.name } }
query heavy_tags() { match { $t: Tag
  $t.weight >= 2 } return { $t.name, $t.weight } }
`;

describe('ordering by id ranks', () => {
  let root: string;
  const graphs: Omnigraph[] = [];
  const names = Array.from({ length: TAGS }, (_, tag) => nameOf(tag));

  beforeAll(async () => {
    root = await freshTempDir('id-ranks');
    const records = names.map((name, tag) => ({ type: 'Tag', data: { name, weight: tag % 4 } }));
    await (await graphWith(root, SCHEMA, ndjson(records))).close();
  });
  afterAll(async () => {
    for (const graph of graphs) await graph.close();
  });

  const open = async (bytes: number): Promise<Omnigraph> => {
    const graph = await Omnigraph.open(root, { settings: testSettings({ cache: { bytes } }) });
    graphs.push(graph);
    return graph;
  };
  const column = async (graph: Omnigraph, name: string): Promise<unknown[]> =>
    (await graph.query({ query: QUERIES, name })).rows.map((row) => row['t.name']);

  it('gives the code point order of the ids, as reads without the cache do', async () => {
    const cached = await open(1 << 30);
    const uncached = await open(0);
    const expected = [...names].sort(byCodePoint);
    // UTF-16 order differs here, so the test tells the two orders apart.
    expect([...names].sort()).not.toEqual(expected);
    for (let run = 0; run < 2; run += 1) expect(await column(cached, 'all_tags')).toEqual(expected);
    expect(await column(uncached, 'all_tags')).toEqual(expected);
    const heavy = names.filter((_, tag) => tag % 4 >= 2).sort(byCodePoint);
    expect(await column(cached, 'heavy_tags')).toEqual(heavy);
    expect(await column(uncached, 'heavy_tags')).toEqual(heavy);
    const { profile } = await cached.query({ query: QUERIES, name: 'all_tags' }, { profile: true });
    // The image holds the ids, their row index, their ranks and the list of every row that the
    // whole-table scan binds (the key is the id: no column).
    expect(profile?.caches.caches.columns?.entries).toBe(4);
  });
});
