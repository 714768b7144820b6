import { beforeAll, expect, it } from 'vitest';
import type { EntityChangeOutput } from '../../src/api/index.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  ALL_VALUES_SCHEMA,
  describeOnBackends,
  exportAll,
  freshGraph,
  graphState,
  ndjson,
  storageState,
} from './graph-helpers.js';

const SCHEMA = ALL_VALUES_SCHEMA;

/** Beyond 2^53: a double cannot tell it from its neighbours. */
const BIG = 9_007_199_254_740_993n;

function item(index: number, overrides: Record<string, unknown> = {}): object {
  return {
    type: 'Item',
    data: {
      name: `item-${String(index).padStart(3, '0')}`,
      big: `${BIG + BigInt(index)}`,
      // Not a float32: stored rounded, and an identical input must still compare equal.
      score: 0.1 + index,
      ratio: 1 / 3 + index,
      day: '2024-02-29',
      at: '2024-02-29T12:34:56.789Z',
      flag: index % 2 === 0,
      tags: ['a', `t${index}`],
      days: ['2020-01-01', '1970-01-01'],
      vec: [0.1, -0.2, index],
      ...overrides,
    },
  };
}

/** The NDJSON of an item with a raw JSON number for `big` (parsed exactly as I64). */
function itemLine(index: number, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify(item(index, overrides)).replace(/"big":"(\d+)"/, '"big":$1');
}

function link(index: number, weight: number | null = 0.5): object {
  return {
    edge: 'Link',
    from: `item-${String(index).padStart(3, '0')}`,
    to: `item-${String(index + 1).padStart(3, '0')}`,
    data: { id: `link-${index}`, weight },
  };
}

const ROWS = 40;
const ITEMS = Array.from({ length: ROWS }, (_, i) => itemLine(i));
const LINKS = Array.from({ length: ROWS - 1 }, (_, i) => link(i));

function rows(changes: readonly EntityChangeOutput[]): string[] {
  return changes.map((c) => `${c.op} ${c.kind} ${c.type.name} ${c.id}`);
}

/** The commit ids of a branch, newest first. */
async function commitIds(graph: Omnigraph, branch = 'main'): Promise<string[]> {
  return (await graph.listCommits({ branch })).commits.map((c) => c.graph_commit_id);
}

