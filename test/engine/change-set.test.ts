import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeContextOfRoot } from './write-context.js';
import type { Snapshot } from '../../src/engine/snapshot/snapshot.js';
import { applyChangeSet } from '../../src/engine/changeset/apply-change-set.js';
import type { ChangeSet, TableChanges } from '../../src/engine/changeset/change-set.js';
import { validateChangeSet } from '../../src/engine/changeset/validate-change-set.js';
import type { GraphContext } from '../../src/engine/protocol/graph-context.js';
import {
  connectGraphRoot,
  locateGraphRoot,
  type GraphRoot,
} from '../../src/engine/root/graph-root.js';
import { runWrite } from '../../src/engine/protocol/graph-writer.js';
import type { Row } from '../../src/engine/lance/row.js';
import { ROW_ID_COLUMN } from '../../src/engine/lance/table-reader.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  countsOf,
  describeOnBackends,
  edgeLine,
  edgesOf,
  exportAll,
  freshGraph,
  ndjson,
  nodesOf,
} from './graph-helpers.js';
import { testSettings } from '../helpers/s3-env.js';

const SCHEMA = `
node Person {
  name: String @key
  age: I32?
  email: String? @unique
  role: enum(admin, user)?
  code: String?
  @range(age, 0..200)
  @check(code, "^[A-Z]{3}-[0-9]+$")
}
node Company { name: String @key }
edge Knows: Person -> Person { since: Date? }
edge WorksAt: Person -> Company @card(0..1)
edge Owns: Company -> Person @card(1..)
`;

const DATA = [
  { type: 'Person', data: { name: 'Alice', age: 30, email: 'alice@x' } },
  { type: 'Person', data: { name: 'Bob', age: 25 } },
  { type: 'Person', data: { name: 'Carol', role: 'user' } },
  { type: 'Company', data: { name: 'Acme' } },
  { type: 'Company', data: { name: 'Globex' } },
  edgeLine('Knows', 'Alice', 'Bob'),
  edgeLine('WorksAt', 'Alice', 'Acme'),
  edgeLine('Owns', 'Acme', 'Alice'),
  edgeLine('Owns', 'Globex', 'Bob'),
];

function person(name: string, values: Partial<Record<string, Row[string]>> = {}): Row {
  return { id: name, name, age: null, email: null, role: null, code: null, ...values };
}

function edge(id: string, src: string, dst: string, extra: Row = {}): Row {
  return { id, src, dst, ...extra };
}

function changes(byKey: Record<string, { upserts?: Row[]; deletes?: string[] }>): ChangeSet {
  const set = new Map<string, TableChanges>();
  for (const [key, { upserts = [], deletes = [] }] of Object.entries(byKey)) {
    set.set(key, {
      upserts: new Map(upserts.map((row) => [String(row.id), row])),
      deletes: new Set(deletes),
    });
  }
  return set;
}

