import { describe, expect, it } from 'vitest';
import { isOmniError } from '../../../util/omni-error.js';
import { compileSchema } from '../../schema/compile-schema.js';
import { compileQueries } from '../compile-queries.js';

// One schema with every kind of property the checks distinguish.
const catalog = compileSchema(`
  node Person {
    name: String @key
    age: I32?
    nickname: String?
    tags: [String]?
    role: enum(admin, guest, member)?
    born: Date?
    seen: DateTime?
    score: F64?
    visits: U64?
    photo: Blob?
  }
  node Company {
    name: String @key
  }
  node Doc {
    slug: String @key
    title: String?
    body: String?
    embedding: Vector(4) @embed("title")
    file: Blob?
  }
  edge Knows: Person -> Person {
    since: Date?
    note: String?
  }
  edge WorksAt: Person -> Company
  edge Cites: Doc -> Doc {
    strength: I32
  }
`);

/** A read query over `match` with `rest` (return, order, limit) and `params`. */
function readQuery(match: string, rest = 'return { $p.name }', params = ''): string {
  return `query q(${params}) { match { ${match} } ${rest} }`;
}

function typeErrorOf(source: string): { code: unknown; message: string } {
  try {
    compileQueries(catalog, source);
  } catch (error) {
    if (isOmniError(error, 'type_error')) {
      return { code: error.details?.type_code, message: error.message };
    }
    throw error;
  }
  throw new Error(`expected a type error for: ${source}`);
}

