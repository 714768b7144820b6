import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  describeOnBackends,
  edgeLine,
  expectOmniError,
  exportAll,
  freshGraph,
  ndjson,
  personLine,
  TEST_JSONL,
  TEST_PG,
} from './graph-helpers.js';

/** Every value type the load format carries. */
const ALL_TYPES_PG = `node Thing {
  slug: String @key
  i32: I32?
  i64: I64?
  u32: U32?
  u64: U64?
  f32: F32?
  f64: F64?
  flag: Bool?
  day: Date?
  at: DateTime?
  kind: enum(big, small)?
  tags: [String]?
  scores: [I64]?
  days: [Date]?
  embedding: Vector(3)?
}
node Pair {
  left: String
  right: I64
  note: String?
  @key(left, right)
}
edge Links: Thing -> Thing { weight: F64?  since: Date? }
edge Holds: Thing -> Pair
`;

const ALL_TYPES_DATA = [
  '{"type":"Thing","data":{"slug":"full","i32":-2147483648,"i64":9223372036854775807,"u32":4294967295,"u64":9223372036854775807,"f32":0.1,"f64":-1.5e300,"flag":false,"day":"1969-12-31","at":"2024-02-29T23:59:59.123Z","kind":"big","tags":["a","é ☃","quote\\"s","line\\nbreak"],"scores":[-9007199254740993,0,9007199254740993],"days":["2000-01-01",0],"embedding":[0.5,-0.25,3.4e38]}}',
  '{"type":"Thing","data":{"slug":"empty"}}',
  '{"type":"Thing","data":{"slug":"zeros","i32":0,"f32":-0,"f64":-0,"flag":true,"tags":[],"at":0,"day":0}}',
  '{"type":"Thing","data":{"slug":"ünïcödé \\u0000 nul","f64":1e-7}}',
  '{"type":"Pair","data":{"left":"a","right":-5,"note":null}}',
  '{"type":"Pair","data":{"left":"b","right":12345678901234567}}',
  '{"edge":"Links","from":"full","to":"empty","data":{"weight":0.25,"since":"2020-05-01"}}',
  '{"edge":"Links","from":"full","to":"empty"}',
  '{"edge":"links","from":"zeros","to":"zeros","data":{"id":"my-edge"}}',
  '{"edge":"Holds","from":"full","to":"[\\"a\\",\\"-5\\"]"}',
].join('\n');

