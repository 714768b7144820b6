import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LanceTables, type ColumnSpec } from '../../src/engine/lance/index.js';
import { CsrIndex } from '../../src/engine/query/traversal/csr-index.js';
import { CsrStrategy } from '../../src/engine/query/traversal/csr-strategy.js';
import type { HopDirection, HopSpec } from '../../src/engine/query/traversal/hop-spec.js';
import { CarriedEdges } from '../../src/engine/query/traversal/carried-edges.js';
import { IndexedStrategy } from '../../src/engine/query/traversal/indexed-strategy.js';
import { LanceEdgeLookups } from '../../src/engine/query/traversal/lance-edge-lookups.js';
import type { TraversalStrategy } from '../../src/engine/query/traversal/traversal-strategy.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const EDGE_COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', type: { kind: 'utf8' }, nullable: false },
  { name: 'src', type: { kind: 'utf8' }, nullable: false },
  { name: 'dst', type: { kind: 'utf8' }, nullable: false },
];

interface RandomGraph {
  readonly nodes: number;
  /** Edges as (src, dst) node numbers; parallel edges and self-loops allowed. */
  readonly edges: readonly (readonly [number, number])[];
  /**
   * How the graph was written, for a topology carried over: its first `split` edges and the
   * `gone` ones that are not `appended` were indexed; then the rest were appended, then the
   * `gone` ones removed (by their endpoints).
   */
  readonly split: number;
  readonly gone: readonly {
    readonly edge: readonly [number, number];
    readonly appended: boolean;
  }[];
  readonly sources: readonly number[];
  readonly spec: HopSpec;
}

const graphs: fc.Arbitrary<RandomGraph> = fc.integer({ min: 1, max: 12 }).chain((nodes) =>
  fc.record({
    nodes: fc.constant(nodes),
    edges: fc.array(fc.tuple(fc.nat(nodes - 1), fc.nat(nodes - 1)), { maxLength: 30 }),
    split: fc.nat(30),
    gone: fc.array(
      fc.record({ edge: fc.tuple(fc.nat(nodes - 1), fc.nat(nodes - 1)), appended: fc.boolean() }),
      { maxLength: 6 },
    ),
    sources: fc.array(fc.nat(nodes + 1), { minLength: 1, maxLength: 5 }),
    spec: fc
      .record({
        direction: fc.constantFrom<HopDirection>('out', 'in', 'both'),
        minHops: fc.integer({ min: 1, max: 3 }),
        extra: fc.integer({ min: 0, max: 2 }),
      })
      .map(({ direction, minHops, extra }) => ({ direction, minHops, maxHops: minHops + extra })),
  }),
);

const id = (node: number) => `n${node}`;

/** The reference semantics of hop-spec.ts, written plainly on adjacency lists. */
function modelReach(graph: RandomGraph, source: string): string[] {
  const neighbors = (node: string): string[] =>
    graph.edges.flatMap(([s, d]) => {
      const out = graph.spec.direction !== 'in' && id(s) === node ? [id(d)] : [];
      const into = graph.spec.direction !== 'out' && id(d) === node ? [id(s)] : [];
      return [...out, ...into];
    });
  if (graph.spec.minHops === 1 && graph.spec.maxHops === 1)
    return [...new Set(neighbors(source))].sort();
  const visited = new Set([source]);
  const found: string[] = [];
  let frontier = [source];
  for (let depth = 1; depth <= graph.spec.maxHops; depth += 1) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const neighbor of neighbors(node)) {
        if (!visited.has(neighbor)) {
          visited.add(neighbor);
          next.push(neighbor);
        }
      }
    }
    if (depth >= graph.spec.minHops) found.push(...next);
    frontier = next;
  }
  return found.sort();
}

/**
 * Lookups of the graph in the topology index of the edges first indexed, changed by the edges
 * written since (see `RandomGraph.split`): the graph as a write carried it over.
 */
function carriedEdges(graph: RandomGraph): CarriedEdges {
  const split = Math.min(graph.split, graph.edges.length);
  const indexed = [
    ...graph.edges.slice(0, split),
    ...graph.gone.filter((gone) => !gone.appended).map((gone) => gone.edge),
  ];
  const appended = [
    ...graph.edges.slice(split),
    ...graph.gone.filter((gone) => gone.appended).map((gone) => gone.edge),
  ];
  const index = CsrIndex.build({
    src: indexed.map(([s]) => id(s)),
    dst: indexed.map(([, d]) => id(d)),
    ids: () => Promise.resolve(indexed.map((_, at) => `i${at}`)),
  });
  const written = [
    ...appended.map(([s, d]) => ({ removed: false, src: id(s), dst: id(d) })),
    ...graph.gone.map(({ edge: [s, d] }) => ({ removed: true, src: id(s), dst: id(d) })),
  ];
  const carried = CarriedEdges.of(index, written);
  if (carried === undefined) throw new Error('endpoints are strings');
  return carried;
}

/** A dense numbering of ids, as a query's entity pools give. */
function slotSpace(): { id(slot: number): string; slot(id: string): number } {
  const ids: string[] = [];
  const slots = new Map<string, number>();
  return {
    id: (slot) => ids[slot] ?? '',
    slot: (id) => {
      let slot = slots.get(id);
      if (slot === undefined) {
        slot = ids.length;
        ids.push(id);
        slots.set(id, slot);
      }
      return slot;
    },
  };
}

function normalized(map: ReadonlyMap<string, readonly string[]>): Record<string, string[]> {
  return Object.fromEntries([...map].map(([key, list]) => [key, [...list].sort()]));
}