const failing: readonly (readonly [string, string, string])[] = [
  ['T1', readQuery('$p: Persn'), "unknown node type 'Persn'"],
  ['T1', readQuery('$p: Knows'), 'Knows is an edge type'],
  ['T2', readQuery('$p: Person { nam: "x" }'), "node type Person has no property 'nam'"],
  ['T3', readQuery('$p: Person { age: "x" }'), 'Person.age expects I32, got string "x"'],
  ['T3', readQuery('$p: Person { age: 3000000000 }'), 'value 3000000000 exceeds I32'],
  ['T3', readQuery('$p: Person { photo: "x" }'), 'Blob property Person.photo cannot be matched'],
  ['T3', readQuery('$p: Person { tags: ["a"] }'), 'list equality is not supported'],
  [
    'T3',
    readQuery('$p: Person { role: "boss" }'),
    "expects one of [admin, guest, member], got 'boss'",
  ],
  [
    'T3',
    readQuery('$d: Doc { embedding: [1, 2, 3, 4] }', 'return { $d.slug }'),
    'cannot be matched',
  ],
  [
    'T3',
    'query m() { insert Doc { slug: "a", title: "t", embedding: [1, 2] } }',
    'vector literal has 2 values, expected 4',
  ],
  [
    'T3',
    'query m($n: String?) { insert Person { name: $n } }',
    'Person.name is non-nullable but $n is declared nullable',
  ],
  ['T4', readQuery('$p knws $f'), "unknown edge type 'knws'"],
  ['T4', readQuery('$p worksat $c'), "did you mean 'worksAt'?"],
  [
    'T5',
    readQuery('$c: Company  $c knows $f', 'return { $c.name }'),
    'the source of knows must be Person',
  ],
  ['T5', readQuery('$p: Person  $p: Company'), 'variable $p is bound to Person, not Company'],
  ['T6', readQuery('$p: Person', 'return { $x.name }'), 'variable $x is not bound'],
  ['T6', readQuery('$p: Person', 'return { $p.nope }'), "node type Person has no property 'nope'"],
  ['T6', readQuery('$p: Person', 'return { friends }'), "unknown name 'friends'"],
  ['T6', readQuery('$p: Person', 'return { $p.name } order { n }'), "'n', which is not an alias"],
  [
    'T6',
    readQuery('$p: Person { name: $n }'),
    '$n used as a match value is not a declared query parameter',
  ],
  ['T6', readQuery('$p: Person  $p knows $_', 'return { $_.name }'), 'anonymous variable'],
  ['T6', readQuery('$n: Person', 'return { $n.name }', '$n: String'), '$n is a query parameter'],
  ['T7', readQuery('$p: Person  $p.age > "x"'), 'compared value expects I32'],
  ['T7', readQuery('$p: Person  $p.tags = ["a"]'), 'list and vector values cannot be compared'],
  ['T7', readQuery('$p: Person  $p.name contains 3'), 'compared value expects String'],
  [
    'T7',
    readQuery('$p: Person  $p.age contains "3"'),
    'contains needs a list and one of its elements',
  ],
  [
    'T7',
    readQuery('$p: Person  $p.photo = $x', undefined, '$x: Blob'),
    'Blob values cannot be compared',
  ],
  ['T7', readQuery('$p: Person  $p.age starts_with "x"'), 'starts_with needs two Strings'],
  ['T7', readQuery('$p: Person { born: now() }'), 'cannot take now(), a DateTime'],
  [
    'T7',
    readQuery('$p: Person  $p.born < $when', undefined, '$when: DateTime'),
    'cannot compare Date? and DateTime',
  ],
  [
    'T7',
    'query m() { insert Person { name: "a", age: "x" } }',
    'Person.age expects I32, got string',
  ],
  ['T7', 'query m($a: F64) { insert Person { name: "a", age: $a } }', 'cannot take $a of type F64'],
  [
    'T7',
    readQuery('$p: Person', 'return { $p.tags } order { $p.tags }'),
    'list and vector values cannot be ordered',
  ],
  [
    'T8',
    readQuery('$p: Person', 'return { sum($p.name) }'),
    'sum() needs a numeric argument, got String',
  ],
  [
    'T8',
    readQuery('$p: Person', 'return { min($p.born) }'),
    'min() needs a numeric or String argument',
  ],
  ['T9', readQuery('$p: Person  count($p) > 1'), 'aggregate count() cannot be used in match'],
  ['T9', readQuery('$p: Person', 'return { count(count($p)) }'), 'cannot be nested'],
  ['T9', readQuery('$p: Person  not { $x: Person }'), 'must refer to a variable bound outside it'],
  [
    'T9',
    readQuery('$p: Person  $p knows $f', 'return { $p.name, count($f) as n } order { $p.age }'),
    'order only by a returned group key',
  ],
  [
    'T9',
    readQuery('$p: Person', 'return { $p.name } order { count($p) }'),
    'needs aggregates in return',
  ],
  [
    'T9',
    readQuery(`$p: Person ${'not { '.repeat(33)}$p knows $f${' }'.repeat(33)}`),
    'nest deeper than 32 levels',
  ],
  ['T10', 'query m() { insert Persn { name: "a" } }', "unknown node or edge type 'Persn'"],
  ['T10', 'query m() { insert Person {} }', 'insert Person needs at least one assignment'],
  ['T10', 'query m() { update Person set {} where name = "a" }', 'needs at least one assignment'],
  ['T10', 'query m() { delete Persn where name = "a" }', "unknown node or edge type 'Persn'"],
  [
    'T11',
    'query m() { insert Person { name: "a", nope: 1 } }',
    "node type Person has no property 'nope'",
  ],
  [
    'T11',
    'query m($n: String, $o: String) { update Person set { name: $n } where name = $o }',
    'Person.name is a @key property and cannot be updated',
  ],
  [
    'T11',
    'query m() { delete Person where photo = "x" }',
    'Blob property Person.photo cannot be used in where',
  ],
  ['T11', 'query m() { delete Person where nope = 1 }', "has no property 'nope'"],
  [
    'T12',
    'query m() { insert Person { age: 3 } }',
    "insert Person is missing non-nullable property 'name'",
  ],
  ['T12', 'query m() { insert Knows { from: "a" } }', "missing edge endpoint 'to'"],
  [
    'T12',
    'query m() { insert Doc { slug: "a" } }',
    "missing 'title', the @embed source of 'embedding'",
  ],
  [
    'T12',
    'query m() { insert Cites { from: "a", to: "b" } }',
    "missing non-nullable property 'strength'",
  ],
  [
    'T13',
    'query m() { insert Person { name: "a", name: "b" } }',
    "duplicate assignment for property 'name'",
  ],
  [
    'T14',
    'query m() { insert Person { name: $who } }',
    '$who used as a mutation value is not a declared query parameter',
  ],
  ['T14', 'query m() { delete Person where name = $who }', 'is not a declared query parameter'],
  ['T15', readQuery('$p: Person  $p knows{0,2} $f'), 'min hops must be at least 1'],
  ['T15', readQuery('$p: Person  $p knows{1,} $f'), 'unbounded traversal is disabled'],
  ['T15', readQuery('$p: Person  $p knows{3,2} $f'), 'max hops 2 is less than min hops 3'],
  [
    'T15',
    readQuery(
      '$d: Doc',
      'return { $d.slug } order { nearest($d.title, $q) } limit 3',
      '$q: String',
    ),
    'nearest() needs a Vector property',
  ],
  [
    'T15',
    readQuery(
      '$d: Doc',
      'return { $d.slug } order { nearest($d.embedding, $q) } limit 3',
      '$q: Vector(3)',
    ),
    'dimension mismatch',
  ],
  [
    'T15',
    readQuery(
      '$d: Doc',
      'return { $d.slug } order { nearest($d.embedding, $q) } limit 3',
      '$q: I32',
    ),
    'must be Vector(4) or String',
  ],
  [
    'T15',
    readQuery('$d: Doc', 'return { nearest($d.embedding, [1, 2]) }'),
    'vector literal has 2 values',
  ],
  [
    'T16',
    'query m() { update Knows set { note: "x" } where from = "a" }',
    'update of edge type Knows is not supported',
  ],
  [
    'T17',
    readQuery('$d: Doc', 'return { $d.slug } order { nearest($d.embedding, $q) }', '$q: Vector(4)'),
    'ordering by nearest() requires a limit',
  ],
  [
    'T18',
    readQuery(
      '$d: Doc',
      'return { $d.slug as s } order { s, nearest($d.embedding, $q) } limit 3',
      '$q: Vector(4)',
    ),
    'ordering by an alias together with nearest()',
  ],
  [
    'T19',
    readQuery('$d: Doc  search($d.embedding, $q)', 'return { $d.slug }', '$q: String'),
    'search() needs a String property',
  ],
  [
    'T19',
    readQuery('$d: Doc  search($d.title, 3)', 'return { $d.slug }'),
    'search() query must be a String',
  ],
  [
    'T19',
    readQuery('$d: Doc  fuzzy($d.title, $q, "2")', 'return { $d.slug }', '$q: String'),
    'max_edits must be an integer',
  ],
  [
    'T19',
    readQuery('$p: Person  search($p.tags, "x")'),
    'search() needs a String property, but $p.tags is [String]?',
  ],
  [
    'T19',
    readQuery('$d: Doc  search("title", "x")', 'return { $d.slug }'),
    'search() searches a String property',
  ],
  [
    'T20',
    readQuery('$d: Doc  match_text($d.title, 1)', 'return { $d.slug }'),
    'match_text() query must be a String',
  ],
  [
    'T20',
    readQuery('$d: Doc', 'return { $d.slug } order { bm25($d.embedding, "x") } limit 2'),
    'bm25() needs a String property',
  ],
  [
    'T21',
    readQuery(
      '$d: Doc',
      'return { $d.slug } order { rrf(search($d.title, "x"), bm25($d.body, "x")) } limit 2',
    ),
    'rrf() operands must be nearest(…) or bm25(…)',
  ],
  [
    'T21',
    readQuery(
      '$d: Doc',
      'return { $d.slug } order { rrf(bm25($d.title, "x"), bm25($d.body, "x"), 0) } limit 2',
    ),
    'k must be an integer literal greater than 0',
  ],
  [
    'T21',
    readQuery(
      '$d: Doc',
      'return { $d.slug } order { rrf(bm25($d.title, "x"), bm25($d.body, "x"), $k) } limit 2',
      '$k: I32',
    ),
    'k must be an integer literal',
  ],
  [
    'T21',
    readQuery(
      '$d: Doc',
      'return { $d.slug } order { rrf(bm25($d.title, "x"), bm25($d.body, "x")) }',
    ),
    'ordering by rrf() requires a limit',
  ],
  [
    'T22',
    readQuery('$p: Person  $p <worksAt> $c'),
    'undirected traversal <worksAt> needs an edge between one node type',
  ],
  ['T23', readQuery('$p: Person  $p $w:knows{1,2} $f'), 'cannot bind a variable-length traversal'],
  ['T23', readQuery('$p: Person  $p $p:knows $f'), 'reuses a name that is already bound'],
  [
    'T23',
    readQuery('$p: Person  $p $w:knows $f', 'return { $w }'),
    'edge variable $w cannot be used bare',
  ],
  [
    'T23',
    readQuery('$p: Person  $p $w:knows $f  $w knows $g'),
    'edge variable $w cannot be a traversal endpoint',
  ],
  ['T23', readQuery('$p: Person  $p $w:knows $f  $w: Person'), 'edge variable $w reuses a name'],
  [
    'T23',
    readQuery('$p: Person  $p $w:knows $f  not { $w: Person }'),
    'edge variable $w cannot be rebound',
  ],
  [
    'T23',
    readQuery('$p: Person  $p $w:knows $f  search($w.note, "x")'),
    'search() cannot search edge property $w.note',
  ],
  ['T24', readQuery('$p: Person', 'return { $p.photo }'), 'a Blob value cannot be returned'],
  ['T24', readQuery('$p: Person', 'return { $p.name } order { $p.photo }'), 'cannot be ordered by'],
  ['T24', readQuery('$p: Person', 'return { count($p.photo) }'), 'cannot be aggregated'],
];