describeOnBackends('graph export', (backend) => {
  let graph: Omnigraph;
  let firstLoad: string;

  beforeAll(async () => {
    graph = await freshGraph(backend, 'export');
    const loaded = await graph.load({ data: TEST_JSONL, mode: 'overwrite' });
    firstLoad = loaded.commit!.graph_commit_id;
    await graph.createBranch({ name: 'feature' });
    await graph.load({ data: ndjson(personLine('Eve', 29)), mode: 'append', branch: 'feature' });
    await graph.load({
      data: ndjson(edgeLine('Knows', 'Diana', 'Alice', { since: '2021-03-04' })),
      mode: 'append',
    });
  });
  afterAll(async () => {
    await graph.close();
  });

  it('writes edge tables before node tables, types sorted, rows by id', async () => {
    const lines = await exportAll(graph);
    const records = lines.map(
      (l) => JSON.parse(l) as { edge?: string; type?: string; from?: string; data: unknown },
    );
    const keys = records.map((r) => (r.edge ? `edge:${r.edge}` : `node:${r.type ?? ''}`));
    expect([...new Set(keys)]).toEqual([
      'edge:Knows',
      'edge:WorksAt',
      'node:Company',
      'node:Person',
    ]);
    expect(keys).toEqual([...keys].sort());
    for (const key of new Set(keys)) {
      const ids = records
        .filter((_, i) => keys[i] === key)
        .map((r) => (r.data as { id: string }).id);
      expect(ids).toEqual([...ids].sort());
    }
    const person = lines.filter((l) => l.startsWith('{"type":"Person"'));
    expect(person).toEqual([
      '{"type":"Person","data":{"id":"Alice","name":"Alice","age":30}}',
      '{"type":"Person","data":{"id":"Bob","name":"Bob","age":25}}',
      '{"type":"Person","data":{"id":"Charlie","name":"Charlie","age":35}}',
      '{"type":"Person","data":{"id":"Diana","name":"Diana","age":28}}',
    ]);
    const knows = records.filter((r) => r.edge === 'Knows');
    expect(knows).toHaveLength(4);
    expect(knows.find((r) => r.from === 'Diana')).toMatchObject({
      edge: 'Knows',
      from: 'Diana',
      to: 'Alice',
      data: { since: '2021-03-04' },
    });
    // Every declared property is present, nulls included; edges carry src/dst only as from/to.
    expect(Object.keys(knows[0]!)).toEqual(['edge', 'from', 'to', 'data']);
    expect(Object.keys(knows[0]!.data as object)).toEqual(['id', 'since']);
    expect(lines.find((l) => l.includes('"WorksAt"'))).toMatch(
      /^\{"edge":"WorksAt","from":"(Alice|Bob)","to":"(Acme|Globex)","data":\{"id":"[0-9A-Z]{26}"\}\}$/,
    );
  });

  it('filters by type name and refuses unknown types', async () => {
    expect(
      (await exportAll(graph, { type_names: ['Person'] })).every((l) =>
        l.startsWith('{"type":"Person"'),
      ),
    ).toBe(true);
    expect(await exportAll(graph, { type_names: ['Person'] })).toHaveLength(4);
    const mixed = await exportAll(graph, { type_names: ['Company', 'WorksAt'] });
    expect(mixed).toHaveLength(4);
    expect(mixed[0]).toMatch(/^\{"edge":"WorksAt"/);
    expect(mixed[3]).toMatch(/^\{"type":"Company"/);
    await expectOmniError(
      exportAll(graph, { type_names: ['Robot'] }),
      'bad_request',
      "unknown export type 'Robot'",
    );
    await expectOmniError(
      exportAll(graph, { type_names: ['Person', 'Nope'] }),
      'bad_request',
      "unknown export type 'Nope'",
    );
  });

  it('exports a branch and a snapshot', async () => {
    const feature = await exportAll(graph, { branch: 'feature', type_names: ['Person'] });
    expect(feature).toHaveLength(5);
    expect(feature.every((l) => l.startsWith('{"type":"Person"') && !l.includes('"edge"'))).toBe(
      true,
    );
    expect(feature[4]).toBe('{"type":"Person","data":{"id":"Eve","name":"Eve","age":29}}');
    expect(await exportAll(graph, { type_names: ['Person'] })).toHaveLength(4);
    // The branch forked before the Diana→Alice edge was loaded on main.
    expect(await exportAll(graph, { branch: 'feature', type_names: ['Knows'] })).toHaveLength(3);
    const atFirst = await exportAll(graph, { snapshot: firstLoad });
    expect(atFirst).toHaveLength(11);
    expect(atFirst.filter((l) => l.includes('"Diana","to":"Alice"'))).toEqual([]);
    await expectOmniError(
      exportAll(graph, { branch: 'nope' }),
      'not_found',
      "branch 'nope' not found",
    );
    await expectOmniError(
      exportAll(graph, { snapshot: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }),
      'not_found',
      "commit '01ARZ3NDEKTSV4RRFFQ69G5FAV' not found",
    );
  });

  it('round-trips every value type byte for byte (load → export → load → export)', async () => {
    const first = await freshGraph(backend, 'export-rt1', { schema: ALL_TYPES_PG });
    await first.load({ data: ALL_TYPES_DATA, mode: 'append' });
    const exported = await exportAll(first);
    expect(exported).toHaveLength(10);
    const full = exported.find((l) => l.includes('"slug":"full"'));
    expect(full).toBe(
      '{"type":"Thing","data":{"id":"full","slug":"full","i32":-2147483648,"i64":9223372036854775807,"u32":4294967295,"u64":9223372036854775807,"f32":0.1,"f64":-1.5e+300,"flag":false,"day":"1969-12-31","at":"2024-02-29T23:59:59.123Z","kind":"big","tags":["a","é ☃","quote\\"s","line\\nbreak"],"scores":[-9007199254740993,0,9007199254740993],"days":["2000-01-01","1970-01-01"],"embedding":[0.5,-0.25,3.4e+38]}}',
    );
    expect(exported.find((l) => l.includes('"slug":"empty"'))).toBe(
      '{"type":"Thing","data":{"id":"empty","slug":"empty","i32":null,"i64":null,"u32":null,"u64":null,"f32":null,"f64":null,"flag":null,"day":null,"at":null,"kind":null,"tags":null,"scores":null,"days":null,"embedding":null}}',
    );
    expect(exported.filter((l) => l.startsWith('{"type":"Pair"'))).toEqual([
      '{"type":"Pair","data":{"id":"[\\"a\\",\\"-5\\"]","left":"a","right":-5,"note":null}}',
      '{"type":"Pair","data":{"id":"[\\"b\\",\\"12345678901234567\\"]","left":"b","right":12345678901234567,"note":null}}',
    ]);
    expect(exported.find((l) => l.includes('"my-edge"'))).toBe(
      '{"edge":"Links","from":"zeros","to":"zeros","data":{"id":"my-edge","weight":null,"since":null}}',
    );
    const second = await freshGraph(backend, 'export-rt2', { schema: ALL_TYPES_PG });
    await second.load({ data: ndjson(...exported), mode: 'append' });
    expect(await exportAll(second)).toEqual(exported);
    // Loading an export back into its own graph (merge) changes nothing either.
    await first.load({ data: ndjson(...exported), mode: 'merge' });
    expect(await exportAll(first)).toEqual(exported);
    await Promise.all([first.close(), second.close()]);
  });

  it('round-trips the fixture graph', async () => {
    const exported = await exportAll(graph);
    const copy = await freshGraph(backend, 'export-copy', { schema: TEST_PG });
    await copy.load({ data: ndjson(...exported), mode: 'overwrite' });
    expect(await exportAll(copy)).toEqual(exported);
    await copy.close();
  });
});
