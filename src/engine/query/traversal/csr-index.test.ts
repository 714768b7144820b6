import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../test/fuzz/rng.js';
import { joinedLists } from '../../../util/joined-lists.js';
import { keyPositions } from '../../../util/key-positions.js';
import { recordExtension, recordRemoval } from '../../../util/list-lineage.js';
import { recordPositionIndex } from '../../../util/list-positions.js';
import { RemovedPositions } from '../../../util/removed-positions.js';
import { CsrIndex } from './csr-index.js';
import type { HopSpec } from './hop-spec.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** A ring of `nodes` nodes, each knowing the next two. */
function ring(nodes: number): CsrIndex {
  const src: string[] = [];
  const dst: string[] = [];
  for (let node = 0; node < nodes; node += 1) {
    for (const step of [1, 2]) {
      src.push(`n${node}`);
      dst.push(`n${(node + step) % nodes}`);
    }
  }
  return CsrIndex.build({ src, dst, ids: () => Promise.resolve(src.map((_, edge) => `e${edge}`)) });
}

const ONE_HOP = { direction: 'out', minHops: 1, maxHops: 1 } as const;

/** Collects garbage until `done` holds (finalizers run after a collection, asynchronously). */
async function collectUntil(done: () => boolean): Promise<void> {
  for (let round = 0; round < 50 && !done(); round += 1) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('CsrIndex bytes', () => {
  it('counts what it keeps per id list only while the list lives', async () => {
    const index = ring(20_000);
    const kept = Array.from({ length: 20_000 }, (_, node) => `n${node}`);
    expect(Array.from(index.reachCounts(kept, ONE_HOP)).slice(0, 3)).toEqual([2, 2, 2]);
    expect(index.reachRows(kept, ONE_HOP, kept).rows.length).toBe(40_000);
    const settled = index.bytes;
    // A query's own list: the counts and node numbers derived from it grow the index...
    (() => {
      const own = [...kept];
      index.reachCounts(own, ONE_HOP);
      index.reachRows(own, ONE_HOP, kept);
    })();
    expect(index.bytes).toBeGreaterThan(settled + 20_000 * 4 * 2);
    // ...until the list is gone.
    await collectUntil(() => index.bytes === settled);
    expect(index.bytes).toBe(settled);
  });
});

/** `count` edges over nodes `n0 … n{nodes-1}`: parallel edges and self-loops included. */
function randomEdges(rng: Rng, count: number, nodes: number): [string, string][] {
  return Array.from({ length: count }, () => [
    `n${rng.int(0, nodes - 1)}`,
    `n${rng.int(0, nodes - 1)}`,
  ]);
}

function indexOf(edges: readonly [string, string][]): CsrIndex {
  const src = edges.map(([from]) => from);
  const dst = edges.map(([, to]) => to);
  return CsrIndex.build({ src, dst, ids: () => Promise.resolve(src.map((_, e) => `e${e}`)) });
}

/** An edge list of `edges`, whose ids are `ids`. */
function edgeList(edges: readonly [string, string][], ids: readonly string[] = []) {
  return {
    src: edges.map(([from]) => from),
    dst: edges.map(([, to]) => to),
    ids: () => Promise.resolve(ids),
  };
}

/**
 * Expects the reach counts `index` gives the ids of `list` (an id list it may have numbered before)
 * to be those a fresh build of the same edges gives a copy of it.
 */
function expectFreshCounts(
  index: CsrIndex | undefined,
  list: readonly string[],
  fresh: CsrIndex,
  specs: readonly HopSpec[],
): void {
  for (const spec of specs)
    expect(Array.from(index?.reachCounts(list, spec) ?? [])).toEqual(
      Array.from(fresh.reachCounts([...list], spec)),
    );
}

/** Everything a traversal can ask of an index, over the ids `n0 … n{nodes-1}`, `m0 … m19`. */
async function answers(index: CsrIndex, nodes: number): Promise<unknown> {
  const ids = [
    ...Array.from({ length: nodes }, (_, node) => `n${node}`),
    ...Array.from({ length: 20 }, (_, node) => `m${node}`),
  ];
  const specs = [
    { direction: 'out', minHops: 1, maxHops: 1 },
    { direction: 'in', minHops: 1, maxHops: 1 },
    { direction: 'both', minHops: 1, maxHops: 1 },
    { direction: 'both', minHops: 1, maxHops: 2 },
    { direction: 'out', minHops: 2, maxHops: 3 },
  ] as const;
  return {
    nodes: index.nodeCount,
    edges: index.edgeCount,
    endpoints: index.endpoints(),
    reach: specs.map((spec) => ids.map((id) => index.reach(id, spec))),
    counts: specs.map((spec) => Array.from(index.reachCounts(ids, spec))),
    // Twice: the second from the cache.
    unreached: specs.map((spec) => [index.unreached(ids, spec), index.unreached(ids, spec)]),
    rows: specs.map((spec) => {
      const { offsets, rows } = index.reachRows(ids, spec, ids);
      return [Array.from(offsets), Array.from(rows)];
    }),
    steps: await Promise.all(ids.map((id) => index.steps(id, 'both'))),
  };
}

describe('CsrIndex.appended', () => {
  // Appended edges kept in a part of their own (the default here), merged into the base at once
  // (0), and merged every few appends (8).
  it.each([undefined, 0, 8])(
    'answers exactly as a build of every edge, over many appends (kept edges %s)',
    async (keptEdges) => {
      const rng = Rng.of('csr appended');
      const nodes = 60;
      let edges = randomEdges(rng, 150, 40);
      let index = indexOf(edges);
      // Each append brings a new node, `m<round>`: enough to flatten the node numbers twice.
      for (let round = 0; round < 20; round += 1) {
        const added = randomEdges(rng, rng.int(0, 5), 40 + round);
        added.splice(rng.int(0, added.length), 0, [`n${round}`, `m${round}`]);
        const ids = [...edges, ...added].map((_, e) => `e${e}`);
        index = index.appended(edgeList(added, ids), keptEdges);
        edges = [...edges, ...added];
        expect(await answers(index, nodes)).toEqual(await answers(indexOf(edges), nodes));
      }
    },
  );

  it('leaves the index it extends as it was', async () => {
    const edges = randomEdges(Rng.of('csr appended, base'), 80, 20);
    const index = indexOf(edges);
    const before = await answers(index, 25);
    index.appended(
      edgeList([
        ['n0', 'n21'],
        ['n21', 'n0'],
        ['n22', 'n22'],
      ]),
    );
    expect(await answers(index, 25)).toEqual(before);
  });

  it('numbers a list that an index two appends back had numbered as a fresh list', () => {
    const edges = randomEdges(Rng.of('csr appended, two back'), 60, 20);
    const index = indexOf(edges);
    // x0 and x1 have no edge yet: x0 gets one in the first append, x1 in the second.
    const list = [...Array.from({ length: 20 }, (_, node) => `n${node}`), 'x0', 'x1'];
    index.reachCounts(list, ONE_HOP);
    const firstAdded: [string, string][] = [['x0', 'n1']];
    const secondAdded: [string, string][] = [
      ['n2', 'x1'],
      ['x2', 'n0'],
    ];
    const twice = index.appended(edgeList(firstAdded)).appended(edgeList(secondAdded));
    const longer = joinedLists(list, ['x2']);
    recordExtension(longer, list);
    const fresh = indexOf([...edges, ...firstAdded, ...secondAdded]);
    expectFreshCounts(twice, longer, fresh, [ONE_HOP, { direction: 'in', minHops: 1, maxHops: 2 }]);
  });

  it('numbers a list the index it extends had numbered as a fresh list', () => {
    const edges = randomEdges(Rng.of('csr appended, same list'), 60, 20);
    const index = indexOf(edges);
    // x0 has no edge yet: an append gives it one. The list itself is unchanged (its node table
    // was not written), so its numbers are the earlier index's with x0's set.
    const list = [...Array.from({ length: 20 }, (_, node) => `n${node}`), 'x0'];
    index.reachCounts(list, ONE_HOP);
    const added: [string, string][] = [
      ['x0', 'n1'],
      ['n2', 'x0'],
    ];
    const extended = index.appended(edgeList(added));
    const shrunk = extended.removed(edgeList([['n2', 'x0']]));
    const fresh = indexOf([...edges, ...added]);
    const freshShrunk = indexOf([...edges, ['x0', 'n1']]);
    const specs = [ONE_HOP, { direction: 'in', minHops: 1, maxHops: 2 }] as const;
    expectFreshCounts(extended, list, fresh, specs);
    expectFreshCounts(shrunk, list, freshShrunk, specs);
  });

  it('numbers a list without some ids of one it had numbered as a fresh list', () => {
    const edges = randomEdges(Rng.of('csr appended, shrunk list'), 60, 20);
    const index = indexOf(edges);
    const list = [...Array.from({ length: 20 }, (_, node) => `n${node}`), 'x0', 'x1'];
    index.reachCounts(list, ONE_HOP);
    // x0 gets its first edge; n2, n5 and x1 leave the list (their rows were removed), then n9
    // (the list between is never numbered).
    const extended = index.appended(edgeList([['x0', 'n1']]));
    const gone = new RemovedPositions(Int32Array.from([2, 5, 21]), list.length);
    const between = gone.kept(list);
    recordRemoval(between, list, gone);
    const goneNext = new RemovedPositions(Int32Array.from([between.indexOf('n9')]), between.length);
    const shrunk = goneNext.kept(between);
    recordRemoval(shrunk, between, goneNext);
    const fresh = indexOf([...edges, ['x0', 'n1']]);
    expectFreshCounts(extended, shrunk, fresh, [
      ONE_HOP,
      { direction: 'in', minHops: 1, maxHops: 2 },
    ]);
  });

  it('numbers a list extending one the index it extends had numbered as a fresh list', () => {
    const edges = randomEdges(Rng.of('csr appended, lists'), 60, 20);
    const index = indexOf(edges);
    // x0 has no edge yet; it gets one below, as do x1 (new to the list too) and n3.
    const list = [...Array.from({ length: 20 }, (_, node) => `n${node}`), 'x0'];
    const specs = [ONE_HOP, { direction: 'both', minHops: 1, maxHops: 2 }] as const;
    for (const spec of specs) index.reachCounts(list, spec);
    const added: [string, string][] = [
      ['x0', 'n1'],
      ['n3', 'x1'],
    ];
    const extended = index.appended(edgeList(added));
    // Two extensions: the list between was never numbered.
    const between = joinedLists(list, ['x1']);
    recordExtension(between, list);
    const longer = joinedLists(between, ['x2']);
    recordExtension(longer, between);
    const fresh = indexOf([...edges, ...added]);
    expectFreshCounts(extended, longer, fresh, specs);
    for (const spec of specs) {
      const rows = extended.reachRows(longer, spec, longer);
      const freshRows = fresh.reachRows([...longer], spec, [...longer]);
      expect([Array.from(rows.offsets), Array.from(rows.rows)]).toEqual([
        Array.from(freshRows.offsets),
        Array.from(freshRows.rows),
      ]);
    }
  });
});

/** {@link answers} but the node count: a node that lost its last edge keeps its number. */
async function answersButNodes(index: CsrIndex, nodes: number): Promise<unknown> {
  const all = (await answers(index, nodes)) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(all).filter(([key]) => key !== 'nodes'));
}

