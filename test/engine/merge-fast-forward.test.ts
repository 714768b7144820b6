import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { decodeRows } from '../../src/engine/lance/row-decoder.js';
import {
  appendedRows,
  diffEffects,
  fastForwardEffects,
  fastForwardTables,
} from '../../src/engine/merge/fast-forward.js';
import { planMerge, type MergeEffects } from '../../src/engine/merge/merge-plan.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import type { GraphContext } from '../../src/engine/protocol/graph-context.js';
import { requireHead } from '../../src/engine/root/index.js';
import type { Snapshot } from '../../src/engine/snapshot/snapshot.js';
import {
  describeOnBackends,
  edgeLine,
  exportAll,
  freshGraph,
  ndjson,
  personLine,
} from './graph-helpers.js';
import {
  addKnows,
  deletePerson,
  MERGE_FIXTURE,
  overwriteWithout,
  putPerson,
  setAge,
} from './merge-helpers.js';
import { writeContextOf } from './write-context.js';

/** Schema of the fixture plus a type no fixture row has (its table stays empty). */
const SCHEMA = `node Person {
    name: String @key
    age: I32?
}
node Company {
    name: String @key
}
edge Knows: Person -> Person {
    since: Date?
}
edge WorksAt: Person -> Company
`;

type Side = (graph: Omnigraph, branch: string) => Promise<void>;

/** Effects as plain data: decoded inserted rows and changes, sorted by id. */
function plainEffects(effects: MergeEffects): Record<string, unknown> {
  const byId = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : 1);
  return Object.fromEntries(
    [...effects].map(([key, { inserts, changes }]) => [
      key,
      {
        inserts: decodeRows(inserts)
          .map((row): [string, unknown] => [String(row.id), row])
          .sort(byId),
        upserts: [...changes.upserts].sort(byId),
        deletes: [...changes.deletes].sort(),
      },
    ]),
  );
}

