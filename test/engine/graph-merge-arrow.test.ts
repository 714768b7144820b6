import { beforeAll, describe, expect, it } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import { describeOnBackends, exportAll, freshGraph, ndjson } from './graph-helpers.js';

/** Every value type, so that rows moved as Arrow by a merge are checked for each. */
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
  tags: [String]?
  scores: [I64]?
  days: [Date]?
  embedding: Vector(3)?
}
edge Links: Thing -> Thing { weight: F64?  since: Date? }
`;

const BASE = '{"type":"Thing","data":{"slug":"base","i32":1}}';

const FULL =
  '{"type":"Thing","data":{"slug":"full","i32":-2147483648,"i64":9223372036854775807,"u32":4294967295,"u64":9223372036854775807,"f32":0.1,"f64":-1.5e300,"flag":false,"day":"1969-12-31","at":"2024-02-29T23:59:59.123Z","tags":["a","é ☃",""],"scores":[-9007199254740993,0,9007199254740993],"days":["2000-01-01",0],"embedding":[0.5,-0.25,3.4e38]}}';
const EMPTY = '{"type":"Thing","data":{"slug":"empty","tags":[],"flag":true}}';
const LINK =
  '{"edge":"Links","from":"full","to":"base","data":{"weight":0.25,"since":"2020-05-01"}}';

/** A branch's whole graph as sorted export lines. */
async function contentOf(graph: Omnigraph, branch: string): Promise<string[]> {
  return (await exportAll(graph, { branch })).sort();
}

describeOnBackends('branch merge moves rows as Arrow', (backend) => {
  let graph: Omnigraph;
  let branches = 0;
  const branch = async (): Promise<string> => {
    branches += 1;
    const name = `b${branches}`;
    await graph.createBranch({ name });
    return name;
  };

  beforeAll(async () => {
    graph = await freshGraph(backend, 'merge-arrow', { schema: ALL_TYPES_PG, data: BASE });
  });

  describe('fast-forward', () => {
    it("leaves the target exactly at the source's state: every type, nulls, updates and edges", async () => {
      const target = await branch();
      const source = await branch();
      await graph.load({ data: ndjson(FULL, EMPTY, LINK), mode: 'append', branch: source });
      await graph.load({
        data: ndjson('{"type":"Thing","data":{"slug":"base","i32":2,"tags":["x"]}}'),
        mode: 'merge',
        branch: source,
      });
      const result = await graph.mergeBranch({ source, target });
      expect(result.outcome).toBe('fast_forward');
      expect(await contentOf(graph, target)).toEqual(await contentOf(graph, source));
      expect(await contentOf(graph, target)).toHaveLength(4);
    });
  });

  describe('three-way', () => {
    it('appends only the source inserts the target lacks, exactly as the source has them', async () => {
      const target = await branch();
      const source = await branch();
      await graph.load({ data: ndjson(FULL, EMPTY), mode: 'append', branch: source });
      await graph.load({
        data: ndjson(EMPTY, '{"type":"Thing","data":{"slug":"mine"}}'),
        mode: 'append',
        branch: target,
      });
      const result = await graph.mergeBranch({ source, target });
      expect(result.outcome).toBe('merged');
      const things = await contentOf(graph, target);
      const sourceThings = await contentOf(graph, source);
      const slugOf = (line: string) => (JSON.parse(line) as { data: { slug: string } }).data.slug;
      expect(things.map(slugOf).sort()).toEqual(['base', 'empty', 'full', 'mine']);
      for (const slug of ['full', 'empty'])
        expect(things.find((line) => slugOf(line) === slug)).toBe(
          sourceThings.find((line) => slugOf(line) === slug),
        );
    });
  });
});
