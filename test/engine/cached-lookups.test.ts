import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  describeOnBackends,
  expectOmniError,
  freshGraph,
  LOCAL,
  ndjson,
  removeDataFiles,
  type Backend,
} from './graph-helpers.js';

// The agent context shape: each trace is recorded by exactly one actor, emails are unique.
const SCHEMA = `
node Actor {
    slug: String @key
    email: String? @unique
    level: I64? @unique
}
node Trace {
    slug: String @key
}
edge RecordedBy: Trace -> Actor @card(1..1)
`;

const QUERIES = `
query actors() {
  match { $a: Actor }
  return { $a.slug, $a.email, $a.level }
}
query traces() {
  match { $t: Trace
    $t recordedBy $a }
  return { $t.slug, $a.slug }
}
query actor($slug: String, $email: String?) { insert Actor { slug: $slug, email: $email } }
query trace($slug: String, $by: String) {
  insert Trace { slug: $slug }
  insert RecordedBy { from: $slug, to: $by }
}
query also_by($slug: String, $by: String) { insert RecordedBy { from: $slug, to: $by } }
query leveled($slug: String, $level: I64) { insert Actor { slug: $slug, level: $level } }
`;

const SEED = ndjson(
  ...['ada', 'bob', 'cy'].map((slug, i) => ({
    type: 'Actor',
    data: { slug, email: `${slug}@x`, level: i },
  })),
  { type: 'Trace', data: { slug: 't0' } },
  { edge: 'RecordedBy', from: 't0', to: 'cy' },
);

function run(graph: Omnigraph, name: string, params: Record<string, unknown>) {
  return graph.mutate({ query: QUERIES, name, params });
}

async function reads(graph: Omnigraph): Promise<unknown[]> {
  const actors = await graph.query({ query: QUERIES, name: 'actors' });
  const traces = await graph.query({ query: QUERIES, name: 'traces' });
  return [actors.rows, traces.rows];
}

/** New entities: an actor, and traces recorded by a seeded actor and by the new one. */
async function insertNew(graph: Omnigraph): Promise<void> {
  await run(graph, 'actor', { slug: 'dee', email: 'dee@x' });
  await run(graph, 'trace', { slug: 't1', by: 'ada' });
  await run(graph, 'trace', { slug: 't2', by: 'dee' });
}

/** An actor taking the email of `holder` (`<holder>@x`): a @unique violation. */
function takeEmail(graph: Omnigraph, slug: string, holder: string): Promise<unknown> {
  const taken = run(graph, 'actor', { slug, email: `${holder}@x` });
  return expectOmniError(taken, 'bad_request', '@unique');
}

/** Inserts, and the violations a write's checks must still find, cached or not. */
async function writeAndCheck(graph: Omnigraph): Promise<void> {
  await insertNew(graph);
  // Held by a seeded row, and by a row the graph's last writes appended.
  await takeEmail(graph, 'eve', 'bob');
  await takeEmail(graph, 'fay', 'dee');
  // A 64-bit value: held, and compared, as a bigint.
  await expectOmniError(run(graph, 'leveled', { slug: 'gus', level: 1 }), 'bad_request', '@unique');
  await run(graph, 'leveled', { slug: 'gus', level: 7 });
  // A second recorder of an existing trace, and a trace with none.
  await expectOmniError(run(graph, 'also_by', { slug: 't1', by: 'bob' }), 'bad_request', '@card');
  await expectOmniError(
    graph.mutate({ query: 'query t() { insert Trace { slug: "t3" } }' }),
    'bad_request',
    '@card',
  );
  await run(graph, 'actor', { slug: 'eve', email: null });
}

describeOnBackends('write checks answered from the read caches', (backend: Backend) => {
  it('find the same violations as with nothing cached', async () => {
    const cold = await freshGraph(backend, 'cached-lookups-cold', { schema: SCHEMA, data: SEED });
    const warm = await freshGraph(backend, 'cached-lookups-warm', { schema: SCHEMA, data: SEED });
    await reads(warm);
    await writeAndCheck(cold);
    await writeAndCheck(warm);
    expect(await reads(warm)).toEqual(await reads(cold));
    await cold.close();
    await warm.close();
  });
});

describe('write checks answered from the read caches (no table read)', () => {
  it('checks keys, endpoints, @unique and @card of new entities from memory', async () => {
    const graph = await freshGraph(LOCAL, 'cached-lookups-no-read', { schema: SCHEMA, data: SEED });
    await reads(graph);
    await removeDataFiles(fileURLToPath(graph.uri));
    // Any Lance read of a table would fail now.
    await insertNew(graph);
    await takeEmail(graph, 'eve', 'dee');
    await graph.close();
  });

  it('compares the rows of a merge load with the stored ones from memory', async () => {
    const graph = await freshGraph(LOCAL, 'cached-lookups-merge', { schema: SCHEMA, data: SEED });
    const unchanged = { type: 'Actor', data: { slug: 'bob', email: 'bob@x', level: 1 } };
    const fresh = { type: 'Actor', data: { slug: 'dee', email: 'dee@x', level: 7 } };
    // Merges that change nothing, until their lookups have paid for holding the table.
    for (let i = 0; i < 3; i += 1)
      expect((await graph.load({ data: ndjson(unchanged), mode: 'merge' })).commit).toBeNull();
    await removeDataFiles(fileURLToPath(graph.uri));
    // Any Lance read of a table would fail now; appending a new row reads none.
    const added = await graph.load({ data: ndjson(unchanged, fresh), mode: 'merge' });
    expect(added.commit).not.toBeNull();
    expect((await graph.query({ query: QUERIES, name: 'actors' })).rows).toContainEqual({
      'a.slug': 'dee',
      'a.email': 'dee@x',
      'a.level': 7n,
    });
    const again = await graph.load({ data: ndjson(unchanged), mode: 'merge' });
    expect(again.commit).toBeNull();
    await graph.close();
  });
});
