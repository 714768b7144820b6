import { describe, expect, it } from 'vitest';
import { compileSchema } from '../schema/compile-schema.js';
import { lintQueries, NO_PARAMS_WARNING } from './lint-queries.js';
import { renderLint } from './render-lint.js';

const policyCatalog = compileSchema(`
  node Policy {
    slug: String @key
    name: String?
    effectiveTo: DateTime?
  }
`);

const POLICY_QUERIES = `
  query update_policy($slug: String, $name: String) {
    update Policy set { name: $name } where slug = $slug
  }
  query list_policies() {
    match { $p: Policy }
    return { $p.name $p.effectiveTo }
  }
`;

function lint(source: string, catalog = policyCatalog) {
  return lintQueries({
    catalog,
    source,
    queryPath: 'queries.gq',
    schemaSource: { kind: 'file', path: 'schema.pg' },
  });
}

describe('lintQueries', () => {
  it('reports descriptors and the L201 finding', () => {
    expect(lint(POLICY_QUERIES)).toEqual({
      status: 'ok',
      schema_source: { kind: 'file', path: 'schema.pg' },
      query_path: 'queries.gq',
      queries_processed: 2,
      errors: 0,
      warnings: 1,
      infos: 0,
      results: [
        {
          name: 'update_policy',
          kind: 'mutation',
          status: 'ok',
          warnings: [],
          operation: {
            result: [],
            reads: [{ kind: 'node', type_name: 'Policy' }],
            writes: [{ kind: 'node', type_name: 'Policy' }],
          },
        },
        {
          name: 'list_policies',
          kind: 'read',
          status: 'ok',
          warnings: [],
          operation: {
            result: [
              { name: 'name', kind: 'string', nullable: true },
              { name: 'effectiveTo', kind: 'datetime', nullable: true },
            ],
            reads: [{ kind: 'node', type_name: 'Policy' }],
            writes: [],
          },
        },
      ],
      findings: [
        {
          severity: 'warning',
          code: 'L201',
          message: 'Policy.effectiveTo exists in schema but no update query sets it',
          type_name: 'Policy',
          property: 'effectiveTo',
          query_names: ['update_policy'],
        },
      ],
    });
  });

  it('fails a query with an unknown update property, without an operation', () => {
    const output = lint(`
      query bad($slug: String) { update Policy set { nope: "x" } where slug = $slug }
      query good() { match { $p: Policy } return { $p.slug } }
    `);
    expect(output.status).toBe('error');
    expect(output.errors).toBe(1);
    expect(output.results[0]).toEqual({
      name: 'bad',
      kind: 'mutation',
      status: 'error',
      warnings: [],
      error: "type error: T11: queries.gq:2:54: node type Policy has no property 'nope'",
    });
    expect(output.results[1]?.status).toBe('ok');
  });
});

describe('lintQueries findings and warnings', () => {
  it('reports a parse error as Q000 and processes no query', () => {
    const output = lint('query broken( {');
    expect(output).toMatchObject({ status: 'error', queries_processed: 0, errors: 1, results: [] });
    expect(output.findings).toMatchObject([{ severity: 'error', code: 'Q000', query_names: [] }]);
    expect(output.findings[0]?.message).toMatch(/^parse error: queries\.gq:1:15: expected/);
  });

  it('warns on a mutation without params', () => {
    const output = lint('query purge() { delete Policy where slug = "x" }');
    expect(output.results[0]?.warnings).toEqual([NO_PARAMS_WARNING]);
    expect(output.warnings).toBe(1);
    expect(output.status).toBe('ok');
  });

  it('leaves out key members, embed sources and non-nullable properties from L201', () => {
    const catalog = compileSchema(`
      node Doc {
        slug: String @key
        title: String?
        body: String
        note: String?
        embedding: Vector(2)? @embed("title")
      }
    `);
    const output = lint(
      'query touch($s: String) { update Doc set { body: "b" } where slug = $s }',
      catalog,
    );
    expect(output.findings.map((f) => f.property)).toEqual(['note', 'embedding']);
  });
});

