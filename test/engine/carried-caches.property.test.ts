import { describe, expect, it } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import { Rng } from '../fuzz/rng.js';
import { edgeLine, freshGraph, LOCAL, ndjson, openGraph } from './graph-helpers.js';

// Random runs of writes and reads on one handle, whose read caches carry their columns, id
// ranks and topology over each write, checked against a fresh handle reading the same head.

const SCHEMA = `
node Person {
    name: String @key
    age: I32?
    score: F32?
    tag: String?
    big: I64?
}
node Company {
    cid: String @key
}
edge Knows: Person -> Person {
    weight: I32?
}
edge WorksAt: Person -> Company
`;

// Each read asks for other columns, so carried versions hold different subsets of them.
const QUERIES = `
query everything() {
  match { $p: Person }
  return { $p.name, $p.age, $p.score, $p.tag, $p.big }
}
query older($min: I32) {
  match { $p: Person
    $p.age > $min }
  return { $p.name, $p.age }
}
query tags() {
  match { $p: Person }
  return { $p.name, $p.tag }
}
query friends() {
  match { $p: Person
    $p knows $f }
  return { $p.name, count($f) as friends }
}
query known_by() {
  match { $p: Person
    $q knows $p }
  return { $p.tag, count($q) as n }
}
query employees() {
  match { $p: Person
    $p worksAt $c }
  return { $c.cid, count($p) as n, avg($p.age) as mean }
}
query edges($name: String) {
  match { $p: Person { name: $name }
    $p $w:knows $f }
  return { $f.name, $w.weight }
}
query person($name: String) {
  match { $p: Person { name: $name } }
  return { $p.name, $p.age, $p.score, $p.tag, $p.big }
}
query near($name: String) {
  match { $p: Person { name: $name }
    $p knows $f
    $g knows $f }
  return { $f.name, $f.age, $g.name }
}
query add($name: String, $age: I32?, $score: F32?, $tag: String?, $big: I64?) {
  insert Person { name: $name, age: $age, score: $score, tag: $tag, big: $big }
}
query set_age($name: String, $age: I32) { update Person set { age: $age } where name = $name }
query befriend($from: String, $to: String, $weight: I32) {
  insert Knows { from: $from, to: $to, weight: $weight }
}
query remove($name: String) { delete Person where name = $name }
query unfriend($name: String) { delete Knows where from = $name }
query drop_weight($weight: I32) { delete Knows where weight = $weight }
query hire($name: String, $cid: String) { insert WorksAt { from: $name, to: $cid } }
`;

/** The person the lookups ask for, whom one write in four names. */
const FOCUS = 'P7';

const READS = [
  // First: key lookups and walks from one person (out, then in), which right after a write
  // read the version before's image or index and the rows written since (see FOCUS).
  { name: 'person', params: { name: FOCUS } },
  { name: 'near', params: { name: FOCUS } },
  { name: 'everything' },
  { name: 'older', params: { min: 40 } },
  { name: 'tags' },
  { name: 'friends' },
  { name: 'known_by' },
  // Grouped by company: the reach into persons is kept while WorksAt is not written.
  { name: 'employees' },
  // One person's edges with their weights: the topology index finds them by edge number.
  { name: 'edges', params: { name: FOCUS } },
] as const;

/** The key lookups and walks, read right after writes too. */
const LOOKUPS = READS.slice(0, 2);

/** Enough people that results in id order are placed by the cached id ranks. */
const PEOPLE = 4500;
const COMPANIES = 40;

/** A person's properties, each NULL with chance `nulls`. */
function personData(rng: Rng, name: string, nulls = 0.1): Record<string, unknown> {
  return {
    name,
    age: rng.chance(nulls) ? null : rng.int(0, 90),
    score: rng.chance(nulls) ? null : rng.int(0, 1000) / 8,
    tag: rng.chance(nulls) ? null : `t${rng.int(0, 30)}`,
    big: rng.chance(nulls) ? null : 2 ** 40 + rng.int(0, 1000),
  };
}

async function readSome(graph: Omnigraph, reads: readonly (typeof READS)[number][]) {
  const results = [];
  for (const read of reads) results.push((await graph.query({ query: QUERIES, ...read })).rows);
  return results;
}

