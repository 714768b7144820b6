// NDJSON loads: valid ones built from the schema and what the graph holds, and hostile ones.
import type { GenContext } from './gen-context.js';
import { HOSTILE_TOKENS, mutateBytes, mutateText, nested } from './mutators.js';
import type { FuzzEdge, FuzzNode } from './schema-gen.js';
import { jsonText, nodeKey, validValue, type Json, type JsonObject } from './value-gen.js';

/** A load request as the fuzzer sends it (`mode` may be a bad string on purpose). */
export interface LoadInput {
  readonly data: string | Uint8Array;
  readonly mode: string;
  readonly branch?: string;
  readonly from?: string;
}

/** Ids per node type: the graph's and this batch's. */
type KnownIds = Map<string, string[]>;

function knownIds(ctx: GenContext): KnownIds {
  return new Map(ctx.schema.nodes.map((n) => [n.name, ctx.model.nodes(n.name).map((m) => m.id)]));
}

/** A node line; `fresh` gives it a new key (else one from the pool, often an existing node). */
function nodeRecord(ctx: GenContext, node: FuzzNode, fresh: boolean) {
  const { rng } = ctx;
  const key = nodeKey(rng, node, fresh ? ctx.fresh() : undefined);
  const data: Record<string, Json> = { ...key.values };
  if (node.key.length === 0) data.id = key.id;
  for (const prop of node.properties) {
    if (prop.name in data || (prop.nullable && rng.chance(0.3))) continue;
    data[prop.name] = validValue(rng, prop, ctx.fresh(), true);
  }
  return { record: { type: node.name, data } as JsonObject, id: key.id };
}

function edgeRecord(ctx: GenContext, edge: FuzzEdge, from: string, to: string): JsonObject {
  const { rng } = ctx;
  const data: Record<string, Json> = {};
  for (const prop of edge.properties) {
    if (rng.chance(0.5)) data[prop.name] = validValue(rng, prop, ctx.fresh(), true);
  }
  // Edge type names match case-insensitively.
  const name = rng.chance(0.1) ? edge.name.toLowerCase() : edge.name;
  return { edge: name, from, to, ...(Object.keys(data).length > 0 ? { data } : {}) };
}

/** Valid edge lines of `edge` within its cardinality and endpoint uniqueness. */
function edgeRecords(
  ctx: GenContext,
  edge: FuzzEdge,
  ids: KnownIds,
  count: number,
  sources?: readonly string[],
): JsonObject[] {
  const { rng, model } = ctx;
  const froms = sources ?? ids.get(edge.from) ?? [];
  const tos = ids.get(edge.to) ?? [];
  const added = new Map<string, number>();
  const pairs = new Set(model.edges(edge.name).map((e) => `${e.from}\u0000${e.to}`));
  const out: JsonObject[] = [];
  for (let i = 0; i < count && froms.length > 0 && tos.length > 0; i += 1) {
    const from = rng.pick(froms);
    const to = rng.pick(tos);
    const degree = model.outDegree(edge.name, from) + (added.get(from) ?? 0);
    if (edge.card?.max != null && degree >= edge.card.max) continue;
    if (edge.uniqueEndpoints && pairs.has(`${from}\u0000${to}`)) continue;
    pairs.add(`${from}\u0000${to}`);
    added.set(from, (added.get(from) ?? 0) + 1);
    out.push(edgeRecord(ctx, edge, from, to));
  }
  return out;
}

/** New nodes of a few types, then edges among known nodes (and edges `@card(1..)` requires). */
function batchRecords(ctx: GenContext, freshKeys: boolean): JsonObject[] {
  const { rng, schema } = ctx;
  const ids = knownIds(ctx);
  const records: JsonObject[] = [];
  const newIds = new Map<string, string[]>();
  for (let i = rng.int(0, 6); i > 0; i -= 1) {
    const node = rng.pick(schema.nodes);
    const { record, id } = nodeRecord(ctx, node, freshKeys || rng.chance(0.3));
    if (newIds.get(node.name)?.includes(id)) continue;
    records.push(record);
    newIds.set(node.name, [...(newIds.get(node.name) ?? []), id]);
    ids.set(node.name, [...(ids.get(node.name) ?? []), id]);
  }
  for (const edge of schema.edges) {
    const fresh = newIds.get(edge.from) ?? [];
    if (edge.card !== undefined && edge.card.min > 0 && fresh.length > 0) {
      for (const from of fresh) records.push(...edgeRecords(ctx, edge, ids, 1, [from]));
    } else if (rng.chance(0.6)) {
      records.push(...edgeRecords(ctx, edge, ids, rng.int(1, 4)));
    }
  }
  return records;
}