const passing: readonly (readonly [string, string])[] = [
  ['T1', readQuery('$p: Person')],
  ['T2', readQuery('$p: Person { name: "x" }')],
  [
    'T3',
    readQuery(
      '$p: Person { age: 30, role: "admin", tags: "x", score: 2, visits: 9223372036854775807 }',
    ),
  ],
  ['T3', 'query m($n: String, $a: I32?) { insert Person { name: $n, age: $a } }'],
  ['T4', readQuery('$p: Person  $p knows $f  $p worksAt $c')],
  ['T5', readQuery('$c: Company  $p worksAt $c  $p: Person')],
  ['T6', readQuery('$p: Person  $p knows $f', 'return { $p.name, $f.age, $p, $n }', '$n: String')],
  [
    'T7',
    readQuery(
      '$p: Person  $p.tags contains "a"  $p.name contains "li"  $p.name starts_with "A"  $p.seen < now()  $p.score > 1  $p.visits >= $v  $p.role = "guest"  30 < $p.age',
      undefined,
      '$v: I32',
    ),
  ],
  [
    'T8',
    readQuery(
      '$p: Person',
      'return { sum($p.age), avg($p.score), min($p.name), max($p.visits), count($p) }',
    ),
  ],
  [
    'T9',
    readQuery(
      '$p: Person  $p knows $f  not { $p worksAt $_ }',
      'return { $p.name, count($f) as n } order { n desc, $p.name } limit 3',
    ),
  ],
  ['T10', 'query m($n: String) { insert Person { name: $n } }'],
  [
    'T11',
    'query m($n: String, $a: I32?) { update Person set { age: $a, nickname: "x" } where name = $n }',
  ],
  [
    'T12',
    'query m() { insert Doc { slug: "a", title: "t" } insert Knows { from: "a", to: "b" } insert Cites { from: "a", to: "b", strength: 1 } }',
  ],
  ['T13', 'query m() { insert Person { name: "a", age: 1 } }'],
  ['T14', 'query m($who: String) { delete Person where name = $who }'],
  [
    'T15',
    readQuery(
      '$d: Doc  $d <cites>{1,3} $e',
      'return { $d.slug, nearest($d.embedding, "text") as dist } order { nearest($d.embedding, $q) } limit 3',
      '$q: Vector(4)',
    ),
  ],
  ['T16', 'query m($a: String) { delete Knows where from = $a }'],
  [
    'T17',
    readQuery(
      '$d: Doc',
      'return { $d.slug } order { nearest($d.embedding, [1, 2, 3, 4]) } limit 3',
    ),
  ],
  [
    'T18',
    readQuery(
      '$d: Doc',
      'return { $d.slug as s } order { nearest($d.embedding, $q), $d.slug } limit 3',
      '$q: String',
    ),
  ],
  [
    'T19',
    readQuery(
      '$d: Doc  search($d.title, $q)  fuzzy($d.body, "x", 2)  fuzzy($d.body, "x", $e)',
      'return { $d.slug }',
      '$q: String, $e: I32',
    ),
  ],
  [
    'T20',
    readQuery(
      '$d: Doc  match_text($d.body, "x y")',
      'return { $d.slug, bm25($d.title, "x") as score }',
    ),
  ],
  [
    'T21',
    readQuery(
      '$d: Doc',
      'return { $d.slug } order { rrf(nearest($d.embedding, $q), bm25($d.body, "x"), 10) } limit 2',
      '$q: Vector(4)',
    ),
  ],
  ['T22', readQuery('$p: Person  $p <knows>{1,2} $f')],
  [
    'T23',
    readQuery(
      '$p: Person  $p $w:knows $f  $w.since >= date("2023-01-01")',
      'return { $f.name, $w.since } order { $w.since }',
    ),
  ],
  ['T24', 'query m($f: Blob) { insert Doc { slug: "a", title: "t", file: $f } }'],
];