/**
 * One random write: an insert, an upsert, an update, an edge, or (more rarely) a delete: of a
 * person (and their edges), of someone's friendships, or of the friendships of one weight
 * (which may take one of two parallel edges).
 */
async function randomWrite(graph: Omnigraph, rng: Rng, names: string[], step: number) {
  const mutate = (name: string, params: Record<string, unknown>) =>
    graph.mutate({ query: QUERIES, name, params });
  const kind = rng.weighted([
    [4, 'insert'],
    [3, 'upsert'],
    [3, 'update'],
    [4, 'edge'],
    [1, 'job'],
    [1, 'delete'],
    [1, 'unfriend'],
    [1, 'drop_weight'],
  ] as const);
  const someone = () => (rng.chance(0.25) && names.includes(FOCUS) ? FOCUS : rng.pick(names));
  if (kind === 'insert') {
    // Names before, among and after the ones held, so new ids rank anywhere.
    const name = rng.pick([`A${step}`, `P${rng.int(0, PEOPLE)}x${step}`, `Z${step}`]);
    names.push(name);
    return mutate('add', personData(rng, name));
  }
  if (kind === 'upsert') return mutate('add', personData(rng, someone()));
  if (kind === 'update') return mutate('set_age', { name: someone(), age: rng.int(0, 90) });
  if (kind === 'job')
    return mutate('hire', { name: someone(), cid: `C${rng.int(0, COMPANIES - 1)}` });
  if (kind === 'edge')
    return mutate('befriend', { from: someone(), to: someone(), weight: rng.int(0, 99) });
  if (kind === 'unfriend') return mutate('unfriend', { name: someone() });
  if (kind === 'drop_weight') return mutate('drop_weight', { weight: rng.int(0, 99) });
  const gone = names.splice(rng.int(0, names.length - 1), 1)[0] ?? '';
  return mutate('remove', { name: gone });
}

describe('read caches carried over random writes', () => {
  // Seed 4 loads no NULL: its numeric columns are cached packed until a write adds a NULL.
  for (const [seed, nulls] of [
    [1, 0.1],
    [2, 0.1],
    [3, 0.1],
    [4, 0],
  ] as const) {
    it(`reads what a fresh handle reads (seed ${seed})`, async () => {
      const rng = Rng.of('carried caches', seed);
      const names = Array.from({ length: PEOPLE }, (_, i) => `P${i}`);
      const seedData = ndjson(
        ...names.map((name) => ({ type: 'Person', data: personData(rng, name, nulls) })),
        ...Array.from({ length: COMPANIES }, (_, i) => ({
          type: 'Company',
          data: { cid: `C${i}` },
        })),
        ...names.map((name) => edgeLine('WorksAt', name, `C${rng.int(0, COMPANIES - 1)}`)),
        ...Array.from({ length: 3 * PEOPLE }, () =>
          edgeLine('Knows', rng.pick(names), rng.pick(names), { weight: rng.int(0, 99) }),
        ),
      );
      const graph = await freshGraph(LOCAL, `carried-random-${seed}`, {
        schema: SCHEMA,
        data: seedData,
      });
      await readSome(graph, READS);
      // Reads from storage: this handle writes nothing, so it carries nothing over.
      const other = await openGraph(graph.uri, 'read-only');
      for (let step = 0; step < 40; step += 1) {
        await randomWrite(graph, rng, names, step);
        if (rng.chance(0.5)) {
          expect(await readSome(graph, LOOKUPS), `lookups after step ${step}`).toEqual(
            await readSome(other, LOOKUPS),
          );
        }
        // Reads of some columns only, or none: later versions are carried over several writes.
        if (rng.chance(0.6)) await readSome(graph, rng.subset(READS, 2));
        if (step % 8 === 7) {
          const fresh = await openGraph(graph.uri, 'read-only');
          expect(await readSome(graph, READS), `after step ${step}`).toEqual(
            await readSome(fresh, READS),
          );
          await fresh.close();
        }
      }
      await other.close();
      await graph.close();
    }, 120_000);
  }
});