/** Every edge between the ends of some random edges of `edges`: parallel ones all go. */
function someEdgesToRemove(rng: Rng, edges: readonly [string, string][]): [string, string][] {
  const pairs = new Set(Array.from({ length: rng.int(1, 4) }, () => rng.pick(edges).join('>')));
  return edges.filter((edge) => pairs.has(edge.join('>')));
}

/** `edges` and `index` once some of the edges (drawn by `rng`) are removed from both. */
function withSomeRemoved(
  rng: Rng,
  edges: readonly [string, string][],
  index: CsrIndex,
  round: number,
): { edges: [string, string][]; index: CsrIndex } {
  const removed = someEdgesToRemove(rng, edges);
  const gone = new Set(removed);
  const left = edges.filter((edge) => !gone.has(edge));
  const next = index.removed(
    edgeList(
      removed,
      left.map((_, e) => `e${e}`),
    ),
  );
  if (next === undefined) throw new Error(`round ${round}: the removal was refused`);
  return { edges: left, index: next };
}

/** `edges` and `index` after round `round`: four edges appended at round `appendAt`, else some removed. */
function nextRound(
  rng: Rng,
  edges: readonly [string, string][],
  index: CsrIndex,
  round: number,
  appendAt: number,
): { edges: [string, string][]; index: CsrIndex } {
  if (round !== appendAt) return withSomeRemoved(rng, edges, index, round);
  const added = randomEdges(rng, 4, 40);
  const all = [...edges, ...added];
  return {
    edges: all,
    index: index.appended(
      edgeList(
        added,
        all.map((_, e) => `e${e}`),
      ),
    ),
  };
}

