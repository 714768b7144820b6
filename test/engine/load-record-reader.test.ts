import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/compiler/schema/compile-schema.js';
import { parseGraphBatchLine } from '../../src/engine/load/graph-batch-record.js';
import type { LoadRecord } from '../../src/engine/load/graph-batch-record.js';
import { RecordReader } from '../../src/engine/load/record-reader.js';

// The fast reader must give every line the record or the error of the strict one.
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
  born: Date?
  seen: DateTime?
  mood: enum(calm, angry)?
  tags: [String]?
  embedding: Vector(3)?
  @range(age, 0..150)
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
edge Knows: Person -> Person {
  since: I32?
  weight: F64?
}
`);

type Outcome =
  | { readonly ok: true; readonly record: LoadRecord }
  | { readonly ok: false; readonly message: string; readonly details: unknown };

function outcome(read: () => LoadRecord): Outcome {
  try {
    return { ok: true, record: read() };
  } catch (error) {
    const { message, details } = error as { message: string; details?: unknown };
    return { ok: false, message, details };
  }
}

/** A record with its minted id (random by nature) blanked. */
function comparable(result: Outcome): unknown {
  if (!result.ok) return result;
  const { record } = result;
  if (record.idSupplied) return result;
  return { ...record, id: '', row: { ...record.row, id: '' } };
}

function expectSameOutcome(text: string): void {
  const strict = outcome(() => parseGraphBatchLine(CATALOG, text, 7));
  const fast = outcome(() => new RecordReader(CATALOG, { forWrite: true }).read(text, 7));
  expect(comparable(fast)).toEqual(comparable(strict));
  if (strict.ok && fast.ok)
    expect(Object.is(fast.record.row.age, strict.record.row.age)).toBe(true);
  // The validation pass's reader, which checks vectors without keeping them, accepts and
  // refuses the same lines, with the same errors.
  const checking = outcome(() => new RecordReader(CATALOG, { forWrite: false }).read(text, 7));
  expect(checking.ok ? 'ok' : checking).toEqual(strict.ok ? 'ok' : strict);
}

const numbers = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(
    0,
    -0,
    1e21,
    1e-7,
    2 ** 53,
    2 ** 63,
    -(2 ** 31),
    2 ** 31,
    3.4028234663852886e38,
    3.5e38,
    0.1,
    123456789012345,
  ),
);

/** Number spellings JSON allows and forbids, with corner cases of each path. */
const numberText = fc.oneof(
  numbers.map((n) => (Number.isFinite(n) ? JSON.stringify(n) : '1e999')),
  fc.constantFrom(
    '-0',
    '-0.0',
    '1.0',
    '1e2',
    '1E+2',
    '1e-2',
    '01',
    '1.',
    '.5',
    '-',
    '1e',
    '12345678901234567890',
    '9007199254740993',
    '-9223372036854775808',
    '18446744073709551615',
    '1.7976931348623157e309',
    '0.30000000000000004',
    '123456789012345.6',
    '1234567890123456.7',
  ),
);

const strings = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('a\\"b', '\\u00e9', '\\ud800', '\\n', 'é', '\u2028', 'calm', 'angry'),
);

const value = fc.oneof(
  numberText,
  strings.map((s) => `"${s}"`),
  fc.constantFrom('true', 'false', 'null', '[]', '{}', '[1,2,3]', '[1,2]', '["a",null]', '[1,[2]]'),
  fc.constantFrom('"2024-01-31"', '"2024-02-30"', '"2024-01-31T12:00:00Z"', '19724'),
  fc.array(numberText, { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
);

const properties = [
  'pid',
  'name',
  'nick',
  'age',
  'score',
  'ratio',
  'big',
  'small',
  'ok',
  'born',
  'seen',
  'mood',
  'tags',
  'embedding',
  'id',
  'unknown',
  'since',
  'weight',
  'label',
  'vec',
  'a',
  'b',
  'src',
];

/** Mostly `valid`, sometimes `odd`: most lines are valid, and some value of them is not. */
const mostly = (valid: fc.Arbitrary<string>, odd: fc.Arbitrary<string> = value) =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: odd, weight: 1 });

const decimals = fc
  .double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 })
  .map((n) => JSON.stringify(n));

/** Values of each property's type, mostly valid. */
const typed: Record<string, fc.Arbitrary<string>> = {
  pid: mostly(fc.integer().map(String), numberText),
  name: mostly(
    fc.string({ maxLength: 6 }).map((v) => JSON.stringify(v)),
    strings.map((v) => `"${v}"`),
  ),
  nick: mostly(fc.constantFrom('"x"', 'null', '"a\\"b"')),
  age: mostly(fc.integer({ min: 0, max: 150 }).map(String), numberText),
  score: mostly(decimals, numberText),
  ratio: mostly(decimals, numberText),
  big: mostly(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String), numberText),
  small: mostly(fc.integer({ min: 0, max: 2 ** 31 }).map(String), numberText),
  ok: mostly(fc.constantFrom('true', 'false', 'null')),
  born: mostly(fc.constantFrom('"2024-01-31"', '19724', 'null')),
  seen: mostly(fc.constantFrom('"2024-01-31T12:00:00Z"', '1700000000000')),
  mood: mostly(fc.constantFrom('"calm"', '"angry"', 'null')),
  tags: mostly(
    fc.array(fc.constantFrom('"a"', '"é"'), { maxLength: 3 }).map((t) => `[${t.join(',')}]`),
  ),
  embedding: mostly(
    fc
      .array(mostly(decimals, numberText), { minLength: 3, maxLength: 3 })
      .map((items) => `[${items.join(',')}]`),
  ),
};

const typedPerson = fc
  .shuffledSubarray(Object.keys(typed).filter((key) => key !== 'pid' && key !== 'name'))
  .chain((optional) =>
    fc
      .tuple(
        ...['pid', 'name', ...optional].map((key) =>
          (typed[key] ?? value).map((v) => `"${key}":${v}`),
        ),
      )
      .map((members) => `{"type":"Person","data":{${members.join(',')}}}`),
  );

const member = fc.tuple(fc.constantFrom(...properties), value).map(([k, v]) => `"${k}":${v}`);

const data = fc.array(member, { maxLength: 8 }).map((members) => `{${members.join(',')}}`);

const line = fc.oneof(
  typedPerson,
  typedPerson,
  fc
    .tuple(fc.constantFrom('Person', 'Thing', 'Pair', 'Nope', 'Knows'), data)
    .map(([type, body]) => `{"type":"${type}","data":${body}}`),
  fc
    .tuple(fc.constantFrom('Knows', 'knows', 'Person'), strings, strings, data)
    .map(
      ([edge, from, to, body]) => `{"edge":"${edge}","from":"${from}","to":"${to}","data":${body}}`,
    ),
  fc
    .tuple(fc.constantFrom('"type":"Person"', '"edge":"Knows"', '"from":"a"', '"to":"b"'), data)
    .map(([head, body]) => `{"data":${body},${head}}`),
  fc.constantFrom(
    '{}',
    '[]',
    '{"type":"Person"}',
    '{"type":"Person","type":"Person","data":{}}',
    '{"type":"Person","data":{"pid":1,"name":"x"}} x',
    ' {"type" : "Person" , "data" : { "pid" : 1 , "name" : "x" } } ',
    '{"type":"Person","data":{"pid":1,"name":"x","name":"y"}}',
    '{"type":"Person","data":{"pid":1,"name":"x","id":"1"}}',
    '{"type":"Person","data":{"pid":1,"name":"x","id":"2"}}',
    '{"type":"Thing","data":{"id":""}}',
    '{"type":"Thing","data":{"id":"t1","label":"x"}}',
    '{"type":"Pair","data":{"a":"x","b":2}}',
    '{"edge":"Knows","from":"a","to":"b"}',
    '{"edge":"Knows","from":"a","to":"b","data":{"src":"x"}}',
    '{"edge":"Knows","from":"a","to":"b","_rowid":1}',
    '{"type":"Person","data":{"pid":1,"name":"x","embedding":[1,2,3]}}',
    '{"type":"Person","data":{"pid":1,"name":"x","embedding":[1,2]}}',
    '{"type":"Person","data":{"pid":1,"name":"x","embedding":[1,2,1e39]}}',
    '{"type":"Person","data":{"pid":1,"name":"x","embedding":[-0.5,0,3.25]}}',
    '{"type":"Person","data":{"pid":1,"name":"x","embedding":[1,2,3,4]}}',
    '{"type":"Person","data":{"pid":1,"name":"x","embedding":[01,2,3]}}',
    '{"type":"Person","data":{"pid":1,"name":"x","embedding":[1.,2,3]}}',
    '{"type":"Person","data":{"pid":1,"name":"x","embedding":[1, 2,3]}}',
    '{"type":"Person","data":{"pid":1,"name":"x","embedding":[1,2,3e0]}}',
    '{"type":"Person","data":{"pid":1,"name":"x","embedding":[1234567890123456,2,3]}}',
    '{"type":"Person","data":{"pid":1,"name":"x","embedding":[123456789012345,-0,0.5]}}',
    '{"type":"Person","data":{"pid":1,"name":"x","embedding":[0.1234567890123456789,-2.5,3]}}',
    '{"type":"Thing","data":{"vec":[0.25,-7]}}',
    '{"type":"Thing","data":{"vec":[0.25,-7]x}}',
    '{"type":"Person","data":{"pid":1,"name":"x","age":-0}}',
    '{"type":"Person","data":{"pid":1,"name":"x","age":200}}',
  ),
);

describe('RecordReader', () => {
  it('gives every line the record or the error of the strict parser', () => {
    fc.assert(
      fc.property(line, (text) => {
        expectSameOutcome(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the usual shapes on the fast path, with the strict values', () => {
    const text =
      '{"type":"Person","data":{"pid":9007199254740991,"name":"Ada","score":0.1,"ratio":-0.0,"big":18446744073709,"embedding":[0.12928,-1e-7,3]}}';
    expectSameOutcome(text);
    const record = new RecordReader(CATALOG, { forWrite: true }).read(text, 1);
    expect(record.row).toMatchObject({ id: '9007199254740991', big: 18446744073709n });
    expect(Object.is(record.row.ratio, -0)).toBe(true);
  });

  it('mints distinct time-ordered ids for the write pass, none for validation alone', () => {
    const edge = '{"edge":"Knows","from":"a","to":"b"}';
    const writing = new RecordReader(CATALOG, { forWrite: true });
    const ids = Array.from({ length: 3000 }, () => writing.read(edge, 1).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[0-9A-HJKMNP-TV-Z]{26}$/.test(id))).toBe(true);
    expect(new RecordReader(CATALOG, { forWrite: false }).read(edge, 1).id).toBe('');
    // A type with @unique tells its holders apart by id, even when only validating.
    const thing = new RecordReader(CATALOG, { forWrite: false }).read('{"type":"Thing"}', 1);
    expect(thing.id).toHaveLength(26);
  });
});
