/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import type { MutationQueryIR, QueryIR, ReadQueryIR } from '../../ir/query-ir.js';
import searchPg from '../../../../test/fixtures/search.pg?raw';
import testPg from '../../../../test/fixtures/test.pg?raw';
import { compileSchema } from '../../schema/compile-schema.js';
import { compileQueries, compileQuery } from '../compile-queries.js';
import searchGq from '../../../../test/fixtures/search.gq?raw';
import testGq from '../../../../test/fixtures/test.gq?raw';

const testCatalog = compileSchema(testPg, { file: 'test.pg' });
const searchCatalog = compileSchema(searchPg, { file: 'search.pg' });
const testQueries = compileQueries(testCatalog, testGq, { file: 'test.gq' });
const searchQueries = compileQueries(searchCatalog, searchGq, { file: 'search.gq' });

function named(queries: readonly QueryIR[], name: string): ReadQueryIR {
  const query = queries.find((q) => q.name === name);
  if (query?.kind !== 'read') throw new Error(`no read query ${name}`);
  return query;
}

function readOf(source: string, catalog = testCatalog): ReadQueryIR {
  const query = compileQuery(catalog, source);
  if (query.kind !== 'read') throw new Error('expected a read query');
  return query;
}

function mutationOf(source: string): MutationQueryIR {
  const query = compileQuery(mutationCatalog, source);
  if (query.kind !== 'mutation') throw new Error('expected a mutation');
  return query;
}

const I32 = { type: { kind: 'scalar', scalar: 'I32' }, nullable: false } as const;
const STRING = { type: { kind: 'scalar', scalar: 'String' }, nullable: false } as const;

describe('IR of the shared fixtures', () => {
  it('lowers a binding with an inline match to a typed filter on a parameter', () => {
    const query = named(testQueries, 'get_person');
    expect(query.params).toEqual([
      { name: 'name', type: { kind: 'scalar', scalar: 'String' }, nullable: false },
    ]);
    expect(query.match.bindings).toEqual([
      {
        variable: 'p',
        nodeType: 'Person',
        declared: true,
        filters: [
          {
            left: {
              kind: 'property',
              variable: 'p',
              entity: 'node',
              typeName: 'Person',
              property: 'name',
              valueType: STRING,
            },
            op: '=',
            right: { kind: 'param', name: 'name', valueType: STRING },
          },
        ],
      },
    ]);
    expect(query.projections.map((p) => p.column)).toEqual(['p.name', 'p.age']);
  });

  it('keeps literals typed as the property they are compared with', () => {
    const query = named(testQueries, 'adults');
    expect(query.match.filters[0]?.right).toEqual({
      kind: 'literal',
      value: { kind: 'int', type: 'I32', value: 30 },
      valueType: I32,
    });
    expect(query.order).toMatchObject([
      { expr: { kind: 'property', property: 'age' }, direction: 'desc' },
    ]);
  });

  it('binds traversal endpoints and records the expansion direction', () => {
    expect(named(testQueries, 'friends_of').match).toMatchObject({
      bindings: [
        { variable: 'p', declared: true },
        { variable: 'f', nodeType: 'Person', declared: false },
      ],
      traversals: [
        {
          source: 'p',
          target: 'f',
          edgeType: 'Knows',
          sourceType: 'Person',
          targetType: 'Person',
          direction: 'out',
          undirected: false,
          minHops: 1,
          maxHops: 1,
          edgeVariable: undefined,
        },
      ],
    });
    expect(named(testQueries, 'employees_of').match.traversals).toMatchObject([
      { source: 'p', target: 'c', edgeType: 'WorksAt', direction: 'in' },
    ]);
  });

  it('lowers negation to an anti-join over an anonymous variable', () => {
    expect(named(testQueries, 'unemployed').match.negations).toEqual([
      {
        outerVariables: ['p'],
        match: {
          bindings: [{ variable: '_#1', nodeType: 'Company', declared: false, filters: [] }],
          traversals: [
            expect.objectContaining({ source: 'p', target: '_#1', edgeType: 'WorksAt' }),
          ],
          filters: [],
          searches: [],
          negations: [],
        },
      },
    ]);
  });

  it('types aggregates and makes the other projections group keys', () => {
    const stats = named(testQueries, 'age_stats');
    expect(stats.aggregated).toBe(true);
    expect(
      stats.projections.map((p) => [
        p.column,
        p.role,
        p.expr.valueType.type,
        p.expr.valueType.nullable,
      ]),
    ).toEqual([
      ['c.name', 'group-key', { kind: 'scalar', scalar: 'String' }, false],
      ['total_age', 'aggregate', { kind: 'scalar', scalar: 'F64' }, true],
      ['avg_age', 'aggregate', { kind: 'scalar', scalar: 'F64' }, true],
      ['youngest', 'aggregate', { kind: 'scalar', scalar: 'I32' }, true],
      ['oldest', 'aggregate', { kind: 'scalar', scalar: 'I32' }, true],
      ['headcount', 'aggregate', { kind: 'scalar', scalar: 'I64' }, false],
    ]);
  });

  it('orders an aggregating query by a projection, with its limit', () => {
    const counts = named(testQueries, 'friend_counts');
    expect(counts.order).toEqual([
      {
        expr: {
          kind: 'alias',
          name: 'friends',
          index: 1,
          valueType: { ...I32, type: { kind: 'scalar', scalar: 'I64' } },
        },
        direction: 'desc',
      },
    ]);
    expect(counts.limit).toBe(20);
  });

  it('lowers nearest, bm25, rrf and text searches', () => {
    expect(named(searchQueries, 'vector_search').order).toMatchObject([
      {
        expr: {
          kind: 'nearest',
          field: { property: 'embedding' },
          dimension: 4,
          query: { kind: 'param', name: 'q' },
          queryKind: 'vector',
        },
        direction: 'asc',
      },
    ]);
    expect(named(searchQueries, 'bm25_search').order).toMatchObject([
      { expr: { kind: 'bm25', field: { property: 'title' } }, direction: 'desc' },
    ]);
    expect(named(searchQueries, 'hybrid_search').order).toMatchObject([
      {
        expr: { kind: 'rrf', left: { kind: 'nearest' }, right: { kind: 'bm25' }, k: 60 },
        direction: 'desc',
      },
    ]);
    expect(named(searchQueries, 'fuzzy_search').match.searches).toMatchObject([
      {
        kind: 'text-search',
        mode: 'fuzzy',
        field: { property: 'title' },
        maxEdits: { kind: 'literal', value: { kind: 'int', type: 'U32', value: 2 } },
      },
    ]);
    expect(named(searchQueries, 'phrase_search').match.searches[0]?.mode).toBe('match_text');
  });
});

