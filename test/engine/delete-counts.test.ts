import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import { PendingChanges } from '../../src/engine/mutation/pending-changes.js';
import { FencedWriter } from '../../src/engine/protocol/fenced-writer.js';
import {
  edgeLine,
  edgesOf,
  freshGraph,
  LOCAL,
  ndjson,
  nodesOf,
  personLine,
} from './graph-helpers.js';

const QUERIES = `
query leave($name: String) { delete Person where name = $name }
query add($name: String) { insert Person { name: $name, age: 1 } }
`;

const SEED = ndjson(
  personLine('Alice', 30),
  personLine('Bob', 25),
  personLine('Cy', 20),
  edgeLine('Knows', 'Alice', 'Bob'),
  edgeLine('Knows', 'Bob', 'Cy'),
);

function mutate(graph: Omnigraph, name: string, params: Record<string, unknown>) {
  return graph.mutate({ query: QUERIES, name, params });
}

describe('ids a delete knows the base holds', () => {
  it('are the deleted ids a lookup found in the base, through forks', () => {
    const batch = PendingChanges.empty();
    const first = batch.fork();
    first.markHeld('node:Person', ['Alice', 'Bob']);
    first.delete('node:Person', 'Alice');
    // Inserted then deleted: not in the base, so not held.
    first.upsert('node:Person', { id: 'Zed' }, 'keyed');
    first.delete('node:Person', 'Zed');
    batch.absorb(first);
    const second = batch.fork();
    second.delete('node:Person', 'Bob');
    expect([...(batch.changeSet().get('node:Person')?.held ?? [])]).toEqual(['Alice']);
    expect([...(second.changeSet().get('node:Person')?.held ?? [])].sort()).toEqual([
      'Alice',
      'Bob',
    ]);
  });
});

describe('the row ids of the edges a node delete takes with it', () => {
  it('go with each delete through forks, and an upsert of the id drops its own', () => {
    const batch = PendingChanges.empty();
    const first = batch.fork();
    first.delete('edge:Knows', 'e1', true, { src: 'Bob', dst: 'Cy' }, 7n);
    first.delete('edge:Knows', 'e2', true, undefined, 9n);
    batch.absorb(first);
    const second = batch.fork();
    second.upsert('edge:Knows', { id: 'e2', src: 'Cy', dst: 'Bob' });
    second.delete('edge:Knows', 'e3');
    const rowIds = (changes: PendingChanges) => [
      ...(changes.changeSet().get('edge:Knows')?.deletedRowIds ?? []),
    ];
    expect(rowIds(batch)).toEqual([
      ['e1', 7n],
      ['e2', 9n],
    ]);
    expect(rowIds(second)).toEqual([['e1', 7n]]);
  });

  it('delete those edges by row id, and the node by id', async () => {
    const graph = await freshGraph(LOCAL, 'delete-row-ids', { data: SEED });
    const deletes = vi.spyOn(FencedWriter.prototype, 'delete');
    await mutate(graph, 'leave', { name: 'Bob' });
    // The tables' deletes run together: in either order.
    const filters = deletes.mock.calls.map(([filter]) => filter);
    expect(filters).toHaveLength(2);
    expect(filters).toEqual(
      expect.arrayContaining([
        { kind: 'in', column: 'id', values: ['Bob'] },
        { kind: 'in', column: '_rowid', values: [expect.any(BigInt), expect.any(BigInt)] },
      ]),
    );
    expect(await edgesOf(graph, 'Knows')).toEqual([]);
    expect(Object.keys(await nodesOf(graph, 'Person')).sort()).toEqual(['Alice', 'Cy']);
    await graph.close();
  });
});

describe('a delete of rows the base holds', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('asks Lance for no count first; a delete of rows the base may not hold still does', async () => {
    const graph = await freshGraph(LOCAL, 'delete-counts', { data: SEED });
    const counts = vi.spyOn(FencedWriter.prototype, 'count');
    // Bob and both his edges: each found by a lookup of the base.
    const left = await mutate(graph, 'leave', { name: 'Bob' });
    expect(left.affected_nodes).toBe(1);
    expect(left.affected_edges).toBe(2);
    expect(counts).not.toHaveBeenCalled();
    expect(Object.keys(await nodesOf(graph, 'Person')).sort()).toEqual(['Alice', 'Cy']);
    expect(await edgesOf(graph, 'Knows')).toEqual([]);
    // Calls started together queue behind the first and are committed as one batch: Zed, whom
    // the batch inserts and deletes, is not in the base, so that delete is counted (and matches
    // nothing there).
    const [yan, zedIn, zedOut] = await Promise.all([
      mutate(graph, 'add', { name: 'Yan' }),
      mutate(graph, 'add', { name: 'Zed' }),
      mutate(graph, 'leave', { name: 'Zed' }),
    ]);
    expect([yan.affected_nodes, zedIn.affected_nodes, zedOut.affected_nodes]).toEqual([1, 1, 1]);
    expect(counts).toHaveBeenCalled();
    expect(Object.keys(await nodesOf(graph, 'Person')).sort()).toEqual(['Alice', 'Cy', 'Yan']);
    await graph.close();
  });
});
