import { expect, it } from 'vitest';
import {
  describeOnBackends,
  edgeLine,
  edgesOf,
  expectOmniError,
  freshGraph,
  ndjson,
  personLine,
} from './graph-helpers.js';

const PEOPLE = 1_500;
const name = (n: number) => `p${n}`;

describeOnBackends('looking up many ids of a table', (backend) => {
  it('finds exactly the ids a table holds, read in chunks or read whole', async () => {
    const graph = await freshGraph(backend, 'lookups', {
      data: ndjson(...Array.from({ length: PEOPLE }, (_, n) => personLine(name(n)))),
    });
    const lookups = (await graph.resolve()).lookups();
    // 1,500 ids of a 1,500-row table: the table's ids are read once.
    const many = Array.from({ length: PEOPLE }, (_, n) => name(n * 2));
    const held = new Set(many.filter((_, n) => n * 2 < PEOPLE));
    expect(await lookups.existingIds('node:Person', many)).toEqual(held);
    // 900 ids: one IN-list scan.
    const few = many.slice(0, 900);
    expect(await lookups.existingIds('node:Person', few)).toEqual(
      new Set(few.filter((id) => held.has(id))),
    );
    await graph.close();
  });

  it('checks the endpoints of a large edge load against the graph', async () => {
    const graph = await freshGraph(backend, 'lookups-load', {
      data: ndjson(...Array.from({ length: PEOPLE }, (_, n) => personLine(name(n)))),
    });
    const edges = Array.from({ length: 1_200 }, (_, n) =>
      edgeLine('Knows', name(n), name(PEOPLE - 1 - n)),
    );
    const missing = [
      ...edges.slice(0, 700),
      edgeLine('Knows', name(3), 'nobody'),
      ...edges.slice(700),
    ];
    await expectOmniError(
      graph.load({ data: ndjson(...missing), mode: 'append' }),
      'bad_request',
      "line 701: dst 'nobody' not found in Person",
    );
    expect(await edgesOf(graph, 'Knows')).toEqual([]);
    const loaded = await graph.load({ data: ndjson(...edges), mode: 'append' });
    expect(loaded.total_entities).toBe(1_200);
    expect((await edgesOf(graph, 'Knows')).length).toBe(1_200);
    await graph.close();
  });
});
