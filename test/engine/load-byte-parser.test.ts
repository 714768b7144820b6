import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EdgeType, NodeType } from '../../src/compiler/catalog/catalog.js';
import { compileSchema } from '../../src/compiler/schema/compile-schema.js';
import {
  ByteLineParser,
  byteTypePlan,
  type TypePlan,
} from '../../src/engine/load/byte-line-parser.js';
import { parseGraphBatchLine, type LoadRecord } from '../../src/engine/load/graph-batch-record.js';
import {
  decodeRows,
  encodeRows,
  schemaFromColumns,
  type Row,
} from '../../src/engine/lance/index.js';
import { graphBatchLine, typedPerson } from './load-line-arbitraries.js';

// A line the byte parser takes must give the row the strict parser gives, as stored (both
// encoded as Arrow); a line it does not take must leave its builders as they were.
const CATALOG = compileSchema(`
node Person {
  pid: I64 @key
  name: String
  nick: String?
  age: I32?
  score: F32?
  ratio: F64?
  big: U64?
  small: U32?
  ok: Bool?
  embedding: Vector(3)?
}
node Thing {
  label: String? @unique
  vec: Vector(2)?
}
node Pair {
  a: String
  b: I32
  @key(a, b)
}
node Tag { name: String @key }
node Note { text: String? }
edge Knows: Person -> Person {
  since: I32?
  weight: F64?
}
edge Likes: Person -> Tag @card(0..2)
`);

const TYPES: readonly (NodeType | EdgeType)[] = [...CATALOG.nodeTypes, ...CATALOG.edgeTypes];
const PERSON_MEMBERS = ['pid', 'name', 'nick', 'age', 'score', 'ratio', 'big', 'small', 'ok'];

function plans(): TypePlan[] {
  return TYPES.flatMap((type) => byteTypePlan(type, type.columns) ?? []);
}

function strictRecord(text: string): LoadRecord | undefined {
  try {
    return parseGraphBatchLine(CATALOG, text, 1);
  } catch {
    return undefined;
  }
}

