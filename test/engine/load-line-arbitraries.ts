import fc from 'fast-check';

// Lines of a graph batch for the readers' property tests (test/engine/load-record-reader.test.ts,
// test/engine/load-byte-parser.test.ts), over the types of their schemas: Person (keyed by
// `pid`, every kind of value), Thing, Pair and the edge Knows.

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

/** Person lines of mostly valid values, with `pid`, `name` and some of the `optional` members. */
export const typedPerson = (optional: readonly string[] = Object.keys(typed)) =>
  fc
    .shuffledSubarray(optional.filter((key) => key !== 'pid' && key !== 'name'))
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

/** Lines of a graph batch: mostly of the usual shapes, and all the odd ones. */
export const graphBatchLine = (person: fc.Arbitrary<string>) =>
  fc.oneof(
    person,
    person,
    fc
      .tuple(fc.constantFrom('Person', 'Thing', 'Pair', 'Nope', 'Knows'), data)
      .map(([type, body]) => `{"type":"${type}","data":${body}}`),
    fc
      .tuple(fc.constantFrom('Knows', 'knows', 'Person'), strings, strings, data)
      .map(
        ([edge, from, to, body]) =>
          `{"edge":"${edge}","from":"${from}","to":"${to}","data":${body}}`,
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