describe('traversal strategies agree on random graphs', () => {
  let tables: LanceTables;
  let count = 0;
  beforeAll(async () => {
    tables = await LanceTables.open(await freshTempDir('strategies'));
  });
  afterAll(() => {
    tables.close();
  });

  it('indexed lookups, carried-over lookups, the topology index and the model reach, count and locate the same nodes and edges', async () => {
    await fc.assert(
      fc.asyncProperty(graphs, async (graph) => {
        count += 1;
        const name = `edges_${count}`;
        await tables.createTable(name, EDGE_COLUMNS);
        const writer = await tables.writer(name, 'main');
        const rows = graph.edges.map(([s, d], index) => ({
          id: `e${index}`,
          src: id(s),
          dst: id(d),
        }));
        const { version } = await writer.append(rows);
        const reader = await tables.reader(name, { branch: 'main', version });
        const limits = { maxFrontier: 2, maxHops: 1, forced: true };
        const strategies: TraversalStrategy[] = [
          new IndexedStrategy(new LanceEdgeLookups(() => Promise.resolve(reader)), limits),
          new IndexedStrategy(carriedEdges(graph), limits),
          new CsrStrategy(async () =>
            CsrIndex.build({
              src: rows.map((row) => row.src),
              dst: rows.map((row) => row.dst),
              ids: async () => rows.map((row) => row.id),
            }),
          ),
        ];
        const sources = graph.sources.map(id);
        const model = Object.fromEntries(
          sources.map((source) => [source, modelReach(graph, source)]),
        );
        for (const strategy of strategies) {
          const reach = await strategy.reach(sources, graph.spec);
          expect(reach.kind).toBe('done');
          if (reach.kind === 'done') expect(normalized(reach.value), strategy.kind).toEqual(model);
          const counts = await strategy.reachCounts(sources, graph.spec);
          expect(counts.kind).toBe('done');
          if (counts.kind === 'done') {
            expect(Array.from(counts.value), `${strategy.kind} counts`).toEqual(
              sources.map((source) => model[source]?.length ?? 0),
            );
          }
          const unreached = await strategy.unreached(sources, graph.spec);
          expect(unreached.kind).toBe('done');
          if (unreached.kind === 'done') {
            expect(unreached.value, `${strategy.kind} unreached`).toEqual(
              sources.flatMap((source, index) =>
                (model[source]?.length ?? 0) === 0 ? [index] : [],
              ),
            );
          }
          // Targets in another order than the node numbers, one node left out.
          const targets = Array.from({ length: graph.nodes + 2 }, (_, node) => id(node))
            .reverse()
            .filter((target) => target !== id(1));
          const byRow = await strategy.reachRows(sources, graph.spec, targets);
          expect(byRow.kind).toBe('done');
          if (byRow.kind === 'done') {
            const { offsets, rows: reached } = byRow.value;
            const actual = sources.map((_, index) =>
              [...reached.subarray(offsets[index], offsets[index + 1])]
                .map((row) => targets[row])
                .sort(),
            );
            const expected = sources.map((source) =>
              (model[source] ?? []).filter((node) => targets.includes(node)).sort(),
            );
            expect(actual, `${strategy.kind} rows`).toEqual(expected);
          }
          const space = slotSpace();
          const bySlot = await strategy.reachSlots(
            sources.map((source) => space.slot(source)),
            space,
            graph.spec,
            space,
          );
          expect(bySlot.kind).toBe('done');
          if (bySlot.kind === 'done') {
            const asIds = new Map(
              [...bySlot.value].map(([slot, reached]) => [
                space.id(slot),
                reached.map((r) => space.id(r)),
              ]),
            );
            expect(normalized(asIds), `${strategy.kind} slots`).toEqual(model);
          }
          const steps = await strategy.steps(sources, graph.spec.direction);
          // Edge ids are not carried over: the planner reads them otherwise.
          expect(steps.kind).toBe(strategy.kind === 'carried' ? 'declined' : 'done');
          if (steps.kind !== 'done') continue;
          for (const source of sources) {
            const expected = rows
              .filter(
                (row) =>
                  (graph.spec.direction !== 'in' && row.src === source) ||
                  (graph.spec.direction !== 'out' && row.dst === source),
              )
              .map(
                (row) =>
                  `${row.id}>${row.src === source && graph.spec.direction !== 'in' ? row.dst : row.src}`,
              )
              .sort();
            const actual = (steps.value.get(source) ?? [])
              .map((step) => `${step.edgeId}>${step.neighbor}`)
              .sort();
            expect(actual, `${strategy.kind} steps of ${source}`).toEqual(expected);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('the indexed strategy declines a frontier beyond its limit unless forced', async () => {
    await tables.createTable('decline', EDGE_COLUMNS);
    const writer = await tables.writer('decline', 'main');
    const { version } = await writer.append([
      { id: 'e1', src: 'a', dst: 'b' },
      { id: 'e2', src: 'a', dst: 'c' },
      { id: 'e3', src: 'b', dst: 'd' },
    ]);
    const reader = await tables.reader('decline', { branch: 'main', version });
    const lookups = new LanceEdgeLookups(() => Promise.resolve(reader));
    const limited = new IndexedStrategy(lookups, {
      maxFrontier: 1,
      maxHops: 6,
      forced: false,
    });
    const spec: HopSpec = { direction: 'out', minHops: 1, maxHops: 3 };
    expect((await limited.reach(['a'], spec)).kind).toBe('declined');
    expect((await limited.reach(['a'], { ...spec, maxHops: 7 })).kind).toBe('declined');
    const forced = new IndexedStrategy(lookups, {
      maxFrontier: 1,
      maxHops: 1,
      forced: true,
    });
    const reached = await forced.reach(['a'], spec);
    expect(reached.kind === 'done' && normalized(reached.value)).toEqual({ a: ['b', 'c', 'd'] });
  });
});
