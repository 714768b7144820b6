/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { isOmniError } from '../../util/omni-error.js';
import type { Clause, Expr, MutationStmt, QueryDecl, ReadBody } from './ast.js';
import searchGq from '../../../test/fixtures/search.gq?raw';
import testGq from '../../../test/fixtures/test.gq?raw';
import { parseQuery } from './parse-query.js';

function only(source: string): QueryDecl {
  const [query, ...rest] = parseQuery(source).queries;
  expect(rest).toHaveLength(0);
  return query!;
}

function read(body: string, params = ''): ReadBody {
  const query = only(`query q(${params}) { ${body} }`);
  if (query.body.kind !== 'read') throw new Error('expected a read query');
  return query.body;
}

function clauses(match: string): readonly Clause[] {
  return read(`match { ${match} } return { $x }`).match;
}

function returned(exprs: string): readonly Expr[] {
  return read(`match { $p: Person } return { ${exprs} }`).returns.map((p) => p.expr);
}

function statements(body: string): readonly MutationStmt[] {
  const query = only(`query m($a: String) { ${body} }`);
  if (query.body.kind !== 'mutation') throw new Error('expected a mutation');
  return query.body.statements;
}

function parseError(source: string): string {
  try {
    parseQuery(source, { file: 'bad.gq' });
  } catch (error) {
    if (isOmniError(error, 'parse_error')) return error.message;
    throw error;
  }
  throw new Error(`expected a parse error for: ${source}`);
}

describe('parseQuery: declarations', () => {
  it('parses the shared fixtures', () => {
    expect(parseQuery(testGq).queries.map((q) => q.name)).toEqual([
      'get_person',
      'adults',
      'friends_of',
      'employees_of',
      'friends_of_friends',
      'unemployed',
      'friend_counts',
      'top_by_age',
      'total_people',
      'age_stats',
      'top_connected',
    ]);
    expect(parseQuery(searchGq).queries).toHaveLength(8);
  });

  it('parses typed parameters: scalars, lists, vectors, optional', () => {
    const query = only(
      'query q($a: String, $b: I64?, $c: [Date], $d: Vector(3)?, $e: DateTime, $f: Blob) { match { $p: P } return { $p } }',
    );
    expect(query.params.map(({ name, type, nullable }) => ({ name, type, nullable }))).toEqual([
      { name: 'a', type: { kind: 'scalar', scalar: 'String' }, nullable: false },
      { name: 'b', type: { kind: 'scalar', scalar: 'I64' }, nullable: true },
      { name: 'c', type: { kind: 'list', element: 'Date' }, nullable: false },
      { name: 'd', type: { kind: 'vector', dimension: 3 }, nullable: true },
      { name: 'e', type: { kind: 'scalar', scalar: 'DateTime' }, nullable: false },
      { name: 'f', type: { kind: 'scalar', scalar: 'Blob' }, nullable: false },
    ]);
  });

  it('parses @description and @instruction, with comments anywhere', () => {
    const query = only(`// leading
      query q() /* c */ @description("Find \\"people\\"") @instruction("use it") {
        match { $p: Person } // trailing
        return { $p.name }
      }`);
    expect(query.description).toBe('Find "people"');
    expect(query.instruction).toBe('use it');
    expect(query.at).toEqual({ line: 2, column: 7 });
  });
});

describe('parseQuery: match clauses', () => {
  it('parses bindings with inline property matches', () => {
    expect(clauses('$p: Person { name: "Alice", age: $a, seen: now(), }')).toMatchObject([
      {
        kind: 'binding',
        variable: 'p',
        typeName: 'Person',
        props: [
          {
            property: 'name',
            value: { kind: 'literal', value: { kind: 'string', value: 'Alice' } },
          },
          { property: 'age', value: { kind: 'variable', name: 'a' } },
          { property: 'seen', value: { kind: 'now' } },
        ],
      },
    ]);
  });

  it('parses directed, bounded, undirected and edge-bound traversals', () => {
    expect(
      clauses('$a knows $b  $a knows{1,3} $c  $a <related>{2,} $d  $a $w:worksAt $e  $_ knows $a'),
    ).toMatchObject([
      {
        kind: 'traversal',
        source: 'a',
        edge: 'knows',
        target: 'b',
        undirected: false,
        bounds: undefined,
      },
      { kind: 'traversal', edge: 'knows', bounds: { min: 1, max: 3 } },
      { kind: 'traversal', edge: 'related', undirected: true, bounds: { min: 2, max: undefined } },
      { kind: 'traversal', edgeVariable: 'w', edge: 'worksAt', target: 'e' },
      { kind: 'traversal', source: '_', target: 'a' },
    ]);
  });

  it('parses filters with every operator', () => {
    const ops = ['=', '!=', '<', '<=', '>', '>=', 'contains', 'starts_with'];
    const parsed = clauses(ops.map((op) => `$p.name ${op} "x"`).join('\n'));
    expect(parsed.map((c) => (c.kind === 'filter' ? c.op : c.kind))).toEqual(ops);
  });

  it('parses negations, nested, and text search clauses', () => {
    expect(
      clauses(
        'not { $p worksAt $_ not { $p knows $q } }  search($d.title, $q) fuzzy($d.t, "x", 2) match_text($d.b, $q)',
      ),
    ).toMatchObject([
      { kind: 'negation', clauses: [{ kind: 'traversal' }, { kind: 'negation' }] },
      { kind: 'search-clause', call: { kind: 'search' } },
      { kind: 'search-clause', call: { kind: 'fuzzy', maxEdits: { kind: 'literal' } } },
      { kind: 'search-clause', call: { kind: 'match-text' } },
    ]);
  });

  it('does not read the keyword not as an edge name', () => {
    expect(clauses('not { $p knows $f }')[0]?.kind).toBe('negation');
  });
});