/** An overwrite: the graph's own export with some edges dropped and a few entities added. */
function overwriteRecords(ctx: GenContext): string[] {
  const { rng, schema } = ctx;
  const keepAll = new Set(schema.edges.filter((e) => (e.card?.min ?? 0) > 0).map((e) => e.name));
  const kept = ctx.model.lines.filter((line) => {
    const edge = /^\{"edge":"([^"]+)"/.exec(line)?.[1];
    return edge === undefined || keepAll.has(edge) || rng.chance(0.8);
  });
  return [...kept, ...batchRecords(ctx, true).map(jsonText)];
}

/** A valid load: merge/append/overwrite on main, or a merge into a new branch. */
export function validLoad(ctx: GenContext): LoadInput {
  const { rng } = ctx;
  const mode = rng.weighted([
    [55, 'merge'],
    [20, 'append'],
    [15, 'overwrite'],
    [10, 'branch'],
  ] as const);
  if (mode === 'overwrite') return { data: overwriteRecords(ctx).join('\n'), mode };
  const lines = batchRecords(ctx, mode === 'append').map(jsonText);
  const data = lines.join(rng.pick(['\n', '\n', '\r\n', '\n\n'])) + rng.pick(['', '\n']);
  if (mode === 'branch') return { data, mode: 'merge', branch: `b${ctx.caseIndex}`, from: 'main' };
  return { data, mode };
}

/** The first seed of a session's graph: a merge of nodes of every type, then edges. */
export function seedLoad(ctx: GenContext): string {
  const ids = knownIds(ctx);
  const records: JsonObject[] = [];
  for (const node of ctx.schema.nodes) {
    for (let i = 0; i < 6; i += 1) {
      const { record, id } = nodeRecord(ctx, node, false);
      if (ids.get(node.name)?.includes(id)) continue;
      ids.get(node.name)?.push(id);
      records.push(record);
    }
  }
  for (const edge of ctx.schema.edges) {
    const sources = (edge.card?.min ?? 0) > 0 ? ids.get(edge.from) : undefined;
    if (sources)
      for (const from of sources) records.push(...edgeRecords(ctx, edge, ids, 1, [from]));
    else records.push(...edgeRecords(ctx, edge, ids, 8));
  }
  return records.map(jsonText).join('\n');
}

// ── hostile loads ─────────────────────────────────────────────────────────────────────────────

const PLACEHOLDER = '"\u0001hostile\u0001"';

/** JSON texts a property should refuse or that test number and string edges. */
const HOSTILE_JSON: readonly string[] = [
  '"x"',
  '1',
  '-1',
  '1.5',
  'true',
  '[]',
  '{}',
  '[null]',
  'null',
  '1e400',
  '-1e400',
  '99999999999999999999999',
  '-9223372036854775809',
  '9223372036854775808',
  '18446744073709551616',
  '4294967296',
  '2147483648',
  '-2147483649',
  '3.5e38',
  '1e-400',
  '-0',
  '0.1e1',
  '1E2',
  '"2024-02-30"',
  '"1970-01-01T24:00:00Z"',
  '"+275760-09-13"',
  '100000000000000',
  '9000000000000000000',
  '"\\ud800"',
  '"\\udc00\\ud800"',
  '"\\u0000"',
  '"\\uD83D\\uDE00"',
  '[1e39]',
  '[1,2,3,4,5,6,7,8,9]',
  '"base64:aGk="',
  '"NaN"',
  '01',
  '.5',
  '1.',
  '+1',
  '0x10',
];

/** A line of `record`'s JSON with `property` set to raw JSON text. */
function withRawValue(record: JsonObject, property: string, raw: string): string {
  const data = { ...(record.data as JsonObject), [property]: PLACEHOLDER.slice(1, -1) };
  return jsonText({ ...record, data }).replace(jsonText(PLACEHOLDER.slice(1, -1)), raw);
}

