import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, expect, it } from 'vitest';
import type { LoadMode, LoadProgress, LoadRequest } from '../../src/api/index.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  countsOf,
  describeOnBackends,
  edgeLine,
  edgesOf,
  expectOmniError,
  exportAll,
  freshGraph,
  graphState,
  ndjson,
  nodesOf,
  personLine,
  storageState,
  TEST_JSONL,
  type Backend,
} from './graph-helpers.js';
import { freshTempDir } from '../helpers/temp-dir.js';

/** A schema with every constraint a load validates. */
const RICH_PG = `node Person {
  name: String @key
  age: I32?
  email: String? @unique
  role: enum(admin, member)?
  big: I64?
  tags: [String]?
  @range(age, 0..200)
}
node Sensor {
  serial: String @key
  temperature: F64?
  code: String?
  @range(temperature, -40.0..60.0)
  @check(code, "^[A-Z]{3}-[0-9]+$")
}
node Release {
  org: String
  year: I32
  title: String?
  @key(year, org)
}
node Seat {
  code: String @key
  row: I32?
  col: I32?
  @unique(row, col)
}
node Event {
  score: F32
  day: Date
  flag: Bool
  at: DateTime
  @key(at, flag, day, score)
}
node Company { name: String @key }
edge WorksAt: Person -> Company @card(0..1)
edge Knows: Person -> Person { since: Date? }
`;

const RICH_DATA = [
  { type: 'Person', data: { name: 'Alice', age: 30, email: 'alice@x.org', role: 'admin' } },
  { type: 'Person', data: { name: 'Bob', age: 25, email: 'bob@x.org' } },
  { type: 'Company', data: { name: 'Acme' } },
  { type: 'Company', data: { name: 'Globex' } },
  { type: 'Seat', data: { code: 's1', row: 1, col: 1 } },
  { type: 'Seat', data: { code: 's2', row: 1, col: null } },
  edgeLine('WorksAt', 'Alice', 'Acme'),
  edgeLine('Knows', 'Alice', 'Bob'),
]
  .map((l) => JSON.stringify(l))
  .join('\n');

/** Files under the tables directory (on local disk, directories too) with their identity. */
async function tableFiles(graph: Omnigraph): Promise<Map<string, string>> {
  const uri = graph.uri.startsWith('file://') ? new URL(graph.uri).pathname : graph.uri;
  const all = await storageState(uri);
  return new Map([...all].filter(([key]) => key.startsWith('tables/')));
}

/**
 * Runs a load that must be rejected and proves it changed nothing: same commits, same head,
 * pins and counts, and the same table files (not one Lance version was written).
 */
async function expectRejected(
  graph: Omnigraph,
  request: LoadRequest,
  code: Parameters<typeof expectOmniError>[1],
  ...messageParts: string[]
): Promise<Error & { details?: Readonly<Record<string, unknown>> }> {
  const branch = request.branch ?? 'main';
  const before = await graphState(graph, branch);
  const files = await tableFiles(graph);
  const error = await expectOmniError(graph.load(request), code, ...messageParts);
  expect(await graphState(graph, branch)).toEqual(before);
  expect(await tableFiles(graph)).toEqual(files);
  return error;
}

const MODES: readonly LoadMode[] = ['append', 'merge', 'overwrite'];