describe('parseQuery: literals', () => {
  it('decodes every literal kind', () => {
    const values = clauses(
      '$p.a = "t\\n\\"x\\"" $p.a = 42 $p.a = 3.25 $p.a = true $p.a = false $p.a = date("1970-01-11") $p.a = datetime("1970-01-01T00:00:01.5Z") $p.a = [1, 2] $p.a = []',
    ).map((c) => (c.kind === 'filter' && c.right.kind === 'literal' ? c.right.value : undefined));
    expect(values).toEqual([
      { kind: 'string', value: 't\n"x"' },
      { kind: 'integer', value: 42n },
      { kind: 'float', value: 3.25 },
      { kind: 'bool', value: true },
      { kind: 'bool', value: false },
      { kind: 'date', days: 10 },
      { kind: 'datetime', ms: 1500 },
      {
        kind: 'list',
        items: [
          { kind: 'integer', value: 1n },
          { kind: 'integer', value: 2n },
        ],
      },
      { kind: 'list', items: [] },
    ]);
  });

  it('keeps integers beyond 2^53 exact', () => {
    const [clause] = clauses('$p.v = 18446744073709551615');
    expect(clause).toMatchObject({ right: { value: { value: 18446744073709551615n } } });
  });
});

describe('parseQuery: return, order, limit', () => {
  it('parses projections with aliases, commas optional', () => {
    const body = read(`match { $p: Person } return {
      $p.name
      $p.age as years, count($f) as friends
      $p now() 7 $n
    }`);
    expect(body.returns.map((p) => [p.expr.kind, p.alias])).toEqual([
      ['property', undefined],
      ['property', 'years'],
      ['aggregate', 'friends'],
      ['variable', undefined],
      ['now', undefined],
      ['literal', undefined],
      ['variable', undefined],
    ]);
  });

  it('parses every aggregate and search expression', () => {
    expect(
      returned(
        'count($p) sum($p.a) avg($p.a) min($p.a) max($p.a) nearest($d.e, $q) bm25($d.b, $q) rrf(nearest($d.e, $v), bm25($d.b, $q), 10) search($d.t, "x")',
      ).map((e) => (e.kind === 'aggregate' ? e.fn : e.kind)),
    ).toEqual(['count', 'sum', 'avg', 'min', 'max', 'nearest', 'bm25', 'rrf', 'search']);
  });

  it('parses orderings with directions and nearest, then limit', () => {
    const body = read(
      'match { $p: Person } return { $p.name as n } order { $p.age desc, n asc, $p.name, nearest($p.e, $q) } limit 5',
    );
    expect(body.order.map((o) => [o.expr.kind, o.direction])).toEqual([
      ['property', 'desc'],
      ['ident', 'asc'],
      ['property', undefined],
      ['nearest', undefined],
    ]);
    expect(body.limit).toBe(5);
  });
});

describe('parseQuery: mutations', () => {
  it('parses insert, update and delete statements', () => {
    expect(
      statements(`
        insert Person { name: $a, age: 3 }
        insert Knows { from: $a, to: "b", since: date("2024-01-01") }
        update Person set { age: 4, seen: now() } where name = $a
        delete Person where age >= 3
        delete Knows where from = $a`),
    ).toMatchObject([
      {
        kind: 'insert',
        typeName: 'Person',
        assignments: [{ property: 'name' }, { property: 'age' }],
      },
      {
        kind: 'insert',
        typeName: 'Knows',
        assignments: [{ property: 'from' }, { property: 'to' }, { property: 'since' }],
      },
      {
        kind: 'update',
        typeName: 'Person',
        where: { property: 'name', op: '=', value: { kind: 'variable' } },
      },
      { kind: 'delete', typeName: 'Person', where: { property: 'age', op: '>=' } },
      { kind: 'delete', typeName: 'Knows', where: { property: 'from' } },
    ]);
  });

  it('parses an insert without assignments (the typechecker reports T10)', () => {
    expect(statements('insert Person {}')).toMatchObject([{ kind: 'insert', assignments: [] }]);
  });
});