describeOnBackends('fast-forward merge: appended rows without a row-level diff', (backend) => {
  let graph: Omnigraph;
  let ctx: GraphContext;
  let branches = 0;
  beforeAll(async () => {
    graph = await freshGraph(backend, 'merge-fast-forward', {
      schema: SCHEMA,
      data: MERGE_FIXTURE,
    });
    ctx = await writeContextOf(graph.uri);
  });
  afterAll(async () => {
    ctx.root.tables.close();
    await graph.close();
  });

  const snapshotOf = async (branch: string): Promise<Snapshot> =>
    ctx.snapshotOf((await requireHead(ctx.root.store, branch)).value.commitId);

  /**
   * A fresh target branch of main (changed by `grow` first) and a source branch of it changed by
   * `side`.
   */
  async function forked(side: Side, grow?: Side): Promise<{ source: string; target: string }> {
    branches += 1;
    const names = { source: `src${branches}`, target: `tgt${branches}` };
    await graph.createBranch({ name: names.target });
    await grow?.(graph, names.target);
    await graph.createBranch({ name: names.source, from: names.target });
    await side(graph, names.source);
    return names;
  }

  /** The rows each changed table only gained, or undefined for a table that changed otherwise. */
  async function appended(b: { source: string; target: string }): Promise<Record<string, unknown>> {
    const [base, source] = [await snapshotOf(b.target), await snapshotOf(b.source)];
    const found: Record<string, unknown> = {};
    for (const key of fastForwardTables(base, source)) {
      const rows = await appendedRows(ctx.root.tables, key, base, source);
      found[key] = rows === undefined ? undefined : rows.numRows;
    }
    return found;
  }

  /** Merges and checks the target ends exactly at the source's state, with the same effects as the general diff. */
  async function mergesToSource(b: { source: string; target: string }): Promise<void> {
    const [base, source] = [await snapshotOf(b.target), await snapshotOf(b.source)];
    expect(plainEffects(await fastForwardEffects(ctx.root.tables, base, source))).toEqual(
      plainEffects(await diffEffects(ctx.root.tables, base, source)),
    );
    const result = await graph.mergeBranch(b);
    expect(result.outcome).toBe('fast_forward');
    expect((await exportAll(graph, { branch: b.target })).sort()).toEqual(
      (await exportAll(graph, { branch: b.source })).sort(),
    );
  }

  it('appends the rows a source only gained, as Arrow, with the effects of the general diff', async () => {
    const b = await forked(async (g, branch) => {
      await putPerson(g, branch, 'Eve', 22);
      await putPerson(g, branch, 'Fay', null);
      await addKnows(g, branch, 'Eve', 'Alice');
    });
    expect(await appended(b)).toEqual({ 'edge:Knows': 1, 'node:Person': 2 });
    await mergesToSource(b);
  });

  it('appends every row of a table empty at the base', async () => {
    const b = await forked(async (g, branch) => {
      const data = ndjson(
        { type: 'Company', data: { name: 'Acme' } },
        edgeLine('WorksAt', 'Alice', 'Acme'),
      );
      await g.load({ data, mode: 'append', branch });
    });
    expect(await appended(b)).toEqual({ 'edge:WorksAt': 1, 'node:Company': 1 });
    await mergesToSource(b);
  });

  /** Eve inserted, then Alice updated: the updated row is the last one written. */
  const updateAfterInsert: Side = async (g, branch) => {
    await putPerson(g, branch, 'Eve', 22);
    await setAge(g, branch, 'Alice', 41);
  };

  const GENERAL: readonly [string, Side][] = [
    ['an update', updateAfterInsert],
    [
      'a delete, the other rows rewritten identically',
      (g, branch) => overwriteWithout(g, branch, 'Dan'),
    ],
    [
      'an id deleted and inserted again',
      async (g, branch) => {
        await overwriteWithout(g, branch, 'Dan');
        await putPerson(g, branch, 'Dan', 51);
      },
    ],
  ];

  for (const [change, side] of GENERAL) {
    it(`leaves ${change} to the general diff, with the same result`, async () => {
      const b = await forked(side);
      expect((await appended(b))['node:Person']).toBeUndefined();
      await mergesToSource(b);
    });
  }

  it('leaves a source table forked before the base to the general diff', async () => {
    const b = await forked((g, branch) => putPerson(g, branch, 'Eve', 22));
    // The target moves, and the source takes that in: the merge base is now the target's head,
    // but the source's Person table was forked from an older version of the target's.
    await putPerson(graph, b.target, 'Gus', 60);
    expect((await graph.mergeBranch({ source: b.target, target: b.source })).outcome).toBe(
      'merged',
    );
    expect((await appended(b))['node:Person']).toBeUndefined();
    await mergesToSource(b);
  });

  /** Sixty more people: a table a few new rows are a small share of. */
  const sixtyPeople: Side = async (g, branch) => {
    const people = Array.from({ length: 60 }, (_, i) => personLine(`P${i}`, i));
    await g.load({ data: ndjson(...people), mode: 'append', branch });
  };

  /** As {@link forked}, the target grown by sixty people first. */
  const forkedFromLarger = (side: Side) => forked(side, sixtyPeople);

  /** Spies on the reads of the source's Person table while `run` runs. */
  async function personReads(
    b: { source: string },
    run: () => Promise<unknown>,
  ): Promise<{ taken: number; scanned: number }> {
    const reader = await (await snapshotOf(b.source)).reader('node:Person');
    const take = vi.spyOn(reader, 'takeRangeArrow');
    const scan = vi.spyOn(reader, 'scanArrow');
    try {
      await run();
      return { taken: take.mock.calls.length, scanned: scan.mock.calls.length };
    } finally {
      take.mockRestore();
      scan.mockRestore();
    }
  }

  it('takes the few rows a large table gained where appends put them, without scanning it', async () => {
    const b = await forkedFromLarger(async (g, branch) => {
      await putPerson(g, branch, 'Eve', 22);
      await putPerson(g, branch, 'Fay', null);
    });
    let found: Record<string, unknown> = {};
    expect(
      await personReads(b, async () => {
        found = await appended(b);
      }),
    ).toEqual({ taken: 1, scanned: 0 });
    expect(found).toEqual({ 'node:Person': 2 });
    await mergesToSource(b);
  });

  const GENERAL_AT_THE_TAIL: readonly [string, Side][] = [
    ['an update after an insert (the updated row is the tail)', updateAfterInsert],
    [
      'an insert after an update (the new row is the tail)',
      async (g, branch) => {
        await setAge(g, branch, 'Alice', 41);
        await putPerson(g, branch, 'Eve', 22);
      },
    ],
    [
      'a delete and two inserts',
      async (g, branch) => {
        await deletePerson(g, branch, 'Dan');
        await putPerson(g, branch, 'Eve', 22);
        await putPerson(g, branch, 'Fay', 23);
      },
    ],
  ];

  for (const [change, side] of GENERAL_AT_THE_TAIL) {
    it(`leaves ${change} of a large table to the general diff`, async () => {
      const b = await forkedFromLarger(side);
      expect((await appended(b))['node:Person']).toBeUndefined();
      await mergesToSource(b);
    });
  }

  it('takes the rows gained on a branch of a branch of an optimized graph', async () => {
    await graph.optimize();
    const b = await forkedFromLarger(async (g, branch) => {
      await putPerson(g, branch, 'Eve', 22);
      await setAge(g, branch, 'Eve', 23);
      await putPerson(g, branch, 'Fay', null);
    });
    expect(await appended(b)).toEqual({ 'node:Person': 2 });
    await mergesToSource(b);
  });

  it('plans a fast-forward without reading a table: a dry run reads none', async () => {
    const b = await forked((g, branch) => putPerson(g, branch, 'Eve', 22));
    const reads = vi.spyOn(ctx.root.tables, 'reader');
    const plan = await planMerge(ctx, b, await snapshotOf(b.target));
    expect(plan).toMatchObject({ outcome: 'fast_forward', tables: ['node:Person'] });
    expect(reads).not.toHaveBeenCalled();
    expect(plainEffects(await plan.effects())).toMatchObject({
      'node:Person': { inserts: [['Eve', { id: 'Eve', name: 'Eve', age: 22 }]] },
    });
    reads.mockRestore();
  });
});
