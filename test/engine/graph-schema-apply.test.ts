import { afterEach, expect, it } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  countsOf,
  describeOnBackends,
  expectOmniError,
  freshGraph,
  graphState,
  ndjson,
  nodesOf,
  personLine,
  storageState,
  TEST_JSONL,
  TEST_PG,
} from './graph-helpers.js';

/** One column of a query's rows. */
async function column(graph: Omnigraph, source: string, name: string, commit?: string) {
  const result = await graph.query({
    query: source,
    ...(commit === undefined ? {} : { snapshot: commit }),
  });
  return result.rows.map((row) => row[name] ?? null);
}

const PERSON_AGES =
  'query q() { match { $p: Person } return { $p.name, $p.age } order { $p.name asc } }';

describeOnBackends('schema apply', (backend) => {
  const open: Omnigraph[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((graph) => graph.close()));
  });
  const graphWithData = async (label: string, schema = TEST_PG): Promise<Omnigraph> => {
    const graph = await freshGraph(backend, label, {
      schema,
      data: schema === TEST_PG ? TEST_JSONL : undefined,
    });
    open.push(graph);
    return graph;
  };
  const headOf = async (graph: Omnigraph): Promise<string> =>
    (await graph.listCommits()).commits[0]!.graph_commit_id;

  it('plans without changing anything; the same schema is no change', async () => {
    const graph = await graphWithData('plan');
    const stored = backend.s3 ? undefined : await storageState(graph.uri);
    const before = await graphState(graph);
    const desired = `${TEST_PG}\nnode Tag { label: String @key }\n`;
    const plan = await graph.planSchema({ schema_source: desired });
    expect(plan).toEqual({
      uri: graph.uri,
      supported: true,
      applied: false,
      step_count: 1,
      graph_manifest_version: before.snapshot.graph_manifest_version,
      steps: [{ kind: 'add_type', type_kind: 'node', name: 'Tag' }],
    });
    expect(await graph.planSchema({ schema_source: TEST_PG })).toMatchObject({
      supported: true,
      steps: [],
    });
    const same = await graph.applySchema({ schema_source: TEST_PG });
    expect(same).toMatchObject({ applied: false, steps: [] });
    expect(await graphState(graph)).toEqual(before);
    if (stored) expect(await storageState(graph.uri)).toEqual(stored);
  });

  it('adds a type and a nullable property: one commit, queries see the new schema', async () => {
    const graph = await graphWithData('add');
    const before = await graphState(graph);
    const desired = TEST_PG.replace('age: I32?', 'age: I32?\n    nick: String?').concat(
      '\nnode Tag { label: String @key }\nedge Tagged: Person -> Tag\n',
    );
    const result = await graph.applySchema({ schema_source: desired }, { actor: 'ops' });
    expect(result).toMatchObject({ supported: true, applied: true });
    expect(result.graph_manifest_version).toBe(before.snapshot.graph_manifest_version + 1);
    expect(result.steps.map((step) => step.kind)).toEqual(['add_type', 'add_type', 'add_property']);
    const commits = (await graph.listCommits()).commits;
    expect(commits).toHaveLength(before.commits + 1);
    expect(commits[0]).toMatchObject({
      actor_id: 'ops',
      graph_manifest_version: result.graph_manifest_version,
    });
    expect((await graph.getSchema()).schema_source).toBe(desired);
    const nicks =
      'query q() { match { $p: Person } return { $p.name, $p.nick } order { $p.name asc } }';
    expect(await column(graph, nicks, 'p.nick')).toEqual([null, null, null, null]);
    await graph.load({
      data: ndjson(
        { type: 'Person', data: { name: 'Eve', nick: 'evie' } },
        { type: 'Tag', data: { label: 'x' } },
        { edge: 'Tagged', from: 'Eve', to: 'x' },
      ),
      mode: 'merge',
    });
    expect(await column(graph, nicks, 'p.nick')).toEqual([null, null, null, null, 'evie']);
    const tagged = 'query q() { match { $p: Person\n $p tagged $t } return { $p.name, $t.label } }';
    expect(await column(graph, tagged, 't.label')).toEqual(['x']);
    expect(countsOf(await graph.snapshot())).toMatchObject({ Tag: 1, Tagged: 1, Person: 5 });
  });

  it('renames a type and a property; time travel reads the old names', async () => {
    const graph = await graphWithData('rename');
    const old = await headOf(graph);
    const desired = TEST_PG.replace('node Person {', 'node Human @rename_from("Person") {')
      .replace('age: I32?', 'years: I32? @rename_from("age")')
      .replaceAll('Person -> Person', 'Human -> Human')
      .replace('WorksAt: Person', 'WorksAt: Human');
    const result = await graph.applySchema({ schema_source: desired });
    expect(result.steps).toEqual([
      { kind: 'rename_type', type_kind: 'node', from: 'Person', to: 'Human' },
      { kind: 'rename_property', type_kind: 'node', type_name: 'Human', from: 'age', to: 'years' },
    ]);
    const years =
      'query q() { match { $p: Human } return { $p.name, $p.years } order { $p.name asc } }';
    expect(await column(graph, years, 'p.years')).toEqual([30, 25, 35, 28]);
    const friends =
      'query q() { match { $p: Human { name: "Alice" }\n $p knows $f } return { $f.name } order { $f.name asc } }';
    expect(await column(graph, friends, 'f.name')).toEqual(['Bob', 'Charlie']);
    expect(await column(graph, PERSON_AGES, 'p.age', old)).toEqual([30, 25, 35, 28]);
    await graph.load({
      data: ndjson({ type: 'Human', data: { name: 'Eve', years: 40 } }),
      mode: 'merge',
    });
    expect(await column(graph, years, 'p.years')).toEqual([30, 25, 35, 28, 40]);
    await expectOmniError(graph.query({ query: PERSON_AGES }), 'type_error');
  });

  it('soft drops keep old commits readable; a required property dropped softly accepts writes', async () => {
    const schema =
      'node Person { name: String @key\n email: String\n age: I32? }\nnode Company { name: String @key }\nedge WorksAt: Person -> Company\n';
    const graph = await graphWithData('soft', schema);
    await graph.load({
      data: ndjson(
        { type: 'Person', data: { name: 'Ada', email: 'a@x', age: 36 } },
        { type: 'Company', data: { name: 'Acme' } },
        { edge: 'WorksAt', from: 'Ada', to: 'Acme' },
      ),
      mode: 'merge',
    });
    const old = await headOf(graph);
    const result = await graph.applySchema({
      schema_source: 'node Person { name: String @key\n age: I32? }\n',
    });
    expect(result.steps).toEqual([
      {
        kind: 'drop_property',
        type_kind: 'node',
        type_name: 'Person',
        property_name: 'email',
        mode: 'soft',
      },
      { kind: 'drop_type', type_kind: 'edge', name: 'WorksAt', mode: 'soft' },
      { kind: 'drop_type', type_kind: 'node', name: 'Company', mode: 'soft' },
    ]);
    expect(Object.keys(countsOf(await graph.snapshot()))).toEqual(['Person']);
    await graph.load({
      data: ndjson({ type: 'Person', data: { name: 'Bo', age: 2 } }),
      mode: 'merge',
    });
    expect(await nodesOf(graph, 'Person')).toEqual({
      Ada: { id: 'Ada', name: 'Ada', age: 36 },
      Bo: { id: 'Bo', name: 'Bo', age: 2 },
    });
    const emails = 'query q() { match { $p: Person } return { $p.email } }';
    expect(await column(graph, emails, 'p.email', old)).toEqual(['a@x']);
    expect(countsOf(await graph.snapshot({ snapshot: old }))).toEqual({
      Person: 1,
      Company: 1,
      WorksAt: 1,
    });
    // A property of the dropped name comes back empty: it is a new property.
    await graph.applySchema({
      schema_source: 'node Person { name: String @key\n age: I32?\n email: String? }\n',
    });
    expect((await nodesOf(graph, 'Person')).Ada).toEqual({
      id: 'Ada',
      name: 'Ada',
      age: 36,
      email: null,
    });
  });

  it('--allow-data-loss drops the column from the new version; old commits still read it', async () => {
    const graph = await graphWithData('hard');
    const old = await headOf(graph);
    const desired = TEST_PG.replace('age: I32?\n', '');
    const plan = await graph.planSchema({ schema_source: desired, allow_data_loss: true });
    expect(plan.steps).toEqual([
      {
        kind: 'drop_property',
        type_kind: 'node',
        type_name: 'Person',
        property_name: 'age',
        mode: 'hard',
      },
    ]);
    await graph.applySchema({ schema_source: desired, allow_data_loss: true });
    const reader = await (await graph.resolve()).reader('node:Person');
    expect(reader.columns.map((c) => c.name)).toEqual(['id', 'name']);
    expect(await column(graph, PERSON_AGES, 'p.age', old)).toEqual([30, 25, 35, 28]);
    await graph.applySchema({ schema_source: TEST_PG });
    expect(await column(graph, PERSON_AGES, 'p.age')).toEqual([null, null, null, null]);
  });

  it('adds a required property to an empty type, refuses one on a populated type', async () => {
    const graph = await graphWithData('required');
    const before = await graphState(graph);
    const refused = await expectOmniError(
      graph.applySchema({
        schema_source: TEST_PG.replace('age: I32?', 'age: I32?\n    email: String'),
      }),
      'bad_request',
      'unsupported changes',
      '[OG-MF-103, validated]',
    );
    expect(refused.message).toContain("adding required property 'Person.email'");
    expect(await graphState(graph)).toEqual(before);
    await graph.applySchema({ schema_source: `${TEST_PG}\nnode Tag { label: String @key }\n` });
    await graph.applySchema({
      schema_source: `${TEST_PG}\nnode Tag { label: String @key\n weight: I64 }\n`,
    });
    await expectOmniError(
      graph.load({ data: ndjson({ type: 'Tag', data: { label: 'x' } }), mode: 'merge' }),
      'bad_request',
      'Tag.weight',
    );
    await graph.load({
      data: ndjson({ type: 'Tag', data: { label: 'x', weight: 3 } }),
      mode: 'merge',
    });
  });

  it('validates new constraints against existing data; a violation changes nothing', async () => {
    const graph = await graphWithData('constraints');
    await graph.load({ data: ndjson(personLine('Eve', 30)), mode: 'merge' });
    const before = await graphState(graph);
    const unique = await expectOmniError(
      graph.applySchema({ schema_source: TEST_PG.replace('age: I32?', 'age: I32? @unique') }),
      'conflict',
      "existing data of node type 'Person'",
      "@unique violation on Person.age: value '30'",
    );
    expect(unique.message).toMatch(/held by '(Alice|Eve)' and '(Alice|Eve)'/);
    await expectOmniError(
      graph.applySchema({
        schema_source: TEST_PG.replace('age: I32?', 'age: I32?\n    @range(age, 0..29)'),
      }),
      'conflict',
      '@range violation on Person.age',
    );
    await expectOmniError(
      graph.applySchema({
        schema_source: TEST_PG.replace('age: I32?', 'age: I32?\n    @check(name, "^[A-D]")'),
      }),
      'conflict',
      "row 'Eve'",
      '@check violation on Person.name',
    );
    expect(await graphState(graph)).toEqual(before);
    const result = await graph.applySchema({
      schema_source: TEST_PG.replace('age: I32?', 'age: I32?\n    @range(age, 0..150)'),
    });
    expect(result.steps).toEqual([
      {
        kind: 'add_constraint',
        type_kind: 'node',
        type_name: 'Person',
        constraint: { Range: { property: 'age', min: { Integer: 0 }, max: { Integer: 150 } } },
      },
    ]);
    await expectOmniError(
      graph.load({ data: ndjson(personLine('Old', 200)), mode: 'merge' }),
      'bad_request',
      '@range violation',
    );
  });

  it('extends an enum and updates metadata without touching tables', async () => {
    const schema = 'node Task { title: String @key\n state: enum(open, done)? }\n';
    const graph = await graphWithData('enum', schema);
    await graph.load({
      data: ndjson({ type: 'Task', data: { title: 't', state: 'open' } }),
      mode: 'merge',
    });
    const pinBefore = (await graph.snapshot()).datasets[0]!.published_dataset_version;
    const desired =
      'node Task @description("work") { title: String @key\n state: enum(open, done, wip)? }\n';
    const result = await graph.applySchema({ schema_source: desired });
    expect(result.applied).toBe(true);
    expect(result.steps.map((step) => step.kind)).toEqual(['update_type_metadata', 'extend_enum']);
    expect((await graph.snapshot()).datasets[0]!.published_dataset_version).toBe(pinBefore);
    await graph.load({
      data: ndjson({ type: 'Task', data: { title: 'u', state: 'wip' } }),
      mode: 'merge',
    });
    expect(Object.keys(await nodesOf(graph, 'Task'))).toEqual(['t', 'u']);
  });

  it('refuses while other branches exist, on an @embed model change, and a second apply at once', async () => {
    const graph = await graphWithData('refusals');
    await graph.createBranch({ name: 'feature' });
    await graph.createBranch({ name: 'review/1' });
    await expectOmniError(
      graph.applySchema({ schema_source: `${TEST_PG}\nnode Tag { label: String @key }\n` }),
      'conflict',
      'schema apply requires a graph with only main; found non-main branches: feature, review/1',
    );
    await graph.deleteBranch('feature');
    await graph.deleteBranch('review/1');

    const doc = (model: string) =>
      `node Doc { slug: String @key\n title: String\n embedding: Vector(4)? @embed("title", model="${model}") }\n`;
    const embedded = await graphWithData('embed', doc('m1'));
    const before = await graphState(embedded);
    const plan = await embedded.planSchema({ schema_source: doc('m2') });
    expect(plan.supported).toBe(false);
    expect(plan.steps).toContainEqual(
      expect.objectContaining({ kind: 'unsupported_change', entity: 'node:Doc.embedding' }),
    );
    await expectOmniError(
      embedded.applySchema({ schema_source: doc('m2') }),
      'bad_request',
      "@embed model of 'Doc.embedding' from 'm1' to 'm2'",
    );
    expect(await graphState(embedded)).toEqual(before);

    const tag = `${TEST_PG}\nnode Tag { label: String @key }\n`;
    const [first, second] = await Promise.allSettled([
      graph.applySchema({ schema_source: tag }),
      graph.applySchema({ schema_source: `${tag}\nnode Other { label: String @key }\n` }),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { applied: true } });
    expect(second.status).toBe('rejected');
    await expectOmniError(
      second.status === 'rejected' ? Promise.reject(second.reason as Error) : Promise.resolve(),
      'conflict',
      'schema apply is already in progress',
    );
  });
});