describeOnBackends('graph load', (backend: Backend) => {
  let fixture: Omnigraph;
  let rich: Omnigraph;

  beforeAll(async () => {
    [fixture, rich] = await Promise.all([
      freshGraph(backend, 'load-fixture', { data: TEST_JSONL }),
      freshGraph(backend, 'load-rich', { schema: RICH_PG, data: RICH_DATA }),
    ]);
  });

  it('derives node ids from keys and gives edges unique ULIDs', async () => {
    expect(Object.keys(await nodesOf(fixture, 'Person'))).toEqual([
      'Alice',
      'Bob',
      'Charlie',
      'Diana',
    ]);
    expect(await edgesOf(fixture, 'Knows')).toEqual(['Alice->Bob', 'Alice->Charlie', 'Bob->Diana']);
    const edgeIds = (await exportAll(fixture))
      .map((line) => JSON.parse(line) as { edge?: string; data: { id: string } })
      .filter((r) => r.edge !== undefined)
      .map((r) => r.data.id);
    expect(edgeIds).toHaveLength(5);
    expect(new Set(edgeIds).size).toBe(5);
    for (const id of edgeIds) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('append of an existing key is a key_conflict and leaves the entity unchanged', async () => {
    const error = await expectRejected(
      fixture,
      { data: ndjson(personLine('Zoe', 20), personLine('Alice', 99)), mode: 'append' },
      'key_conflict',
      'Alice',
    );
    expect(error.details).toMatchObject({
      key_conflict: { entity_kind: 'node', type_name: 'Person', entity_id: 'Alice' },
    });
    expect((await nodesOf(fixture, 'Person')).Alice).toEqual({
      id: 'Alice',
      name: 'Alice',
      age: 30,
    });
  });

  it('rejects a mode that is not one of the three, before reading the data', async () => {
    // Plain JavaScript callers can pass any string; '' once slipped through as an unchecked append.
    for (const mode of ['', 'Merge', 'upsert']) {
      await expectRejected(
        fixture,
        { data: ndjson(personLine('Alice', 99)), mode: mode as LoadMode },
        'bad_request',
        `invalid load mode '${mode}'; expected one of overwrite, append, merge`,
      );
    }
  });

  it('rejects two rows with one @key in a batch in every mode, naming the key and both lines', async () => {
    for (const mode of MODES) {
      const error = await expectRejected(
        fixture,
        { data: ndjson(personLine('Zed', 1), personLine('Amy'), '', personLine('Zed', 2)), mode },
        'bad_request',
        "line 4: node type 'Person' id 'Zed' also appears at line 1",
      );
      expect(error.details).toEqual({ line: 4, earlier_line: 1, type_name: 'Person', id: 'Zed' });
    }
  });

  it('rejects a repeated data.id in one file except in merge, naming both lines', async () => {
    const knows = (id: string) => edgeLine('Knows', 'Alice', 'Bob', { id });
    for (const mode of ['append', 'overwrite'] as const) {
      await expectRejected(
        fixture,
        { data: ndjson(knows('k1'), knows('k2'), knows('k1')), mode },
        'bad_request',
        "line 3: edge type 'Knows' id 'k1' also appears at line 1",
      );
    }
  });

  it('rejects dangling edges naming the missing endpoint and its line', async () => {
    await expectRejected(
      fixture,
      { data: ndjson(edgeLine('Knows', 'Alice', 'NonExistent')), mode: 'merge' },
      'bad_request',
      "line 1: dst 'NonExistent' not found in Person",
    );
    await expectRejected(
      fixture,
      { data: ndjson(personLine('Zoe'), edgeLine('WorksAt', 'Ghost', 'Acme')), mode: 'append' },
      'bad_request',
      "line 2: src 'Ghost' not found in Person",
    );
    // An endpoint loaded in the same batch resolves; one dropped by an overwrite does not.
    await expectRejected(
      fixture,
      { data: ndjson(personLine('Zoe'), edgeLine('Knows', 'Zoe', 'Alice')), mode: 'overwrite' },
      'bad_request',
      "dst 'Alice' not found in Person",
    );
  });

  it('refuses a Person-only overwrite that would orphan retained edges', async () => {
    await expectRejected(
      fixture,
      { data: ndjson(personLine('Zara', 40)), mode: 'overwrite' },
      'bad_request',
      'orphan',
      'edge:Knows',
    );
    // Keeping every endpoint makes the same overwrite legal: tested on a fresh graph below.
  });

  it('reports every strict-NDJSON error with its line number and no effect', async () => {
    const valid = JSON.stringify(personLine('Valid', 1));
    const cases: readonly [string, string][] = [
      ['not-json', 'line 3: invalid JSON'],
      ['[1,2]', 'line 3: expected a JSON object'],
      ['"text"', 'line 3: expected a JSON object'],
      [
        '{"type":"Person","edge":"Knows","data":{}}',
        "line 3: must contain exactly one of 'type' or 'edge'",
      ],
      ['{"data":{"name":"X"}}', "line 3: must contain exactly one of 'type' or 'edge'"],
      [
        '{"type":"Person","data":{"name":"X"},"extra":1}',
        "line 3: unknown top-level field 'extra'",
      ],
      [
        '{"type":"Person","data":{"name":"X"},"_rowid":1}',
        "line 3: '_rowid' is a reserved physical top-level field",
      ],
      [
        '{"type":"Person","data":{"name":"X"},"_tombstone":true}',
        "line 3: '_tombstone' is a reserved",
      ],
      [
        '{"edge":"Knows","from":"Alice","to":"Bob","data":{"src":"Alice"}}',
        "line 3: edge data field 'src' is reserved structural state",
      ],
      [
        '{"edge":"Knows","from":"Alice","to":"Bob","data":{"dst":"Bob"}}',
        "line 3: edge data field 'dst' is reserved structural state",
      ],
      ['{"type":"Robot","data":{"name":"X"}}', "line 3: unknown node type 'Robot'"],
      ['{"edge":"Likes","from":"Alice","to":"Bob"}', "line 3: unknown edge type 'Likes'"],
      ['{"type":"Person","data":{"name":"X","name":"Y"}}', "duplicate JSON member 'name'"],
      ['{"type":"Person","data":{"name":"X","age":1e999}}', 'line 3: invalid JSON'],
      [
        '{"type":"Person","data":{"name":"X","nick":"x"}}',
        "line 3: unknown input field 'nick' for 'node:Person'",
      ],
      [
        '{"type":"Person","data":{"name":"X","age":"old"}}',
        `line 3: property 'age': expected I32, got "old"`,
      ],
      [
        '{"type":"Person","data":{"name":"X","age":1.5}}',
        "line 3: property 'age': expected I32, got 1.5",
      ],
      [
        '{"type":"Person","data":{"name":"X","age":3000000000}}',
        "line 3: value 3000000000 of property 'age' exceeds I32",
      ],
      [
        '{"type":"Person","data":{"id":"alice","name":"Alice"}}',
        "line 3: node Person explicit id 'alice' does not match its canonical @key id 'Alice'",
      ],
      ['{"type":"Person","data":{"age":3}}', "line 3: node Person missing @key property 'name'"],
      ['{"type":"Person","data":5}', "line 3: 'data' must be a JSON object"],
      ['{"type":5,"data":{}}', "line 3: 'type' must be a string"],
      ['{"edge":"Knows","from":1,"to":"Bob"}', "line 3: 'from' must be a string"],
      ['{"type":"Person","data":{"name":null}}', 'line 3:'],
    ];
    const before = await graphState(fixture);
    const files = await tableFiles(fixture);
    // Parsing does not depend on storage: S3 runs a sample of the table.
    for (const [line, message] of backend.s3 ? cases.filter((_, i) => i % 6 === 0) : cases) {
      for (const mode of ['append', 'merge'] as const) {
        const error = await expectOmniError(
          fixture.load({ data: ndjson(valid, '', line, valid.replace('Valid', 'Later')), mode }),
          'bad_request',
          message,
        );
        expect(error.details, line).toMatchObject({ line: 3 });
      }
    }
    expect(await graphState(fixture)).toEqual(before);
    expect(await tableFiles(fixture)).toEqual(files);
  });

  it('merge upserts by key and replaces matched rows whole (41); empty loads publish nothing', async () => {
    const graph = await freshGraph(backend, 'load-merge');
    await graph.load({
      data: ndjson(personLine('Alice', 30), personLine('Bob', 25)),
      mode: 'merge',
    });
    const head = (await graph.listCommits()).commits[0]!;
    const result = await graph.load({
      data: ndjson(personLine('Alice', 31), personLine('Charlie', 35)),
      mode: 'merge',
    });
    expect(result).toMatchObject({
      branch: 'main',
      mode: 'merge',
      branch_created: false,
      nodes: [{ name: 'Person', entities_loaded: 2 }],
      edges: [],
      total_entities: 2,
    });
    expect(result.commit).toMatchObject({
      graph_branch: null,
      parent_commit_id: head.graph_commit_id,
      graph_manifest_version: head.graph_manifest_version + 1,
    });
    expect(await nodesOf(graph, 'Person')).toEqual({
      Alice: { id: 'Alice', name: 'Alice', age: 31 },
      Bob: { id: 'Bob', name: 'Bob', age: 25 },
      Charlie: { id: 'Charlie', name: 'Charlie', age: 35 },
    });
    expect(countsOf(await graph.snapshot()).Person).toBe(3);
    // Properties a merge record omits become null.
    await graph.load({ data: ndjson(personLine('Bob')), mode: 'merge' });
    expect((await nodesOf(graph, 'Person')).Bob).toEqual({ id: 'Bob', name: 'Bob', age: null });
    expect(countsOf(await graph.snapshot()).Person).toBe(3);
    // Progress reaches the callback; an empty batch publishes no commit.
    const seen: LoadProgress[] = [];
    await graph.load(
      { data: ndjson(personLine('A'), personLine('B')), mode: 'append' },
      { onProgress: (p) => seen.push(p) },
    );
    expect(seen.at(-1)).toMatchObject({ phase: 'write', done: 2, total: 2 });
    const before = await graphState(graph);
    const empty = await graph.load({ data: ndjson('', '   '), mode: 'merge' });
    expect(empty).toMatchObject({ total_entities: 0, commit: null, nodes: [], edges: [] });
    expect(await graphState(graph)).toEqual(before);
    await graph.close();
  });

  it('append adds entities and counts them in the snapshot (44); edge names ignore case', async () => {
    const graph = await freshGraph(backend, 'load-append', { data: TEST_JSONL });
    const result = await graph.load(
      { data: ndjson(personLine('Eve', 29)), mode: 'append' },
      { actor: 'act-eve' },
    );
    expect(result.commit?.actor_id).toBe('act-eve');
    const snapshot = await graph.snapshot();
    expect(countsOf(snapshot)).toEqual({ Knows: 3, WorksAt: 2, Company: 2, Person: 5 });
    expect(snapshot.graph_commit_id).toBe(result.commit?.graph_commit_id);
    // Edge type names match case-insensitively.
    const edge = await graph.load({
      data: ndjson(edgeLine('knows', 'Eve', 'Diana')),
      mode: 'append',
    });
    expect(edge.edges).toEqual([{ name: 'Knows', entities_loaded: 1 }]);
    expect(await edgesOf(graph, 'Knows')).toContain('Eve->Diana');
    await graph.close();
  });

  it('overwrite replaces only the touched types', async () => {
    const graph = await freshGraph(backend, 'load-overwrite', { data: TEST_JSONL });
    const before = await graph.snapshot();
    const result = await graph.load({
      data: ndjson(
        personLine('Zara', 40),
        edgeLine('Knows', 'Zara', 'Zara'),
        edgeLine('WorksAt', 'Zara', 'Acme'),
      ),
      mode: 'overwrite',
    });
    expect(result.total_entities).toBe(3);
    expect(Object.keys(await nodesOf(graph, 'Person'))).toEqual(['Zara']);
    expect(Object.keys(await nodesOf(graph, 'Company'))).toEqual(['Acme', 'Globex']);
    expect(await edgesOf(graph, 'Knows')).toEqual(['Zara->Zara']);
    expect(await edgesOf(graph, 'WorksAt')).toEqual(['Zara->Acme']);
    const after = await graph.snapshot();
    expect(countsOf(after)).toEqual({ Knows: 1, WorksAt: 1, Company: 2, Person: 1 });
    const companyPin = (s: typeof before) => s.datasets.find((d) => d.type_name === 'Company');
    expect(companyPin(after)).toEqual(companyPin(before));
    // A Person-only overwrite that keeps every retained endpoint is fine.
    await graph.load({ data: ndjson(personLine('Zara', 41)), mode: 'overwrite' });
    expect(await nodesOf(graph, 'Person')).toEqual({ Zara: { id: 'Zara', name: 'Zara', age: 41 } });
    await graph.close();
  });

  it('enforces @range, @check and enums on load', async () => {
    await expectRejected(
      rich,
      { data: ndjson({ type: 'Person', data: { name: 'Old', age: 300 } }), mode: 'merge' },
      'bad_request',
      'line 1: @range violation on Person.age: value 300 > max 200',
    );
    await expectRejected(
      rich,
      {
        data: ndjson({ type: 'Sensor', data: { serial: 's1', temperature: -50.0 } }),
        mode: 'merge',
      },
      'bad_request',
      '@range violation on Sensor.temperature',
    );
    await expectRejected(
      rich,
      { data: ndjson({ type: 'Sensor', data: { serial: 's1', code: 'invalid' } }), mode: 'merge' },
      'bad_request',
      "@check violation on Sensor.code: value 'invalid' does not match pattern '^[A-Z]{3}-[0-9]+$'",
    );
    await expectRejected(
      rich,
      {
        data: ndjson({ type: 'Person', data: { name: 'Root', role: 'superadmin' } }),
        mode: 'append',
      },
      'bad_request',
      "invalid enum value 'superadmin'",
    );
    await expectRejected(
      rich,
      { data: ndjson({ type: 'Person', data: { name: 'L', tags: ['a', null] } }), mode: 'append' },
      'bad_request',
      "line 1: list property 'tags' has a null item",
    );
    await expectRejected(
      rich,
      { data: ndjson({ type: 'Person', data: { name: 'L', tags: 'a' } }), mode: 'append' },
      'bad_request',
      "list property 'tags' expects a JSON array",
    );
  });

  it('enforces @unique against the batch and the graph, nulls exempt', async () => {
    await expectRejected(
      rich,
      {
        data: ndjson({ type: 'Person', data: { name: 'Carol', email: 'alice@x.org' } }),
        mode: 'merge',
      },
      'bad_request',
      "@unique violation on Person.email: value 'alice@x.org'",
    );
    await expectRejected(
      rich,
      {
        data: ndjson(
          { type: 'Person', data: { name: 'Carol', email: 'c@x.org' } },
          { type: 'Person', data: { name: 'Dan', email: 'c@x.org' } },
        ),
        mode: 'append',
      },
      'bad_request',
      "@unique violation on Person.email: value 'c@x.org' held by 'Carol' and 'Dan'",
    );
  });

  it('enforces composite @unique against the batch and the graph, rows with a null exempt', async () => {
    await expectRejected(
      rich,
      { data: ndjson({ type: 'Seat', data: { code: 's3', row: 1, col: 1 } }), mode: 'merge' },
      'bad_request',
      "@unique violation on Seat.(row, col): value '(1, 1)' held by 's1' and 's3'",
    );
    await expectRejected(
      rich,
      {
        data: ndjson(
          { type: 'Seat', data: { code: 's3', row: 2, col: 2 } },
          { type: 'Seat', data: { code: 's4', row: 2, col: 2 } },
        ),
        mode: 'append',
      },
      'bad_request',
      "value '(2, 2)' held by 's3' and 's4'",
    );
    const graph = await freshGraph(backend, 'load-unique', { schema: RICH_PG, data: RICH_DATA });
    // Nulls are exempt; a row that moves off a value frees it for another in the same batch.
    await graph.load({
      data: ndjson(
        { type: 'Seat', data: { code: 's3', row: 1, col: null } },
        { type: 'Seat', data: { code: 's1', row: 9, col: 9 } },
        { type: 'Seat', data: { code: 's4', row: 1, col: 1 } },
      ),
      mode: 'merge',
    });
    expect(Object.keys(await nodesOf(graph, 'Seat'))).toEqual(['s1', 's2', 's3', 's4']);
    // Merging an export back replaces every row: its WorksAt edges (explicit ids) are not
    // counted twice against @card(0..1).
    const exported = await exportAll(graph);
    await graph.load({ data: ndjson(...exported), mode: 'merge' });
    expect(await exportAll(graph)).toEqual(exported);
    await graph.close();
  });

  it('enforces @card per source, leaving the manifest version unchanged', async () => {
    const version = (await rich.snapshot()).graph_manifest_version;
    await expectRejected(
      rich,
      {
        data: ndjson(edgeLine('WorksAt', 'Bob', 'Acme'), edgeLine('WorksAt', 'Bob', 'Globex')),
        mode: 'append',
      },
      'bad_request',
      "@card violation on edge WorksAt: source 'Bob' has 2 edges (max 1)",
    );
    // Alice already works at Acme: one more edge breaks the bound too.
    await expectRejected(
      rich,
      { data: ndjson(edgeLine('WorksAt', 'Alice', 'Globex')), mode: 'merge' },
      'bad_request',
      "@card violation on edge WorksAt: source 'Alice' has 2 edges (max 1)",
    );
    expect((await rich.snapshot()).graph_manifest_version).toBe(version);
  });

  it('applies a @card minimum to source nodes loaded without any edge of the type', async () => {
    const graph = await freshGraph(backend, 'load-card-min', {
      schema:
        'node P { name: String @key }\nnode C { name: String @key }\nedge At: P -> C @card(1..)\n',
    });
    await graph.load({ data: '{"type":"C","data":{"name":"c"}}', mode: 'append' });
    const lonely = { type: 'P', data: { name: 'p' } };
    for (const mode of MODES) {
      await expectRejected(
        graph,
        { data: ndjson(lonely), mode },
        'bad_request',
        "@card violation on edge At: source 'p' has 0 edges (min 1)",
      );
    }
    await graph.load({ data: ndjson(lonely, edgeLine('At', 'p', 'c')), mode: 'append' });
    // What was accepted loads back: the export of the graph is a valid overwrite.
    const exported = (await exportAll(graph)).join('\n');
    await graph.load({ data: exported, mode: 'overwrite' });
    expect(countsOf(await graph.snapshot())).toMatchObject({ P: 1, C: 1, At: 1 });
  });

  it('derives composite-key ids, checks supplied ids, keeps 64-bit integers exact', async () => {
    const graph = await freshGraph(backend, 'load-composite', { schema: RICH_PG });
    await graph.load({
      data: ndjson(
        { type: 'Release', data: { year: 2024, org: 'acme', title: 'first' } },
        { type: 'Release', data: { id: '["beta","2025"]', org: 'beta', year: 2025 } },
      ),
      mode: 'append',
    });
    expect(Object.keys(await nodesOf(graph, 'Release'))).toEqual([
      '["acme","2024"]',
      '["beta","2025"]',
    ]);
    await expectRejected(
      graph,
      {
        data: ndjson({ type: 'Release', data: { id: 'acme', org: 'acme', year: 2024 } }),
        mode: 'merge',
      },
      'bad_request',
      `node Release explicit id 'acme' does not match its canonical @key id '["acme","2024"]'`,
    );
    await expectRejected(
      graph,
      { data: ndjson({ type: 'Release', data: { org: 'acme', year: 2024 } }), mode: 'append' },
      'key_conflict',
      '["acme","2024"]',
    );
    // Canonical key scalars: floats in stored width (both zeros `0`), Date as epoch days,
    // DateTime as epoch ms, booleans as words; ordered by property id, not by @key order.
    await graph.load({
      data: ndjson(
        {
          type: 'Event',
          data: { at: '2024-01-02T03:04:05.678Z', flag: true, day: '2024-01-02', score: 0.1 },
        },
        { type: 'Event', data: { at: 0, flag: false, day: 0, score: -0 } },
      ),
      mode: 'append',
    });
    expect(Object.keys(await nodesOf(graph, 'Event')).sort()).toEqual([
      '["0","0","false","0"]',
      '["0.1","19724","true","1704164645678"]',
    ]);
    // 64-bit integers beyond 2^53 stay exact from load to export.
    const values = [
      '9007199254740993',
      '9223372036854775807',
      '-9223372036854775808',
      '-9007199254740995',
    ];
    await graph.load({
      data: ndjson(...values.map((v, i) => `{"type":"Person","data":{"name":"P${i}","big":${v}}}`)),
      mode: 'append',
    });
    const lines = await exportAll(graph, { type_names: ['Person'] });
    values.forEach((v, i) => {
      expect(lines[i]).toBe(
        `{"type":"Person","data":{"id":"P${i}","name":"P${i}","age":null,"email":null,"role":null,"big":${v},"tags":null}}`,
      );
    });
    await expectRejected(
      graph,
      {
        data: ndjson('{"type":"Person","data":{"name":"Huge","big":9223372036854775808}}'),
        mode: 'append',
      },
      'bad_request',
      "value 9223372036854775808 of property 'big' exceeds I64",
    );
    await graph.close();
  });

  it('requires the target branch to exist unless a base is given', async () => {
    const graph = await freshGraph(backend, 'load-branch', { data: TEST_JSONL });
    await expectOmniError(
      graph.load({ data: ndjson(personLine('Eve')), mode: 'append', branch: 'feature' }),
      'not_found',
      "branch 'feature' not found",
    );
    expect((await graph.listBranches()).branches).toEqual(['main']);
    // A rejected load with a base forks nothing either.
    await expectOmniError(
      graph.load({
        data: ndjson(personLine('Alice')),
        mode: 'append',
        branch: 'feature',
        from: 'main',
      }),
      'key_conflict',
    );
    expect((await graph.listBranches()).branches).toEqual(['main']);
    const mainBefore = await graphState(graph);
    const result = await graph.load({
      data: ndjson(personLine('Eve', 22)),
      mode: 'append',
      branch: ' feature ',
      from: 'main',
    });
    expect(result).toMatchObject({ branch: 'feature', base_branch: 'main', branch_created: true });
    expect(result.commit?.graph_branch).toBe('feature');
    expect((await graph.listBranches()).branches).toEqual(['feature', 'main']);
    expect(countsOf(await graph.snapshot({ branch: 'feature' })).Person).toBe(5);
    expect(await graphState(graph)).toEqual(mainBefore);
    // An existing branch is loaded into as is.
    const again = await graph.load({
      data: ndjson(personLine('Fay', 23)),
      mode: 'append',
      branch: 'feature',
      from: 'main',
    });
    expect(again.branch_created).toBe(false);
    expect(countsOf(await graph.snapshot({ branch: 'feature' })).Person).toBe(6);
    await graph.close();
  });

  it('refuses text that is not well-formed Unicode, naming the line and field', async () => {
    // Two lone surrogates once both became U+FFFD: four entities with one id. Now neither loads.
    for (const escape of ['\\ud800', '\\udfff']) {
      const line = `{"type":"Person","data":{"name":"${escape}"}}`;
      for (const mode of MODES) {
        const error = await expectRejected(
          fixture,
          { data: ndjson(personLine('Fine'), line), mode },
          'bad_request',
          `line 2: field 'data.name' is not well-formed Unicode: lone surrogate U+${escape.slice(-4).toUpperCase()} at character 1`,
        );
        expect(error.details).toEqual({ field: 'data.name', line: 2 });
      }
    }
    const cases: readonly [string, string][] = [
      // Unescaped in a JS string, as an SDK caller can pass it.
      ['{"type":"Person","data":{"name":"ab\ud800"}}', "field 'data.name'"],
      ['{"type":"Person","data":{"name":"X","\\udc00":1}}', "a member name in 'data'"],
      ['{"\\ud800":1}', 'a member name in the top level'],
      ['{"type":"Person\\ud800"}', "field 'type'"],
      ['{"type":"Person","data":{"name":"L","tags":["ok","\\udc00"]}}', "field 'data.tags[1]'"],
      ['{"edge":"Knows","from":"\\ud800","to":"Alice"}', "field 'from'"],
      ['{"type":"Person","data":{"name":"A","email":"\\ude00\\ud83d"}}', "field 'data.email'"],
    ];
    for (const [line, field] of cases) {
      await expectRejected(
        rich,
        { data: line, mode: 'merge' },
        'bad_request',
        `line 1: ${field} is not well-formed Unicode`,
      );
    }
  });

  it('stores well-formed text exactly: pairs, U+FFFD and unnormalized forms stay distinct', async () => {
    const graph = await freshGraph(backend, 'load-text');
    const names = ['\u{1F600}', '\ufffd', 'e\u0301', '\u00e9', '\u0000nul', ''];
    const result = await graph.load({
      data: ndjson(
        '{"type":"Person","data":{"name":"\\ud83d\\ude00"}}',
        ...names.slice(1).map((n) => personLine(n)),
      ),
      mode: 'append',
    });
    expect(result.total_entities).toBe(6);
    expect(Object.keys(await nodesOf(graph, 'Person')).sort()).toEqual([...names].sort());
    // Appending any of them again is a conflict on exactly that id.
    for (const name of names) {
      await expectOmniError(
        graph.load({ data: ndjson(personLine(name)), mode: 'append' }),
        'key_conflict',
      );
    }
    // The export, the empty key's `"id":""` included, loads back to the same graph.
    const exported = await exportAll(graph);
    await graph.load({ data: ndjson(...exported), mode: 'merge' });
    expect(await exportAll(graph)).toEqual(exported);
    await graph.close();
  });

  it('decodes bytes and files as strict UTF-8, naming the line and column', async () => {
    const encoder = new TextEncoder();
    const prefix = '{"type":"Person","data":{"name":"';
    const lineWith = (bytes: readonly number[], before = ''): Uint8Array =>
      new Uint8Array([...encoder.encode(`${prefix}${before}`), ...bytes, ...encoder.encode('"}}')]);
    const cases: readonly [string, Uint8Array, string][] = [
      ['a stray byte', lineWith([0xff]), `invalid UTF-8 byte 0xFF at column ${prefix.length + 1}`],
      ['a truncated sequence', lineWith([0xe2, 0x82]), 'invalid UTF-8 byte 0xE2'],
      ['an overlong encoding', lineWith([0xc0, 0xaf]), 'invalid UTF-8 byte 0xC0'],
      // A surrogate encoded in UTF-8 (CESU-8): no UTF-8 text holds one.
      ['an encoded surrogate', lineWith([0xed, 0xa0, 0x80]), 'invalid UTF-8 byte 0xED'],
      [
        'after a real U+FFFD',
        lineWith([0xef, 0xbf, 0xbd, 0x80], '\u{1F600}'),
        `invalid UTF-8 byte 0x80 at column ${prefix.length + 3}`,
      ],
    ];
    const dir = await freshTempDir('load-utf8');
    const valid = encoder.encode(`${JSON.stringify(personLine('Fine'))}\r\n\n`);
    for (const [label, bad, message] of cases) {
      const bytes = new Uint8Array([...valid, ...bad, 0x0a]);
      const file = path.join(dir, `${label.replaceAll(' ', '-')}.jsonl`);
      await writeFile(file, bytes);
      for (const data of [bytes, { path: file }]) {
        const error = await expectRejected(
          fixture,
          { data, mode: 'merge' },
          'bad_request',
          `line 3: ${message}`,
          'load data must be UTF-8 text',
        );
        expect(error.details, label).toMatchObject({ line: 3 });
      }
    }
  });

  it('names the data path as given when it is a directory or missing', async () => {
    const dir = await freshTempDir('load-path');
    const error = await expectRejected(
      fixture,
      { data: { path: dir }, mode: 'merge' },
      'bad_request',
      `cannot read data file '${dir}': it is a directory, not a file`,
    );
    expect(error.message).not.toContain('EISDIR');
    expect(error.details).toEqual({ file: dir });
    const missing = await expectRejected(
      fixture,
      { data: { path: 'no-such-dir/data.jsonl' }, mode: 'merge' },
      'not_found',
      "cannot read data file 'no-such-dir/data.jsonl': no such file",
    );
    expect(missing.message).not.toContain(process.cwd());
  });

  it('names the property and line of a bad Date or DateTime, in user terms', async () => {
    const cases: readonly [object, string][] = [
      [
        edgeLine('Knows', 'Alice', 'Bob', { since: '2024-13-01' }),
        "line 2: property 'since': '2024-13-01' is not a date (YYYY-MM-DD)",
      ],
      [
        edgeLine('Knows', 'Alice', 'Bob', { since: 2.5 }),
        "line 2: property 'since': 2.5 is not a date (YYYY-MM-DD, or integer epoch days)",
      ],
      [
        edgeLine('Knows', 'Alice', 'Bob', { since: 99_999_999 }),
        "line 2: property 'since': 99999999 is not a date: integer epoch days must lie within the years 0000 to 9999",
      ],
    ];
    for (const [line, message] of cases) {
      const error = await expectRejected(
        fixture,
        { data: ndjson(personLine('Zoe'), line), mode: 'merge' },
        'bad_request',
        message,
      );
      expect(error.message).not.toMatch(/Date32|Date64|Int32|Utf8/);
      expect(error.details).toMatchObject({ line: 2, property: 'since' });
    }
    await expectRejected(
      rich,
      {
        data: ndjson({ type: 'Event', data: { at: 'noon', flag: true, day: 0, score: 0 } }),
        mode: 'merge',
      },
      'bad_request',
      "line 1: property 'at': 'noon' is not a date-time (ISO-8601, e.g. 2024-01-31T12:00:00Z)",
    );
  });

  if (!backend.s3) {
    it('loads more rows than one write batch as one commit', async () => {
      const graph = await freshGraph(backend, 'load-big');
      const rows = 60_000;
      const text = Array.from(
        { length: rows },
        (_, i) => `{"type":"Person","data":{"name":"p${i}","age":${i % 100}}}`,
      ).join('\n');
      const before = (await graph.listCommits()).commits.length;
      const result = await graph.load({ data: text, mode: 'merge' });
      expect(result.total_entities).toBe(rows);
      expect((await graph.listCommits()).commits).toHaveLength(before + 1);
      expect(countsOf(await graph.snapshot()).Person).toBe(rows);
      await graph.close();
    });

    it('reads a pipe once, copying it aside for the second pass', async () => {
      const graph = await freshGraph(backend, 'load-fifo');
      const fifo = path.join(await freshTempDir('load-fifo'), 'data.pipe');
      await promisify(execFile)('mkfifo', [fifo]);
      const rows = Array.from({ length: 300 }, (_, i) => personLine(`p${i}`, i));
      const [result] = await Promise.all([
        graph.load({ data: { path: fifo }, mode: 'append' }),
        writeFile(fifo, ndjson(...rows)),
      ]);
      expect(result.total_entities).toBe(300);
      expect(countsOf(await graph.snapshot()).Person).toBe(300);
      await graph.close();
    });
  }
});
