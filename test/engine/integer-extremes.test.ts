// The ends of the 64-bit ranges survive every path into Lance's SQL: filters of reads and
// mutations, and update assignments. `-9223372036854775808` once reached the filter as a
// negated literal too large for Int64 (parsed as a float), failing a valid query.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  describeOnBackends,
  exportAll,
  freshGraph,
  ndjson,
  type Backend,
} from './graph-helpers.js';

const SCHEMA = `node N {
  name: String @key
  i: I64?
  u: U64?
}
`;

const I64_MIN = '-9223372036854775808';
const I64_MAX = '9223372036854775807';
// U64 values are limited to the Int64 maximum, as the reference does.
const U64_MAX = I64_MAX;

const BY_I = `query by_i($v: I64) { match { $n: N  $n.i = $v } return { $n.name } }`;
const BY_U = `query by_u($v: U64) { match { $n: N  $n.u = $v } return { $n.name } }`;
const SET_BY_I = `query set_by_i($v: I64, $w: U64) { update N set { u: $w } where i = $v }`;

describeOnBackends('64-bit integer extremes', (backend: Backend) => {
  let graph: Omnigraph;

  beforeAll(async () => {
    graph = await freshGraph(backend, 'int-extremes', {
      schema: SCHEMA,
      data: ndjson(
        `{"type":"N","data":{"name":"min","i":${I64_MIN},"u":0}}`,
        `{"type":"N","data":{"name":"max","i":${I64_MAX},"u":${U64_MAX}}}`,
      ),
    });
  });
  afterAll(async () => {
    await graph.close();
  });

  const names = async (query: string, params: Record<string, unknown>): Promise<unknown[]> =>
    (await graph.query({ query, params })).rows.map(
      (row) => (row as Record<string, unknown>)['n.name'],
    );

  it('filters on the smallest and largest values', async () => {
    expect(await names(BY_I, { v: I64_MIN })).toEqual(['min']);
    expect(await names(BY_I, { v: I64_MAX })).toEqual(['max']);
    expect(await names(BY_U, { v: U64_MAX })).toEqual(['max']);
    expect(await names(BY_U, { v: '0' })).toEqual(['min']);
  });

  it('updates where and to the extremes', async () => {
    await graph.mutate({ query: SET_BY_I, params: { v: I64_MIN, w: U64_MAX } });
    // Exported as exact JSON integers (parsing with JSON.parse would round them).
    expect(await exportAll(graph, { type_names: ['N'] })).toContain(
      `{"type":"N","data":{"id":"min","name":"min","i":${I64_MIN},"u":${U64_MAX}}}`,
    );
    expect(await names(BY_U, { v: U64_MAX })).toEqual(['max', 'min']);
  });
});