describeOnBackends('load --mode merge that changes nothing', (backend) => {
  let graph: Omnigraph;
  beforeAll(async () => {
    graph = await freshGraph(backend, 'merge-noop', { schema: SCHEMA });
    const loaded = await graph.load({ data: ndjson(...ITEMS, ...LINKS), mode: 'merge' });
    expect(loaded.commit).not.toBeNull();
  });

  it('publishes no commit and leaves the head, the table versions and storage as they were', async () => {
    const before = await graphState(graph);
    const commits = await commitIds(graph);
    const files = await storageState(graph.uri);
    const result = await graph.load({ data: ndjson(...ITEMS, ...LINKS), mode: 'merge' });
    expect(result).toMatchObject({ commit: null, total_entities: 2 * ROWS - 1 });
    expect(await commitIds(graph)).toEqual(commits);
    // The snapshot pins the same table versions: no version was committed, or left behind.
    expect(await graphState(graph)).toEqual(before);
    expect(await storageState(graph.uri)).toEqual(files);
    // A float32 that rounds to the stored one, a subset in another order, and the export
    // itself are no-ops too.
    const rounded = await graph.load({
      data: ndjson(itemLine(2, { score: 0.1 + 2 + 1e-9 })),
      mode: 'merge',
    });
    expect(rounded.commit).toBeNull();
    const subset = await graph.load({
      data: ndjson(link(7), ITEMS[5] ?? '', ITEMS[2] ?? ''),
      mode: 'merge',
    });
    expect(subset.commit).toBeNull();
    const exported = await graph.load({ data: ndjson(...(await exportAll(graph))), mode: 'merge' });
    expect(exported.commit).toBeNull();
    expect(await graphState(graph)).toEqual(before);
    expect(await storageState(graph.uri)).toEqual(files);
  });

  it('writes exactly the row that differs, whatever the column', async () => {
    // Each case changes the row at index `target` in one column, from the values of `item`.
    const cases: readonly [string, (target: number) => Record<string, unknown>][] = [
      // The next I64: equal to the stored one once rounded through a double.
      ['big', (t) => ({ big: `${BIG + BigInt(t) + 1n}` })],
      // A few float32 steps away (2.1 + 1e-9 would round to the stored float32: no change).
      ['score', (t) => ({ score: 0.1 + t + 1e-6 })],
      // One double step away.
      ['ratio', (t) => ({ ratio: 1 / 3 + t + 2 ** -50 })],
      ['day', () => ({ day: '2024-03-01' })],
      ['at', () => ({ at: '2024-02-29T12:34:56.790Z' })],
      ['flag', () => ({ flag: null })],
      ['tags', (t) => ({ tags: [`t${t}`, 'a'] })],
      ['days', () => ({ days: ['2020-01-01'] })],
      ['vec', (t) => ({ vec: [0.1, -0.2, t + 0.5] })],
    ];
    for (const [index, [column, change]] of cases.entries()) {
      const target = index + 2;
      const name = `item-${String(target).padStart(3, '0')}`;
      const data = ITEMS.map((line, i) => (i === target ? itemLine(i, change(i)) : line));
      const head = (await commitIds(graph))[0];
      const result = await graph.load({ data: ndjson(...data, ...LINKS), mode: 'merge' });
      expect(result.commit, column).not.toBeNull();
      expect(result.commit?.parent_commit_id, column).toBe(head);
      const changes = await graph.commitChanges(result.commit?.graph_commit_id ?? '');
      expect(rows(changes.changes), column).toEqual([`update node Item ${name}`]);
      // The changed data is what the graph now holds: merging it again changes nothing.
      expect(
        (await graph.load({ data: ndjson(...data, ...LINKS), mode: 'merge' })).commit,
        column,
      ).toBeNull();
      // Back to the original row for the next case.
      await graph.load({ data: ndjson(ITEMS[target] ?? ''), mode: 'merge' });
    }
    // An edge property, as well.
    const edge = await graph.load({
      data: ndjson(...ITEMS, ...LINKS.map((l, i) => (i === 3 ? link(3, 0.25) : l))),
      mode: 'merge',
    });
    const changes = await graph.commitChanges(edge.commit?.graph_commit_id ?? '');
    expect(rows(changes.changes)).toEqual(['update edge Link link-3']);
    await graph.load({ data: ndjson(link(3)), mode: 'merge' });
  });

  it('inserts only the new rows of a load mixing new and identical ones', async () => {
    const extra = [itemLine(ROWS), itemLine(ROWS + 1)];
    const result = await graph.load({
      data: ndjson(...ITEMS, ...extra, ...LINKS, link(ROWS)),
      mode: 'merge',
    });
    expect(result.total_entities).toBe(2 * ROWS + 2);
    const changes = await graph.commitChanges(result.commit?.graph_commit_id ?? '');
    expect(rows(changes.changes).sort()).toEqual([
      `insert edge Link link-${ROWS}`,
      `insert node Item item-0${ROWS}`,
      `insert node Item item-0${ROWS + 1}`,
    ]);
    expect((await graph.snapshot()).datasets.map((d) => d.entity_count).sort()).toEqual([
      ROWS,
      ROWS + 2,
    ]);
  });

  it('publishes nothing on a branch that never wrote its tables (no fork is made)', async () => {
    await graph.createBranch({ name: 'quiet', from: 'main' });
    const before = await graphState(graph, 'quiet');
    const files = await storageState(graph.uri);
    const result = await graph.load({
      data: ndjson(...ITEMS, ...LINKS),
      mode: 'merge',
      branch: 'quiet',
    });
    expect(result.commit).toBeNull();
    expect(await graphState(graph, 'quiet')).toEqual(before);
    expect(await storageState(graph.uri)).toEqual(files);
  });
});