describeOnBackends('change set validation and application', (backend) => {
  let graph: Omnigraph;
  let root: GraphRoot;
  let ctx: GraphContext;
  /** Edge ids of the fixture by `Edge:src->dst`. */
  const edgeIds = new Map<string, string>();

  async function base(): Promise<Snapshot> {
    const head = (await graph.listCommits({ branch: 'main' })).commits[0];
    if (!head) throw new Error('graph has no commit');
    return ctx.snapshotOf(head.graph_commit_id);
  }

  function edgeId(name: string): string {
    const id = edgeIds.get(name);
    if (id === undefined) throw new Error(`no fixture edge ${name}`);
    return id;
  }

  beforeAll(async () => {
    graph = await freshGraph(backend, 'change-set', { schema: SCHEMA });
    await graph.load({ data: ndjson(...DATA), mode: 'overwrite' });
    for (const line of await exportAll(graph)) {
      const record = JSON.parse(line) as { edge?: string; from: string; to: string; data: Row };
      if (record.edge)
        edgeIds.set(`${record.edge}:${record.from}->${record.to}`, String(record.data.id));
    }
    root = await connectGraphRoot(locateGraphRoot(graph.uri, { s3: testSettings().s3 }));
    ctx = writeContextOfRoot(root);
  });
  afterAll(async () => {
    root.tables.close();
    await graph.close();
  });

  it('accepts a valid change: a new node, an edge from it and an update', async () => {
    const found = await validateChangeSet(
      await base(),
      changes({
        'node:Person': { upserts: [person('Dan', { age: 40 }), person('Bob', { age: 26 })] },
        'edge:Knows': { upserts: [edge('k1', 'Dan', 'Alice', { since: null })] },
      }),
    );
    expect(found).toEqual([]);
  });

  it('reports every value constraint violation, one per row', async () => {
    const found = await validateChangeSet(
      await base(),
      changes({
        'node:Person': {
          upserts: [
            person('Old', { age: 300 }),
            person('Boss', { role: 'superadmin' }),
            person('Coded', { code: 'invalid' }),
            { ...person('Nameless'), name: null },
          ],
        },
      }),
    );
    expect(found.map((v) => [v.kind, v.id])).toEqual([
      ['value_constraint_violation', 'Boss'],
      ['value_constraint_violation', 'Coded'],
      ['value_constraint_violation', 'Nameless'],
      ['value_constraint_violation', 'Old'],
    ]);
    expect(found.map((v) => v.message)).toEqual([
      "invalid enum value 'superadmin' for Person.role (expected: admin, user)",
      "@check violation on Person.code: value 'invalid' does not match pattern '^[A-Z]{3}-[0-9]+$'",
      "non-nullable property 'Person.name' has null or missing value",
      '@range violation on Person.age: value 300 > max 200',
    ]);
    expect(found[0]).toMatchObject({ entity_kind: 'node', type_name: 'Person' });
  });

  it('checks @unique against kept base rows and other upserts, nulls exempt', async () => {
    const snapshot = await base();
    const taken = await validateChangeSet(
      snapshot,
      changes({ 'node:Person': { upserts: [person('Dan', { email: 'alice@x' })] } }),
    );
    expect(taken).toEqual([
      {
        kind: 'unique_violation',
        entity_kind: 'node',
        type_name: 'Person',
        id: 'Dan',
        message: "@unique violation on Person.email: value 'alice@x' held by 'Alice' and 'Dan'",
      },
    ]);
    // Alice gives the value up in the same change: Dan may take it.
    const moved = changes({
      'node:Person': {
        upserts: [
          person('Alice', { age: 30, email: 'new@x' }),
          person('Dan', { email: 'alice@x' }),
        ],
      },
    });
    expect(await validateChangeSet(snapshot, moved)).toEqual([]);
    // So may a deleted holder's value be reused (its edges go too).
    const freed = changes({
      'node:Person': { deletes: ['Alice'], upserts: [person('Dan', { email: 'alice@x' })] },
      'edge:Knows': { deletes: [edgeId('Knows:Alice->Bob')] },
      'edge:WorksAt': { deletes: [edgeId('WorksAt:Alice->Acme')] },
      'edge:Owns': {
        deletes: [edgeId('Owns:Acme->Alice')],
        upserts: [edge('o1', 'Acme', 'Dan')],
      },
    });
    expect(await validateChangeSet(snapshot, freed)).toEqual([]);
    const twice = await validateChangeSet(
      snapshot,
      changes({
        'node:Person': {
          upserts: [
            person('Eve', { email: 'e@x' }),
            person('Dan', { email: 'e@x' }),
            person('Nul'),
            person('Nul2'),
          ],
        },
      }),
    );
    expect(twice.map((v) => v.message)).toEqual([
      "@unique violation on Person.email: value 'e@x' held by 'Dan' and 'Eve'",
    ]);
  });

  it('reports dangling endpoints and kept edges of deleted nodes as orphan_edge', async () => {
    const found = await validateChangeSet(
      await base(),
      changes({
        'node:Person': { deletes: ['Bob'] },
        'edge:Knows': { upserts: [edge('k2', 'Alice', 'Ghost', { since: null })] },
      }),
    );
    const knows = edgeId('Knows:Alice->Bob');
    const owns = edgeId('Owns:Globex->Bob');
    // Sorted by type then id (ULIDs sort before 'k2'); Globex keeps its Owns edge, so no @card.
    expect(found.map((v) => [v.kind, v.type_name, v.id])).toEqual([
      ['orphan_edge', 'Knows', knows],
      ['orphan_edge', 'Knows', 'k2'],
      ['orphan_edge', 'Owns', owns],
    ]);
    expect(found.find((v) => v.id === 'k2')?.message).toBe(
      "edge Knows: dst 'Ghost' not found in Person",
    );
    expect(found.find((v) => v.id === knows)?.message).toContain("deleted Person 'Bob'");
  });

  it('trusts node deletes marked cascaded to have deleted their edges, and checks the others', async () => {
    const deleteBob = (cascaded: ReadonlySet<string> | undefined): ChangeSet => {
      const set = new Map(changes({ 'node:Person': { deletes: ['Bob', 'Alice'] } }));
      const people = set.get('node:Person');
      if (people) set.set('node:Person', { ...people, ...(cascaded && { cascaded }) });
      return set;
    };
    const kept = async (cascaded?: ReadonlySet<string>) =>
      (await validateChangeSet(await base(), deleteBob(cascaded)))
        .filter((v) => v.kind === 'orphan_edge')
        .map((v) => v.message.match(/deleted Person '(\w+)'/)?.[1])
        .sort();
    // Alice and Bob both keep edges of the base: each is reported unless marked cascaded.
    expect(new Set(await kept())).toEqual(new Set(['Alice', 'Bob']));
    expect(new Set(await kept(new Set(['Bob'])))).toEqual(new Set(['Alice']));
    expect(await kept(new Set(['Alice', 'Bob']))).toEqual([]);
  });

  it('checks @card max and min per affected source, new sources included', async () => {
    const found = await validateChangeSet(
      await base(),
      changes({
        'node:Company': { upserts: [{ id: 'Initech', name: 'Initech' }] },
        'edge:WorksAt': { upserts: [edge('w1', 'Alice', 'Globex')] },
        'edge:Owns': { deletes: [edgeId('Owns:Acme->Alice')] },
      }),
    );
    expect(found).toEqual([
      {
        kind: 'cardinality_violation',
        entity_kind: 'edge',
        type_name: 'Owns',
        id: 'Acme',
        message: "@card violation on edge Owns: source 'Acme' has 0 edges (min 1)",
      },
      {
        kind: 'cardinality_violation',
        entity_kind: 'edge',
        type_name: 'Owns',
        id: 'Initech',
        message: "@card violation on edge Owns: source 'Initech' has 0 edges (min 1)",
      },
      {
        kind: 'cardinality_violation',
        entity_kind: 'edge',
        type_name: 'WorksAt',
        id: 'Alice',
        message: "@card violation on edge WorksAt: source 'Alice' has 2 edges (max 1)",
      },
    ]);
    // Moving Alice's job (replace the edge) keeps her at one.
    const moved = await validateChangeSet(
      await base(),
      changes({
        'edge:WorksAt': { upserts: [edge(edgeId('WorksAt:Alice->Acme'), 'Alice', 'Globex')] },
      }),
    );
    expect(moved).toEqual([]);
  });

  it('applies deletes then upserts in one commit, leaving untouched tables as they were', async () => {
    const before = await graph.snapshot({ branch: 'main' });
    const set = changes({
      'node:Person': { upserts: [person('Dan', { age: 41 }), person('Bob', { age: 26 })] },
      'edge:Knows': {
        deletes: [edgeId('Knows:Alice->Bob')],
        upserts: [edge('k-dan', 'Dan', 'Carol', { since: null })],
      },
      'edge:WorksAt': {},
    });
    expect(await validateChangeSet(await base(), set)).toEqual([]);
    const outcome = await runWrite(ctx, {
      kind: 'mutate',
      branch: 'main',
      actor: null,
      prepare: () => Promise.resolve({ tables: [...set.keys()] }),
      apply: (_plan, session) => applyChangeSet(session, set),
    });
    expect(outcome.commit).not.toBeNull();
    const people = await nodesOf(graph, 'Person');
    expect(people.Dan).toMatchObject({ age: 41 });
    expect(people.Bob).toMatchObject({ age: 26 });
    expect(await edgesOf(graph, 'Knows')).toEqual(['Dan->Carol']);
    const after = await graph.snapshot({ branch: 'main' });
    expect(countsOf(after)).toMatchObject({ Person: 4, Knows: 1, WorksAt: 1 });
    const version = (snapshot: typeof before, name: string) =>
      snapshot.datasets.find((d) => d.type_name === name)?.published_dataset_version;
    for (const name of ['WorksAt', 'Company', 'Owns'])
      expect(version(after, name)).toBe(version(before, name));
  });
  it('deletes by the row ids the change read, when it read every one of them', async () => {
    const owns = await (await base()).reader('edge:Owns');
    const rowIds = new Map(
      (await owns.scan({ columns: ['id', ROW_ID_COLUMN] })).map((row) => [
        String(row.id),
        row[ROW_ID_COLUMN] as bigint,
      ]),
    );
    const [acme, globex] = [edgeId('Owns:Acme->Alice'), edgeId('Owns:Globex->Bob')];
    const globexRow = rowIds.get(globex);
    if (globexRow === undefined) throw new Error('no row id read');
    // Deleting Acme's edge under Globex's row id deletes Globex's row: the row id decides.
    const set = new Map<string, TableChanges>([
      [
        'edge:Owns',
        {
          upserts: new Map(),
          deletes: new Set([acme]),
          held: new Set([acme]),
          deletedRowIds: new Map([[acme, globexRow]]),
        },
      ],
    ]);
    await runWrite(ctx, {
      kind: 'mutate',
      branch: 'main',
      actor: null,
      prepare: () => Promise.resolve({ tables: [...set.keys()] }),
      apply: (_plan, session) => applyChangeSet(session, set),
    });
    expect(await edgesOf(graph, 'Owns')).toEqual(['Acme->Alice']);
  });
});