describe('CsrIndex.removed', () => {
  // Appended edges kept in a part of their own (the default here), or merged into the base (0).
  it.each([undefined, 0])(
    'answers exactly as a build of the edges left, over removals and appends (kept edges %s)',
    async (keptEdges) => {
      const rng = Rng.of('csr removed');
      const nodes = 45;
      let edges = randomEdges(rng, 200, 40);
      let index = indexOf(edges);
      for (let round = 0; round < 24; round += 1) {
        // Answering first makes the index keep one-hop counts that the next one carries over.
        await answers(index, nodes);
        if (round % 3 === 2) {
          const added = randomEdges(rng, rng.int(1, 6), 45);
          edges = [...edges, ...added];
          index = index.appended(
            edgeList(
              added,
              edges.map((_, e) => `e${e}`),
            ),
            keptEdges,
          );
        } else {
          ({ edges, index } = withSomeRemoved(rng, edges, index, round));
        }
        expect(await answersButNodes(index, nodes), `round ${round}`).toEqual(
          await answersButNodes(indexOf(edges), nodes),
        );
      }
    },
  );

  it('reads edge numbers through removals that stack before any reads every number', async () => {
    const rng = Rng.of('csr removed, stacked');
    let edges = randomEdges(rng, 600, 40);
    let index = indexOf(edges);
    const ids = Array.from({ length: 40 }, (_, node) => `n${node}`);
    // Twenty removals in a row, and an append among them, with only single edges read (steps)
    // between them: the removals stack over the stored numbers until sixteen do, then the
    // numbers are rewritten, then removals stack again.
    for (let round = 0; round < 21; round += 1) {
      ({ edges, index } = nextRound(rng, edges, index, round, 5));
      const fresh = indexOf(edges);
      const steps = (of: CsrIndex) => Promise.all(ids.map((id) => of.steps(id, 'both')));
      expect(await steps(index), `round ${round}`).toEqual(await steps(fresh));
    }
    expect(index.endpoints()).toEqual(indexOf(edges).endpoints());
  });

  it('counts one-hop reach over removals in a row that no walk read between', async () => {
    const rng = Rng.of('csr removed, unread');
    let edges = randomEdges(rng, 600, 40);
    let index = indexOf(edges);
    const ids = Array.from({ length: 45 }, (_, node) => `n${node}`);
    const oneHop = (['out', 'in', 'both'] as const).map((direction) => ({
      direction,
      minHops: 1,
      maxHops: 1,
    }));
    // Counted once: every later index carries the counts over, recounting the nodes that lost
    // an edge through the entries of the adjacencies removed from, which make no array of their
    // own; the removals' own lookups read those entries too. The walks at the end make them.
    expectFreshCounts(index, ids, index, oneHop);
    for (let round = 0; round < 12; round += 1) {
      ({ edges, index } = nextRound(rng, edges, index, round, 6));
      expectFreshCounts(index, ids, indexOf(edges), oneHop);
    }
    expect(await answersButNodes(index, 45)).toEqual(await answersButNodes(indexOf(edges), 45));
  });

  it('carries one-hop reach rows over removals, into the same targets or fewer', () => {
    const rng = Rng.of('csr removed, rows');
    let edges = randomEdges(rng, 300, 30);
    let index = indexOf(edges);
    const sources = Array.from({ length: 34 }, (_, node) => `n${node}`);
    // The targets are placed by a position index, as a cached image's ids are: an index whose
    // answer was carried has walked into none of them.
    let targets = [...sources];
    recordPositionIndex(targets, keyPositions(targets));
    const specs = (['out', 'in'] as const).map((direction) => ({
      direction,
      minHops: 1,
      maxHops: 1,
    }));
    const answered = (of: CsrIndex, into: readonly string[]) =>
      specs.map((spec) => rowsBySource(of.reachRows(sources, spec, into)));
    answered(index, targets);
    for (let round = 0; round < 10; round += 1) {
      if (round % 2 === 0) {
        // Some edges go; the targets stay the same list.
        ({ edges, index } = withSomeRemoved(rng, edges, index, round));
      } else {
        // A node leaves the targets with every edge it had, as a deleted node does.
        const leaving = rng.pick(targets.filter((id) => edges.some((edge) => edge.includes(id))));
        const removed = edges.filter((edge) => edge.includes(leaving));
        edges = edges.filter((edge) => !edge.includes(leaving));
        const next = index.removed(
          edgeList(
            removed,
            edges.map((_, e) => `e${e}`),
          ),
        );
        if (next === undefined) throw new Error(`round ${round}: the removal was refused`);
        index = next;
        const gone = new RemovedPositions(
          Int32Array.from([targets.indexOf(leaving)]),
          targets.length,
        );
        const shrunk = gone.kept(targets);
        recordRemoval(shrunk, targets, gone);
        recordPositionIndex(shrunk, keyPositions(shrunk));
        targets = shrunk;
      }
      expect(answered(index, targets), `round ${round}`).toEqual(
        answered(indexOf(edges), [...targets]),
      );
    }
    // Two nodes leave in two versions the index is not asked between: one removal of both
    // nodes' edges, and targets two removals away from those the index answered for.
    const leaving = targets.filter((id) => edges.some((edge) => edge.includes(id))).slice(0, 2);
    const removed = edges.filter((edge) => leaving.some((id) => edge.includes(id)));
    edges = edges.filter((edge) => !leaving.some((id) => edge.includes(id)));
    const next = index.removed(
      edgeList(
        removed,
        edges.map((_, e) => `e${e}`),
      ),
    );
    if (next === undefined) throw new Error('the removal of two nodes was refused');
    for (const id of leaving) {
      const gone = new RemovedPositions(Int32Array.from([targets.indexOf(id)]), targets.length);
      const shrunk = gone.kept(targets);
      recordRemoval(shrunk, targets, gone);
      targets = shrunk;
    }
    expect(answered(next, targets)).toEqual(answered(indexOf(edges), [...targets]));
  });

  it('refuses a removal whose edges the endpoints do not tell', () => {
    const index = indexOf([
      ['a', 'b'],
      ['a', 'b'],
      ['b', 'c'],
    ]);
    // One of two parallel edges: which one went is unknown.
    expect(index.removed(edgeList([['a', 'b']]))).toBeUndefined();
    // More than there are, or an edge between unknown nodes.
    expect(
      index.removed(
        edgeList([
          ['b', 'c'],
          ['b', 'c'],
        ]),
      ),
    ).toBeUndefined();
    expect(index.removed(edgeList([['c', 'x']]))).toBeUndefined();
    expect(index.removed(edgeList([['c', 'a']]))).toBeUndefined();
    expect(
      index.removed(
        edgeList([
          ['a', 'b'],
          ['a', 'b'],
        ]),
      )?.edgeCount,
    ).toBe(1);
  });

  it('leaves the index it removes from as it was', async () => {
    const edges = randomEdges(Rng.of('csr removed, base'), 80, 20);
    const index = indexOf(edges);
    const before = await answers(index, 25);
    expect(
      index.removed(edgeList(someEdgesToRemove(Rng.of('csr removed, some'), edges))),
    ).toBeDefined();
    expect(await answers(index, 25)).toEqual(before);
  });
});

