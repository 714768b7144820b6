import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LanceTables, type ColumnSpec, type TableReader } from '../../src/engine/lance/index.js';
import { CacheBudget } from '../../src/util/cache-budget.js';
import { TopologyCache } from '../../src/engine/query/traversal/topology-cache.js';
import { DEFAULT_SETTINGS, type TraversalSettings } from '../../src/api/index.js';
import {
  TraversalPlanner,
  type EdgeTableInfo,
} from '../../src/engine/query/traversal/traversal-planner.js';
import type { StrategyKind } from '../../src/engine/query/traversal/traversal-strategy.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import { btreeIndex } from './fake-table-reader.js';

const EDGE_COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', type: { kind: 'utf8' }, nullable: false },
  { name: 'src', type: { kind: 'utf8' }, nullable: false },
  { name: 'dst', type: { kind: 'utf8' }, nullable: false },
];

/** The B-trees `optimize` builds on an edge table's endpoints. */
const ENDPOINT_INDEXES = [btreeIndex('src', 200), btreeIndex('dst', 200)];

/** A ring of 100 nodes, each with edges to the next two. */
const EDGES = Array.from({ length: 100 }, (_, node) => [
  { id: `a${node}`, src: `n${node}`, dst: `n${(node + 1) % 100}` },
  { id: `b${node}`, src: `n${node}`, dst: `n${(node + 2) % 100}` },
]).flat();