/** A row as stored: encoded with the table's schema, then read back. */
function stored(type: NodeType | EdgeType, row: Row): Row {
  const [decoded] = decodeRows(encodeRows(schemaFromColumns(type.columns), type.columns, [row]));
  return decoded as Row;
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The row with its minted id checked and blanked (ids are random by nature). */
function withoutMintedId(row: Row, minted: boolean): Row {
  if (!minted) return row;
  expect(row.id).toMatch(ULID);
  return { ...row, id: '' };
}

function expectStrictRow(text: string): void {
  const all = plans();
  const parser = new ByteLineParser(all);
  const bytes = Buffer.from(`  ${text}\n`);
  const plan = parser.parse(bytes, 2, bytes.length - 1);
  if (plan === undefined) {
    expect(all.map((p) => p.table.rows)).toEqual(all.map(() => 0));
    return;
  }
  const record = strictRecord(text);
  expect(record, `the strict parser refuses ${text}`).toBeDefined();
  if (record === undefined) return;
  expect(plan.type).toBe(record.type);
  const [row] = decodeRows(plan.table.build());
  const minted = !record.idSupplied;
  expect(withoutMintedId(row as Row, minted)).toEqual(
    withoutMintedId(stored(record.type, record.row), minted),
  );
  if (record.kind === 'node') expect(parser.keyId(plan)).toBe(minted ? undefined : record.id);
  else expect([String(parser.src), String(parser.dst)]).toEqual([record.src, record.dst]);
}

const tagOrNote = fc.oneof(
  fc.constantFrom('"x"', '"é"', '""', '"a\\"b"', 'null', '1', '"\u2028"'),
  fc.string({ maxLength: 5 }).map((s) => JSON.stringify(s)),
);
const spacing = fc.constantFrom('', ' ', '\t', ' \r ');

const otherLines = fc.oneof(
  tagOrNote.map((name) => `{"type":"Tag","data":{"name":${name}}}`),
  tagOrNote.map((text) => `{"type":"Note","data":{"text":${text}}}`),
  fc
    .tuple(fc.constantFrom('1', '01', '123456789', '1234567890', 'p1', 'é', ''), spacing)
    .map(([to, s]) => `{"edge":"Knows",${s}"from":"7",${s}"to":"${to}"${s}}`),
  fc
    .tuple(tagOrNote, spacing)
    .map(([to, s]) => `{${s}"edge"${s}:${s}"Likes",${s}"from":"1","to":${to}}`),
  fc.constantFrom(
    '{"type":"Note","data":{}}',
    '{"type":"Note","data":{"id":"n1"}}',
    '{"type":"Note"}',
    '{"type":"Tag","data":{"name":"t","name":"u"}}',
    '{"type":"Person","data":{"name":"x","pid":5}}',
    '{"type":"Person","data":{"pid":5,"name":"x","embedding":[1, 2 ,3]}}',
    '{"type":"Person","data":{"pid":5,"name":"x","embedding":null}}',
    '{"type":"Person","data":{"pid":5,"name":"x","nick":null,"ok":null}}',
    '{"type":"Person","data":{"pid":5,"name":null}}',
    '{"type":"Person","data":{"pid":-0,"name":"x"}}',
    '{"type":"Person","data":{"pid":1e2,"name":"x"}}',
    '{"type":"Person","data":{"pid":-5,"name":"x","small":-1}}',
    '{"type":"Person","data":{"pid":5,"name":"x","big":123456789012345}}',
    '{"type":"Person","data":{"pid":5,"name":"x","age":2147483648}}',
    '{"type":"Person","data":{"pid":5,"name":"x","score":-0.0,"ratio":-0}}',
    '{"type":"Person","data":{"pid":5,"name":"x"}}}',
    '{"type":"Person","data":{"pid":5,"name":"x"},"x":1}',
    '{"edge":"Knows","from":"1","to":"2","data":{"since":3,"weight":0.5}}',
    '{"edge":"Knows","from":"1","to":"2","data":{}}',
    '{"edge":"Knows","from":"1","to":"2","data":{"id":"k1"}}',
    '{"edge":"knows","from":"1","to":"2"}',
    '{"edge":"Knows","to":"2","from":"1"}',
  ),
);

describe('ByteLineParser', () => {
  it('takes only types without per-row checks, of kinds it reads, keyed by one text or integer', () => {
    const taken = TYPES.filter((type) => byteTypePlan(type, type.columns) !== undefined);
    expect(taken.map((type) => type.name)).toEqual(['Person', 'Tag', 'Note', 'Knows']);
  });

  it('gives every line it takes the strict row, and leaves the others untouched', () => {
    const person = fc.oneof(typedPerson(PERSON_MEMBERS), typedPerson());
    fc.assert(
      fc.property(fc.oneof(graphBatchLine(person), otherLines), (text) => {
        expectStrictRow(text);
      }),
      { numRuns: 4000 },
    );
  });

  it('takes the usual shapes', () => {
    const lines = [
      '{"type":"Person","data":{"pid":9,"name":"Ada","score":0.1,"big":18446744073709,"embedding":[0.12928,-0.5,3]}}',
      '{"type": "Person", "data": {"pid": 9, "name": "Ada", "ok": true, "nick": "é"}}',
      '{"type":"Tag","data":{"name":"rust"}}',
      '{"type":"Note","data":{"text":"no key"}}',
      '{"edge":"Knows","from":"9","to":"10"}',
      '{"edge":"Knows","from":"9","to":"p10","data":{"since":2020}}',
    ];
    const parser = new ByteLineParser(plans());
    for (const line of lines) {
      const bytes = Buffer.from(line);
      expect(parser.parse(bytes, 0, bytes.length), line).toBeDefined();
      expectStrictRow(line);
    }
    const bytes = Buffer.from(lines[5] ?? '');
    parser.parse(bytes, 0, bytes.length);
    expect([parser.src, parser.dst]).toEqual([9, 'p10']);
  });

  it('mints distinct ids for the rows of types without a key', () => {
    const [knows] = plans().filter((plan) => plan.type.name === 'Knows');
    if (knows === undefined) throw new Error('Knows is not taken');
    const parser = new ByteLineParser([knows]);
    const bytes = Buffer.from('{"edge":"Knows","from":"1","to":"2"}');
    for (let i = 0; i < 3000; i += 1) parser.parse(bytes, 0, bytes.length);
    const ids = decodeRows(knows.table.build()).map((row) => row.id);
    expect(new Set(ids).size).toBe(3000);
  });
});