/**
 * The one-hop reach of each of `sources` into `targets` read off `edges` themselves: a source's
 * distinct neighbours in edge order (its out-edges first for `both`), each at the last position
 * of its id in `targets`, those not there left out.
 */
function reachByEdges(
  edges: readonly [string, string][],
  sources: readonly string[],
  direction: 'out' | 'in' | 'both',
  targets: readonly string[],
): number[][] {
  const rowOf = new Map(targets.map((id, row) => [id, row]));
  const neighbours = (source: string): string[] => {
    const out = edges.filter(([from]) => from === source).map(([, to]) => to);
    const incoming = edges.filter(([, to]) => to === source).map(([from]) => from);
    if (direction === 'out') return out;
    return direction === 'in' ? incoming : [...out, ...incoming];
  };
  return sources.map((source) =>
    [...new Set(neighbours(source))].flatMap((id) => {
      const row = rowOf.get(id);
      return row === undefined ? [] : [row];
    }),
  );
}

/** Each source's rows of a {@link CsrIndex.reachRows} answer. */
function rowsBySource(reach: { offsets: Int32Array; rows: Int32Array }): number[][] {
  return Array.from({ length: reach.offsets.length - 1 }, (_, source) =>
    Array.from(reach.rows.subarray(reach.offsets[source], reach.offsets[source + 1])),
  );
}