describe('IR of read constructs', () => {
  it('names result columns by the result-column rule', () => {
    const query = readOf(`query q($n: String) {
      match { $p: Person  $p knows $f }
      return { $p.name, $p.age as years, $p, "x", $n, count($f), now() }
    }`);
    expect(query.projections.map((p) => p.column)).toEqual([
      'p.name',
      'years',
      'p',
      'literal',
      'n',
      'count(f)',
      'now',
    ]);
    expect(query.projections[2]?.expr).toEqual({
      kind: 'entity-id',
      variable: 'p',
      typeName: 'Person',
      valueType: STRING,
    });
    expect(query.usesNow).toBe(true);
  });

  it('records variable-length, undirected and edge-bound traversals', () => {
    const query = readOf(`query q() {
      match { $a: Person  $a <knows>{2,3} $b  $a $w:knows $c  $w.since >= date("2023-01-01") }
      return { $c.name, $w.since }
    }`);
    expect(query.match.traversals).toMatchObject([
      {
        source: 'a',
        target: 'b',
        undirected: true,
        minHops: 2,
        maxHops: 3,
        edgeVariable: undefined,
      },
      { source: 'a', target: 'c', undirected: false, minHops: 1, maxHops: 1, edgeVariable: 'w' },
    ]);
    expect(query.match.filters).toMatchObject([
      {
        left: { kind: 'property', variable: 'w', entity: 'edge', typeName: 'Knows' },
        op: '>=',
        right: {
          kind: 'literal',
          value: { kind: 'date', days: 19358 },
          valueType: { type: { kind: 'scalar', scalar: 'Date' }, nullable: false },
        },
      },
    ]);
    expect(query.projections[1]?.column).toBe('w.since');
  });

  it('binds declared variables first and turns a re-stated binding into a scope filter', () => {
    const query = readOf(`query q() {
      match { $p knows $f  $f: Person { name: "Bob" }  $p: Person  $p: Person { age: 3 } }
      return { $p.name }
    }`);
    expect(query.match.bindings.map((b) => [b.variable, b.declared, b.filters.length])).toEqual([
      ['f', true, 1],
      ['p', true, 0],
    ]);
    expect(query.match.filters).toMatchObject([
      { left: { variable: 'p', property: 'age' }, op: '=' },
    ]);
  });

  it('keeps 64-bit literals exact', () => {
    const catalog = compileSchema('node Counter {\n  slug: String @key\n  hits: U64\n}');
    const query = readOf(
      'query q() { match { $c: Counter  $c.hits > 9007199254740993 } return { $c.slug } }',
      catalog,
    );
    expect(query.match.filters[0]?.right).toMatchObject({
      value: { kind: 'bigint', type: 'U64', value: 9007199254740993n },
    });
  });

  it('matches a scalar against a list property as membership', () => {
    const catalog = compileSchema('node Tagged {\n  slug: String @key\n  tags: [String]\n}');
    const query = readOf(
      'query q() { match { $t: Tagged { tags: "x" } } return { $t.slug } }',
      catalog,
    );
    expect(query.match.bindings[0]?.filters[0]).toMatchObject({
      op: 'contains',
      right: { kind: 'literal', value: { kind: 'string', value: 'x' } },
    });
  });

  it('defaults rrf k and nearest text queries', () => {
    const query = readOf(
      'query q($t: String) { match { $d: Doc } return { $d.slug } order { rrf(nearest($d.embedding, $t), bm25($d.body, $t), 5) } limit 3 }',
      searchCatalog,
    );
    expect(query.order[0]?.expr).toMatchObject({ kind: 'rrf', k: 5, left: { queryKind: 'text' } });
  });
});