/** One hostile line (or pair of lines) and what makes it hostile. */
function hostileLines(ctx: GenContext): { lines: string[]; what: string } {
  const { rng, schema, model } = ctx;
  const node = rng.pick(schema.nodes);
  const { record, id } = nodeRecord(ctx, node, true);
  const prop = rng.pick(node.properties);
  const edge = schema.edges.length > 0 ? rng.pick(schema.edges) : undefined;
  const someId = (type: string) => model.nodes(type)[0]?.id ?? 'k0';
  const cases: readonly (readonly [string, () => string[]])[] = [
    ['hostile-value', () => [withRawValue(record, prop.name, rng.pick(HOSTILE_JSON))]],
    [
      'deep-value',
      () => [withRawValue(record, prop.name, nested('[', ']', rng.pick([100, 5000]), '1'))],
    ],
    ['deep-object', () => [withRawValue(record, prop.name, nested('{"a":', '}', 3000, '1'))]],
    [
      'unknown-property',
      () => [withRawValue(record, rng.pick(['nmae', 'x'.repeat(300), '']), '1')],
    ],
    [
      'unknown-type',
      () => [
        jsonText({ ...record, type: rng.pick(['Persn', node.name.toLowerCase(), '', 'Edge']) }),
      ],
    ],
    [
      'reserved-field',
      () =>
        [
          withRawValue(record, rng.pick(['_rowid', '_rowaddr', 'id']), rng.pick(['1', '"zz"'])),
          jsonText({ ...record, _rowid: 1 }),
        ].slice(0, rng.int(1, 2)),
    ],
    [
      'duplicate-key',
      () =>
        [
          jsonText(record).replace('{"type":', '{"type":"Nope","type":'),
          withRawValue(record, prop.name, '1').replace(/}}$/, `,"${prop.name}":2}}`),
        ].slice(rng.int(0, 1)),
    ],
    ['duplicate-entity', () => [jsonText(record), jsonText(record)]],
    ['type-and-edge', () => [jsonText({ ...record, edge: edge?.name ?? 'E', from: id, to: id })]],
    ['neither', () => [jsonText({ data: record.data ?? null })]],
    ['not-object', () => [rng.pick(['[]', '1', '"x"', 'null', '{}', 'true', '{"type":1}'])]],
    ['null-required', () => [withRawValue(record, prop.name, 'null')]],
    ['many-slots', () => [withRawValue(record, prop.name, `[${'0,'.repeat(140_000)}0]`)]],
    ['long-string', () => [withRawValue(record, prop.name, jsonText('é'.repeat(1 << 20)))]],
  ];
  const edgeCases: readonly (readonly [string, () => string[]])[] = edge
    ? [
        [
          'missing-endpoint',
          () =>
            [
              jsonText({ edge: edge.name, from: `nope${ctx.fresh()}`, to: someId(edge.to) }),
              jsonText({ edge: edge.name, from: someId(edge.from), to: `nope${ctx.fresh()}` }),
              jsonText({ edge: edge.name, to: someId(edge.to) }),
              jsonText({ edge: edge.name, from: 5, to: null }),
            ].slice(rng.int(0, 3)),
        ],
        [
          'endpoint-in-data',
          () => [
            jsonText({
              edge: edge.name,
              from: someId(edge.from),
              to: someId(edge.to),
              data: { [rng.pick(['src', 'dst', 'id', '_rowid'])]: 'x' },
            }),
          ],
        ],
        [
          'card-overflow',
          () =>
            Array.from({ length: (edge.card?.max ?? 2) + 1 }, () =>
              jsonText({ edge: edge.name, from: someId(edge.from), to: someId(edge.to) }),
            ),
        ],
      ]
    : [];
  const [what, make] = rng.pick([...cases, ...edgeCases]);
  return { lines: make(), what };
}

/** A hostile load: a valid one mutated as text or bytes, a hostile line, or a bad request. */
export function hostileLoad(ctx: GenContext): { input: LoadInput; what: string } {
  const { rng } = ctx;
  const base = validLoad(ctx);
  const text = typeof base.data === 'string' ? base.data : '';
  const how = rng.weighted([
    [3, 'text'],
    [2, 'bytes'],
    [5, 'line'],
    [1, 'request'],
  ] as const);
  switch (how) {
    case 'text': {
      const { text: data, edits } = mutateText(rng, text);
      return { input: { ...base, data }, what: `text:${edits.join('+')}` };
    }
    case 'bytes': {
      const { bytes, edits } = mutateBytes(rng, text);
      return { input: { ...base, data: bytes }, what: `bytes:${edits.join('+')}` };
    }
    case 'line': {
      const { lines, what } = hostileLines(ctx);
      const all = text === '' ? [] : text.split('\n');
      all.splice(rng.int(0, all.length), 0, ...lines);
      return { input: { ...base, data: all.join('\n') }, what: `line:${what}` };
    }
    case 'request':
      return { input: hostileRequest(ctx, base, text), what: 'request' };
  }
}

function hostileRequest(ctx: GenContext, base: LoadInput, text: string): LoadInput {
  const { rng } = ctx;
  return rng.pick<() => LoadInput>([
    () => ({ ...base, mode: rng.pick(['upsert', '', 'MERGE', 'append ', '__proto__']) }),
    () => ({ data: base.data, mode: base.mode, branch: `ghost${ctx.caseIndex}` }),
    () => ({ ...base, branch: `x${ctx.caseIndex}`, from: rng.pick(['ghost', '', '\uD800']) }),
    () => ({
      ...base,
      branch: rng.pick(['', ' ', 'a/../b', '../x', 'x'.repeat(500), 'main\u0000', '\uD800', '.h']),
      from: 'main',
    }),
    () => ({ ...base, data: rng.pick(['', '\n\n', ' ', '\uFEFF', rng.pick(HOSTILE_TOKENS)]) }),
    () => ({
      ...base,
      data: Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]),
    }),
  ])();
}