describe('typecheck error codes', () => {
  it.each(failing)('%s: rejects %s', (code, source, message) => {
    const error = typeErrorOf(source);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(new RegExp(`^type error: ${code}: <query>:\\d+:\\d+: `));
    expect(error.message).toContain(message);
  });

  it.each(passing)('%s: accepts %s', (_code, source) => {
    expect(compileQueries(catalog, source)).toHaveLength(1);
  });

  it('covers every code with a failing and a passing case', () => {
    const codes = Array.from({ length: 24 }, (_, i) => `T${i + 1}`);
    expect(new Set(failing.map(([code]) => code))).toEqual(new Set(codes));
    expect(new Set(passing.map(([code]) => code))).toEqual(new Set(codes));
  });

  it('rejects a query mixing inserts and deletes before any I/O, with the exact message', () => {
    const source =
      'query swap($n: String) { insert Person { name: $n } delete Person where name = $n }';
    expect(() => compileQueries(catalog, source)).toThrow(
      "type error: <query>:1:1: mutation 'swap' on the same query mixes inserts/updates and deletes; split into separate mutations: (1) inserts and updates, then (2) deletes",
    );
  });

  it('puts the query, file and position in the error details', () => {
    try {
      compileQueries(catalog, 'query q() {\n  match { $p: Persn }\n  return { $p }\n}');
    } catch (error) {
      expect(isOmniError(error, 'type_error') && error.details).toEqual({
        type_code: 'T1',
        query: 'q',
        file: '<query>',
        line: 2,
        column: 11,
        suggestion: 'Person',
      });
    }
    expect.assertions(1);
  });
});