describe('CsrIndex.reachRows', () => {
  const edges = randomEdges(Rng.of('csr reach rows'), 1_200, 600);
  const sources = [...Array.from({ length: 600 }, (_, node) => `n${node}`), 'absent', 'n7', 'n3'];

  it('walks into a few targets, repeated and absent ones too, as the edges say', () => {
    const rng = Rng.of('csr reach rows, few targets');
    const index = indexOf(edges);
    for (const direction of ['out', 'in', 'both'] as const) {
      for (let round = 0; round < 20; round += 1) {
        const targets = [`n${rng.int(0, 599)}`, `n${rng.int(0, 599)}`, 'absent'];
        if (rng.chance(0.5)) targets.push(targets[0] as string);
        const spec = { direction, minHops: 1, maxHops: 1 };
        expect(rowsBySource(index.reachRows(sources, spec, targets))).toEqual(
          reachByEdges(edges, sources, direction, targets),
        );
      }
    }
  });

  it('walks into every node as the edges say', () => {
    const index = indexOf(edges);
    const targets = [...sources].reverse();
    for (const direction of ['out', 'in', 'both'] as const)
      expect(
        rowsBySource(index.reachRows(sources, { direction, minHops: 1, maxHops: 1 }, targets)),
      ).toEqual(reachByEdges(edges, sources, direction, targets));
  });

  it('walks from and into nodes numbered by an append as the edges say', () => {
    // `x` and `y`, new in the append, are numbered after every node of the base, whose
    // adjacency has no entry for them; `x` has more edges than a walk's first guess holds.
    const added: [string, string][] = [
      ...Array.from({ length: 40 }, (_, at): [string, string] => ['x', `n${at * 3}`]),
      ...Array.from({ length: 30 }, (_, at): [string, string] => [`n${at * 5}`, 'x']),
      ['y', 'x'],
    ];
    const index = indexOf(edges).appended(edgeList(added));
    const all = [...edges, ...added];
    const withNew = ['x', 'y', ...sources];
    for (const direction of ['out', 'in', 'both'] as const) {
      const spec = { direction, minHops: 1, maxHops: 1 };
      for (const targets of [['x'], ['y', 'x'], withNew])
        expect(rowsBySource(index.reachRows(withNew, spec, targets))).toEqual(
          reachByEdges(all, withNew, direction, targets),
        );
      expect(rowsBySource(index.reachRows(['x'], spec, withNew))).toEqual(
        reachByEdges(all, ['x'], direction, withNew),
      );
    }
  });
});