describe('parseQuery: errors', () => {
  it('names the file, position and what was expected', () => {
    expect(parseError('query q() {\n  match { $p Person }\n  return { $p }\n}')).toBe(
      'parse error: bad.gq:2:14: expected ":", "<", edge name, operator or variable, found "P"',
    );
    expect(parseError('query q() { match { $p: P } }')).toMatch(/bad\.gq:1:29: expected "return"/);
  });

  it('names an unknown parameter type, suggesting the closest type name', () => {
    expect(parseError('query q($n: Strng) { match { $p: P } return { $p } }')).toBe(
      "parse error: bad.gq:1:13: unknown type 'Strng'; did you mean 'String'?",
    );
    expect(parseError('query q($n: [i64]) { match { $p: P } return { $p } }')).toBe(
      "parse error: bad.gq:1:14: unknown type 'i64'; did you mean 'I64'?",
    );
    expect(parseError('query q($n: Person) { match { $p: P } return { $p } }')).toBe(
      "parse error: bad.gq:1:13: unknown type 'Person'",
    );
  });

  it('records the file on each query, <query> by default', () => {
    const source = 'query q() { match { $p: P } return { $p } }';
    expect(parseQuery(source, { file: 'mine.gq' }).queries[0]?.file).toBe('mine.gq');
    expect(parseQuery(source).queries[0]?.file).toBe('<query>');
  });

  it('reports input nested too deeply to parse as a parse error', () => {
    const depth = 20_000;
    const source = `query q() { match { $p: P ${'not { '.repeat(depth)}$p knows $f${' }'.repeat(depth)} } return { $p } }`;
    expect(() => parseQuery(source, { file: 'deep.gq' })).toThrow(
      'parse error: deep.gq: the query nests too deeply',
    );
  });

  it.each([
    ['query q() { }', 'query body is empty'],
    [
      'query q() @description("a") @description("b") { match { $p: P } return { $p } }',
      'duplicate @description annotation',
    ],
    [
      'query q() @instruction("a") @instruction("b") { match { $p: P } return { $p } }',
      'duplicate @instruction annotation',
    ],
    ['query q() { update P set { a: 1 } }', 'update/delete mutation requires a where predicate'],
    ['query q() { delete P }', 'update/delete mutation requires a where predicate'],
    ['query q() { update P { a: 1 } where a = 1 }', 'update mutation requires a set block'],
    ['query q() { match { $p: P } return { $p } limit -1 }', "invalid limit '-1'"],
    ['query q() { match { $p: P } return { $p } limit 99999999999999999999 }', 'invalid limit'],
    ['query q() { match { $p: P  $p.a == 1 } return { $p } }', "unknown operator '=='"],
    ['query q() { match { $p: P  $p.a like "x" } return { $p } }', "unknown operator 'like'"],
    ['query q() { delete P where a <> 1 }', "unknown operator '<>'"],
    ['query q($a: String, $a: I32) { match { $p: P } return { $p } }', 'duplicate parameter $a'],
    [
      'query q($a: enum(x)) { match { $p: P } return { $p } }',
      'enum parameter types are not supported',
    ],
    [
      'query q($a: Vector(0)) { match { $p: P } return { $p } }',
      'Vector dimension must be greater than zero',
    ],
    [
      'query q($a: Vector(2147483648)) { match { $p: P } return { $p } }',
      'Vector dimension must be at most 2147483647',
    ],
    ['query q($__nanograph_now: DateTime) { match { $p: P } return { $p } }', 'reserved for now()'],
    [
      'query q() { match { $p: P { a: "\\q" } } return { $p } }',
      'unsupported escape sequence: \\q',
    ],
    [
      'query q() { match { $p: P { a: date("2024-02-30") } } return { $p } }',
      'invalid date literal',
    ],
    [
      'query q() { match { $p: P { a: datetime("yesterday") } } return { $p } }',
      'invalid datetime literal',
    ],
    [
      'query q() { match { $p: P { a: [[1]] } } return { $p } }',
      'nested list literals are not supported',
    ],
    [
      'query q() { match { $p: P } return { $p } order { nearest($p.e, $q) desc } limit 1 }',
      'expected "," or "}"',
    ],
    [
      'query q() { match { $p knows{1,99999999999999999999} $f } return { $p } }',
      'invalid traversal bound',
    ],
    ['query q() { match { $p: P } return { $p as } }', 'expected identifier'],
    [
      'query q() { match { $p: P } return { $p } }\nquery q() { match { $p: P } return { $p } }',
      'duplicate query q',
    ],
  ])('rejects %s', (source, message) => {
    const error = parseError(source);
    expect(error).toMatch(/^parse error: bad\.gq:\d+:\d+: /);
    expect(error).toContain(message);
  });
});