describe('operation descriptors', () => {
  const catalog = compileSchema(`
    node Person {
      name: String @key
      age: I32?
      visits: U64?
      score: F32?
      born: Date?
      tags: [I64]?
      active: Bool?
      embedding: Vector(3)?
    }
    node Company {
      name: String @key
    }
    edge Knows: Person -> Person
    edge WorksAt: Person -> Company
  `);

  function operation(source: string) {
    const result = lint(source, catalog).results[0];
    expect(result?.status).toBe('ok');
    return result?.operation;
  }

  it('describes every result kind, by property or function name unless aliased', () => {
    expect(
      operation(`query q($v: Vector(3)) {
        match { $p: Person }
        return { $p.age $p.visits $p.score $p.born $p.tags $p.active $p.embedding $p
                 nearest($p.embedding, $v) as near "x" }
        order { nearest($p.embedding, $v) }
        limit 3
      }`)?.result,
    ).toEqual([
      { name: 'age', kind: 'int', nullable: true },
      { name: 'visits', kind: 'bigint', nullable: true },
      { name: 'score', kind: 'float', nullable: true },
      { name: 'born', kind: 'date', nullable: true },
      { name: 'tags', kind: 'list', nullable: true, item_kind: 'bigint' },
      { name: 'active', kind: 'bool', nullable: true },
      { name: 'embedding', kind: 'vector', nullable: true, vector_dim: 3 },
      { name: 'p', kind: 'string', nullable: false },
      { name: 'near', kind: 'float', nullable: false },
      { name: 'literal', kind: 'string', nullable: false },
    ]);
    expect(
      operation('query q() { match { $p: Person  $p knows $f } return { $p.name, count($f) } }')
        ?.result,
    ).toEqual([
      { name: 'name', kind: 'string', nullable: false },
      { name: 'count', kind: 'bigint', nullable: false },
    ]);
  });

  it('reads the types a read query binds and traverses, negations included', () => {
    expect(
      operation(
        'query q() { match { $p: Person  $p knows $f  not { $f worksAt $_ } } return { $p.name } }',
      ),
    ).toEqual({
      result: [{ name: 'name', kind: 'string', nullable: false }],
      reads: [
        { kind: 'edge', type_name: 'Knows' },
        { kind: 'edge', type_name: 'WorksAt' },
        { kind: 'node', type_name: 'Company' },
        { kind: 'node', type_name: 'Person' },
      ],
      writes: [],
    });
  });

  it('adds incident edges to a node delete and endpoint types to an edge insert', () => {
    expect(operation('query d($n: String) { delete Person where name = $n }')).toEqual({
      result: [],
      reads: [
        { kind: 'edge', type_name: 'Knows' },
        { kind: 'edge', type_name: 'WorksAt' },
        { kind: 'node', type_name: 'Person' },
      ],
      writes: [
        { kind: 'edge', type_name: 'Knows' },
        { kind: 'edge', type_name: 'WorksAt' },
        { kind: 'node', type_name: 'Person' },
      ],
    });
    expect(
      operation(
        'query i($a: String, $c: String) { insert WorksAt { from: $a, to: $c } insert Person { name: $a } }',
      ),
    ).toEqual({
      result: [],
      reads: [
        { kind: 'node', type_name: 'Company' },
        { kind: 'node', type_name: 'Person' },
      ],
      writes: [
        { kind: 'edge', type_name: 'WorksAt' },
        { kind: 'node', type_name: 'Person' },
      ],
    });
  });
});

describe('renderLint', () => {
  it('prints warnings, errors, findings and the summary', () => {
    const output = lint(`
      query purge() { delete Policy where slug = "x" }
      query bad($s: String) { update Policy set { nope: 1 } where slug = $s }
      query set_name($s: String, $n: String) { update Policy set { name: $n } where slug = $s }
    `);
    expect(renderLint(output)).toBe(
      [
        `WARN  query \`purge\`: ${NO_PARAMS_WARNING}`,
        "ERROR query `bad`: type error: T11: queries.gq:3:51: node type Policy has no property 'nope'",
        'WARN  Policy.effectiveTo exists in schema but no update query sets it',
        'INFO  Lint complete: 3 queries processed (1 error(s), 2 warning(s), 0 info item(s))',
        '',
      ].join('\n'),
    );
  });
});
