import { expect, it, vi } from 'vitest';
import type { LoadOutput } from '../../src/api/index.js';
import { changedRows } from '../../src/engine/load/changed-rows.js';
import { encodeRows, schemaFromColumns, type Row } from '../../src/engine/lance/index.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import { SnapshotLookups } from '../../src/engine/snapshot/snapshot-lookups.js';
import {
  describeOnBackends,
  edgeLine,
  edgesOf,
  freshGraph,
  ndjson,
  nodesOf,
  personLine,
} from './graph-helpers.js';

const SEED = ndjson(
  personLine('Alice', 30),
  personLine('Bob', 25),
  edgeLine('Knows', 'Alice', 'Bob', { since: '2020-01-01' }),
);

/** Rows Lance holds in a table at the branch head: a duplicated id would count twice. */
async function rowCount(graph: Omnigraph, tableKey: string): Promise<number> {
  return (await (await graph.resolve()).reader(tableKey)).count();
}

describeOnBackends('a merge load of entities whose ids it generates', (backend) => {
  it('adds a row with a generated id without looking its id up, in the rows order', async () => {
    const graph = await freshGraph(backend, 'merge-minted-rows', { data: SEED });
    const base = await graph.resolve();
    const reader = await base.reader('edge:Knows');
    const [stored] = await reader.scan();
    if (stored === undefined) throw new Error('the seed has an edge');
    const window = (rows: Row[]) =>
      encodeRows(schemaFromColumns(reader.columns), reader.columns, rows);
    const fresh = { ...stored, id: 'a-new-edge' };
    // A row identical to the stored one is found unchanged by its id; the same row marked as
    // generated is added: only a lookup could have told it was stored.
    const changed = await changedRows(base, 'edge:Knows', window([stored, stored, fresh]), {
      minted: new Set([0]),
    });
    expect(changed).toEqual({ added: [0, 2], modified: [] });
    // Unmarked, the same row is looked up and found unchanged; changed, it is modified.
    expect(await changedRows(base, 'edge:Knows', window([stored]))).toEqual({
      added: [],
      modified: [],
    });
    const since = { ...stored, since: 1 + Number(stored.since) };
    expect(await changedRows(base, 'edge:Knows', window([fresh, since]))).toEqual({
      added: [0],
      modified: [1],
    });
    await graph.close();
  });

  it('appends edges without ids beside the updates and inserts of keyed rows', async () => {
    const graph = await freshGraph(backend, 'merge-minted-load', { data: SEED });
    const looked = vi.spyOn(SnapshotLookups.prototype, 'matchingRows');
    let tables: string[];
    let result: LoadOutput;
    try {
      result = await graph.load({
        mode: 'merge',
        data: ndjson(
          edgeLine('Knows', 'Bob', 'Alice'),
          personLine('Alice', 31),
          personLine('Carol', 40),
          edgeLine('Knows', 'Carol', 'Alice', { since: '2021-02-03' }),
          // The same endpoints as the stored edge: a new edge, as in any load without an `id`.
          edgeLine('Knows', 'Alice', 'Bob'),
        ),
      });
    } finally {
      tables = looked.mock.calls.map(([tableKey]) => tableKey);
      looked.mockRestore();
    }
    // The people are looked up by id; the edges, whose ids the load generated, are not.
    expect(tables).toContain('node:Person');
    expect(tables).not.toContain('edge:Knows');
    expect(result.total_entities).toBe(5);
    expect(result.commit).not.toBeNull();
    expect((await edgesOf(graph, 'Knows')).sort()).toEqual([
      'Alice->Bob',
      'Alice->Bob',
      'Bob->Alice',
      'Carol->Alice',
    ]);
    expect(await rowCount(graph, 'edge:Knows')).toBe(4);
    const people = await nodesOf(graph, 'Person');
    expect([people.Alice?.age, people.Bob?.age, people.Carol?.age]).toEqual([31, 25, 40]);
    expect(await rowCount(graph, 'node:Person')).toBe(3);
    await graph.close();
  });
});