describe('traversal planning', () => {
  let tables: LanceTables;
  let reader: TableReader;
  beforeAll(async () => {
    tables = await LanceTables.open(await freshTempDir('planner'));
    await tables.createTable('ring', EDGE_COLUMNS);
    const { version } = await (await tables.writer('ring', 'main')).append(EDGES);
    reader = await tables.reader('ring', { branch: 'main', version });
  });
  afterAll(() => {
    tables.close();
  });

  const planner = (config: Partial<TraversalSettings> = {}) => {
    const used: StrategyKind[] = [];
    const topology = new TopologyCache(new CacheBudget(1 << 30));
    const plan = new TraversalPlanner(
      { ...DEFAULT_SETTINGS.traversal, ...config },
      topology,
      (kind) => used.push(kind),
    );
    return { plan, used, topology };
  };
  /** The ring's info, as if `optimize` had indexed its endpoints (it has no index). */
  const table = (): EdgeTableInfo => ({
    reader,
    edgeCount: EDGES.length,
    nodeCount: 100,
    indexes: () => Promise.resolve(ENDPOINT_INDEXES),
  });
  const oneHop = { direction: 'out', minHops: 1, maxHops: 1 } as const;

  it('looks small frontiers up by index, then builds the topology index once lookups add up', async () => {
    const { plan, used, topology } = planner();
    // As costly to build as a table of 300,000 edges: at build factor 1.5, lookups worth 200,000
    // edges pay for it, each one-hop lookup counting 12,000 (a Lance call) plus its six.
    const large = { ...table(), edgeCount: 300_000, nodeCount: 50_000 };
    for (let call = 0; call < 30; call += 1) {
      const reach = await plan.reach(large, [`n${call}`], oneHop);
      expect([...(reach.get(`n${call}`) ?? [])].sort()).toEqual(
        [`n${(call + 1) % 100}`, `n${(call + 2) % 100}`].sort(),
      );
    }
    expect(used.indexOf('csr')).toBe(16);
    expect(used.slice(0, 16).every((kind) => kind === 'indexed')).toBe(true);
    expect(used.slice(16).every((kind) => kind === 'csr')).toBe(true);
    expect(topology.has(reader)).toBe(true);
  });

  it('counts a lookup of endpoints no index answers as a read of their column, and builds sooner', async () => {
    const { plan, used } = planner();
    // The ring as it is: no index. Each one-hop lookup reads every `src`: 300,000 / 16 edges'
    // worth besides the 12,000 of the call and its six, so 7 calls pay for the index, not 17.
    const unindexed = {
      ...table(),
      edgeCount: 300_000,
      nodeCount: 50_000,
      indexes: () => reader.listIndexes(),
    };
    expect(await reader.listIndexes()).toEqual([]);
    for (let call = 0; call < 10; call += 1) await plan.reach(unindexed, [`n${call}`], oneHop);
    expect(used.indexOf('csr')).toBe(6);
    expect(used.slice(0, 6).every((kind) => kind === 'indexed')).toBe(true);
    // Walking in along `dst` with only `src` indexed reads the `dst` column the same way.
    const inward = planner();
    const srcOnly = { ...unindexed, indexes: () => Promise.resolve(ENDPOINT_INDEXES.slice(0, 1)) };
    for (let call = 0; call < 10; call += 1)
      await inward.plan.reach(srcOnly, [`n${call}`], { ...oneHop, direction: 'in' });
    expect(inward.used.indexOf('csr')).toBe(6);
    const outward = planner();
    for (let call = 0; call < 20; call += 1)
      await outward.plan.reach(srcOnly, [`n${call}`], oneHop);
    expect(outward.used.indexOf('csr')).toBe(16);
  });

  it('builds the index of a small table at the first traversal: a lookup costs more', async () => {
    const { plan, used } = planner();
    await plan.reach(table(), ['n0'], oneHop);
    expect(used).toEqual(['csr']);
  });

  it('builds the topology index at once for a large frontier, and when an indexed frontier outgrows its limit', async () => {
    const wide = planner();
    await wide.plan.reach(
      table(),
      Array.from({ length: 90 }, (_, node) => `n${node}`),
      oneHop,
    );
    expect(wide.used).toEqual(['csr']);
    const growing = planner({ indexedMaxFrontier: 1, csrBuildFactor: 0.001 });
    const reach = await growing.plan.reach(table(), ['n0'], {
      direction: 'out',
      minHops: 1,
      maxHops: 4,
    });
    expect(growing.used).toEqual(['csr']);
    expect([...(reach.get('n0') ?? [])].sort()).toEqual([
      'n1',
      'n2',
      'n3',
      'n4',
      'n5',
      'n6',
      'n7',
      'n8',
    ]);
  });

  it('obeys a forced mode', async () => {
    const indexed = planner({ mode: 'indexed' });
    await indexed.plan.reach(
      table(),
      Array.from({ length: 90 }, (_, node) => `n${node}`),
      oneHop,
    );
    expect(indexed.used).toEqual(['indexed']);
    const csr = planner({ mode: 'csr' });
    await csr.plan.steps(table(), ['n0'], 'both');
    expect(csr.used).toEqual(['csr']);
  });

  it('keeps values derived from a reach it gave twice beside it in the held topology index, counted in its bytes', async () => {
    const { plan, topology } = planner({ mode: 'csr' });
    const ids = Array.from({ length: 100 }, (_, node) => `n${node}`);
    const key = new Int32Array(100);
    let made = 0;
    const make = () => {
      made += 1;
      return new Int32Array(200);
    };
    const bytes = (value: Int32Array) => value.byteLength;
    const reach = await plan.reachRows(table(), ids, oneHop, ids);
    // Walked for one query so far: nothing is made for it.
    expect(plan.reachDerived(table(), reach, key, make, bytes)).toBeUndefined();
    expect(await plan.reachRows(table(), ids, oneHop, ids)).toBe(reach);
    const held = topology.held(reader);
    const before = held?.bytes ?? 0;
    const first = plan.reachDerived(table(), reach, key, make, bytes);
    expect(first).toBeInstanceOf(Int32Array);
    expect(plan.reachDerived(table(), reach, key, make, bytes)).toBe(first);
    expect(made).toBe(1);
    expect(held?.bytes).toBe(before + 800);
    // Another key is made once more; an answer the index did not give gets nothing.
    plan.reachDerived(table(), reach, new Int32Array(100), make, bytes);
    const copy = { offsets: reach.offsets, rows: reach.rows };
    expect(plan.reachDerived(table(), copy, key, make, bytes)).toBeUndefined();
    expect(made).toBe(2);
  });

  it('derives nothing while no topology index is held', async () => {
    const { plan, topology } = planner({ mode: 'indexed' });
    for (let call = 0; call < 2; call += 1) {
      const reach = await plan.reachRows(table(), ['n0'], oneHop, ['n1', 'n2']);
      expect(topology.held(reader)).toBeUndefined();
      expect(
        plan.reachDerived(
          table(),
          reach,
          {},
          () => ({}),
          () => 8,
        ),
      ).toBeUndefined();
    }
  });
});