const mutationCatalog = compileSchema(`
  node Person {
    name: String @key
    age: I32?
  }
  node Note {
    text: String
  }
  edge Knows: Person -> Person {
    since: Date?
  }
`);

describe('IR of mutations', () => {
  it('lowers keyed and generated-id inserts and edge inserts', () => {
    const query = mutationOf(`query m($n: String, $a: I32) {
      insert Person { name: $n, age: $a }
      insert Note { text: "hi" }
      insert Knows { from: $n, to: "Bob", since: date("2024-01-01") }
    }`);
    expect(query.statements).toEqual([
      {
        kind: 'insert-node',
        typeName: 'Person',
        identity: 'key',
        assignments: [
          { property: 'name', value: { kind: 'param', name: 'n', valueType: STRING } },
          { property: 'age', value: { kind: 'param', name: 'a', valueType: I32 } },
        ],
      },
      {
        kind: 'insert-node',
        typeName: 'Note',
        identity: 'generated',
        assignments: [
          {
            property: 'text',
            value: { kind: 'literal', value: { kind: 'string', value: 'hi' }, valueType: STRING },
          },
        ],
      },
      {
        kind: 'insert-edge',
        typeName: 'Knows',
        from: { kind: 'param', name: 'n', valueType: STRING },
        to: { kind: 'literal', value: { kind: 'string', value: 'Bob' }, valueType: STRING },
        assignments: [
          {
            property: 'since',
            value: {
              kind: 'literal',
              value: { kind: 'date', days: 19723 },
              valueType: { type: { kind: 'scalar', scalar: 'Date' }, nullable: false },
            },
          },
        ],
      },
    ]);
  });

  it('lowers update and delete predicates, including edge endpoints', () => {
    const update = mutationOf(
      'query m($n: String) { update Person set { age: 3 } where name = $n }',
    ).statements[0];
    expect(update).toMatchObject({
      kind: 'update-node',
      assignments: [
        { property: 'age', value: { kind: 'literal', value: { kind: 'int', value: 3 } } },
      ],
      where: {
        field: { kind: 'property', property: 'name' },
        op: '=',
        value: { kind: 'param', name: 'n' },
      },
    });
    const deletes = mutationOf(
      'query m($n: String) { delete Knows where from = $n delete Person where age < 3 }',
    ).statements;
    expect(deletes).toMatchObject([
      { kind: 'delete-edge', where: { field: { kind: 'endpoint', endpoint: 'from' } } },
      { kind: 'delete-node', where: { field: { kind: 'property', property: 'age' }, op: '<' } },
    ]);
  });

  it('marks now() in a mutation', () => {
    const catalog = compileSchema('node Event {\n  slug: String @key\n  at: DateTime\n}');
    const query = compileQuery(
      catalog,
      'query m($s: String) { insert Event { slug: $s, at: now() } }',
    );
    expect(query.usesNow).toBe(true);
  });
});

describe('compileQuery', () => {
  it('compiles the only query, or the one named', () => {
    expect(compileQuery(testCatalog, testGq, { name: 'adults' }).name).toBe('adults');
    expect(
      compileQuery(testCatalog, 'query one() { match { $p: Person } return { $p } }').name,
    ).toBe('one');
  });

  it('names the declared queries when the choice is unclear', () => {
    expect(() => compileQuery(testCatalog, testGq)).toThrow(
      /declares get_person, adults.*name the query/,
    );
    expect(() => compileQuery(testCatalog, testGq, { name: 'nope' })).toThrow(
      "query 'nope' not found in <query>; it declares get_person, adults,",
    );
  });
});
