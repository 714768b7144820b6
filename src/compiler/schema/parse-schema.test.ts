import { describe, expect, it } from 'vitest';
import { OmniError } from '../../util/omni-error.js';
import { parseSchema } from './parse-schema.js';
import type { NodeDecl, PropertyDecl } from './schema-ast.js';

function onlyNode(source: string): NodeDecl {
  const [decl] = parseSchema(source).declarations;
  if (decl?.kind !== 'node') throw new Error('expected one node');
  return decl;
}

function property(type: string): PropertyDecl {
  const [member] = onlyNode(`node A { p: ${type} }`).members;
  if (member?.kind !== 'property') throw new Error('expected a property');
  return member;
}

function parseMessage(source: string): string {
  try {
    parseSchema(source, { file: 'x.pg' });
  } catch (error) {
    if (error instanceof OmniError && error.code === 'parse_error') return error.message;
    throw error;
  }
  throw new Error('expected a parse error');
}

describe('parseSchema', () => {
  it('parses an empty file and one of only comments', () => {
    expect(parseSchema('').declarations).toEqual([]);
    expect(parseSchema('// line\n/* block\n spanning */\n').declarations).toEqual([]);
  });

  it('parses an interface', () => {
    expect(parseSchema('interface Named { name: String @key }').declarations).toMatchObject([
      {
        kind: 'interface',
        name: 'Named',
        properties: [{ kind: 'property', name: 'name', annotations: [{ name: 'key' }] }],
        location: { line: 1, column: 1 },
      },
    ]);
  });

  it('parses a node with annotations before implements', () => {
    const node = onlyNode(
      'node Person @description("a person") @ui(hidden) implements Named, Aged { age: I32? }',
    );
    expect(node).toMatchObject({
      name: 'Person',
      annotations: [
        { name: 'description', value: { kind: 'string', value: 'a person' } },
        { name: 'ui', value: { kind: 'ident', name: 'hidden' } },
      ],
      implements: [{ name: 'Named' }, { name: 'Aged' }],
      members: [{ kind: 'property', name: 'age', type: { nullable: true } }],
    });
  });

  it('parses an edge with cardinality, annotations and a body', () => {
    const [edge] = parseSchema(
      'edge Knows: Person -> Person @card(0..1) @description("k") { since: Date? @unique(src, dst) }',
    ).declarations;
    expect(edge).toMatchObject({
      kind: 'edge',
      name: 'Knows',
      from: { name: 'Person' },
      to: { name: 'Person' },
      cardinality: { min: 0n, max: 1n },
      annotations: [{ name: 'description' }],
      members: [
        { kind: 'property', name: 'since' },
        {
          kind: 'constraint',
          name: 'unique',
          args: [
            { kind: 'ident', name: 'src' },
            { kind: 'ident', name: 'dst' },
          ],
        },
      ],
    });
  });

  it('parses body-less edges and an open cardinality', () => {
    const decls = parseSchema(
      'edge WorksAt: Person -> Company\nedge Likes: Person -> Company @card(1..)\nnode X {}',
    ).declarations;
    expect(decls).toMatchObject([
      { kind: 'edge', name: 'WorksAt', cardinality: null, members: [] },
      { kind: 'edge', name: 'Likes', cardinality: { min: 1n, max: null } },
      { kind: 'node', name: 'X' },
    ]);
  });

  it('parses every base type, nullable or not', () => {
    for (const scalar of [
      'String',
      'Blob',
      'Bool',
      'I32',
      'I64',
      'U32',
      'U64',
      'F32',
      'F64',
      'Date',
      'DateTime',
    ]) {
      expect(property(scalar).type).toMatchObject({
        core: { kind: 'scalar', scalar },
        nullable: false,
      });
      expect(property(`${scalar}?`).type).toMatchObject({ nullable: true });
    }
  });

  it('parses lists, enums and vectors', () => {
    expect(property('[String]?').type).toMatchObject({
      core: { kind: 'list', element: 'String' },
      nullable: true,
    });
    expect(property('enum(b-c, a, d_e, 1x)').type.core).toEqual({
      kind: 'enum',
      values: ['b-c', 'a', 'd_e', '1x'],
    });
    expect(property('enum()').type.core).toEqual({ kind: 'enum', values: [] });
    expect(property('Vector(1536)').type.core).toEqual({ kind: 'vector', dimension: 1536n });
  });

  it('parses property annotations with values and kwargs of every literal kind', () => {
    const decl = property(
      'Vector(4) @embed("body", model="m-1") @weight(2.5) @rank(3) @flag(true) @mode(fast)',
    );
    expect(decl.annotations).toMatchObject([
      {
        name: 'embed',
        value: { kind: 'string', value: 'body' },
        kwargs: [{ name: 'model', value: { kind: 'string', value: 'm-1' } }],
      },
      { name: 'weight', value: { kind: 'float', value: 2.5, text: '2.5' } },
      { name: 'rank', value: { kind: 'integer', value: 3n } },
      { name: 'flag', value: { kind: 'bool', value: true } },
      { name: 'mode', value: { kind: 'ident', name: 'fast' } },
    ]);
  });

  it('parses bare @key, @unique and @index as annotations', () => {
    expect(property('String @key @unique @index').annotations.map((a) => a.name)).toEqual([
      'key',
      'unique',
      'index',
    ]);
  });

  it('parses body constraints with ranges open on either side and signed numbers', () => {
    const node = onlyNode(`node Sku {
      code: String
      qty: I32
      @key(code)
      @range(qty, 0..1000)
      @range(qty, -5..)
      @range(qty, ..-1.5)
      @check(code, "^[A-Z]{3}-[0-9]+$")
    }`);
    expect(node.members.filter((member) => member.kind === 'constraint')).toMatchObject([
      { name: 'key', args: [{ kind: 'ident', name: 'code' }] },
      {
        name: 'range',
        args: [
          { kind: 'ident', name: 'qty' },
          { kind: 'range', min: { kind: 'integer', value: 0n }, max: { value: 1000n } },
        ],
      },
      { name: 'range', args: [{}, { min: { kind: 'integer', value: -5n }, max: null }] },
      { name: 'range', args: [{}, { min: null, max: { kind: 'float', value: -1.5 } }] },
      { name: 'check', args: [{}, { kind: 'string', value: '^[A-Z]{3}-[0-9]+$' }] },
    ]);
  });

  it('ends a property annotation list at a body constraint', () => {
    const node = onlyNode('node A { a: String @index @unique(a) }');
    expect(node.members).toMatchObject([
      { kind: 'property', annotations: [{ name: 'index' }] },
      { kind: 'constraint', name: 'unique' },
    ]);
  });

  it('decodes string escapes', () => {
    expect(property('String @description("a\\"b\\\\c\\td")').annotations[0]?.value).toMatchObject({
      value: 'a"b\\c\td',
    });
  });

  it('records where each declaration starts', () => {
    const [, second] = parseSchema('node A {}\n\n  node B {\n  x: I32 }').declarations;
    expect(second?.location).toEqual({ line: 3, column: 3 });
  });

  it('rejects syntax errors with file, line, column and what was expected', () => {
    expect(parseMessage('node person {}')).toBe(
      'parse error: x.pg:1:6: expected type name, found "p"',
    );
    expect(parseMessage('node A {\n  Name: String\n}')).toMatch(
      /^parse error: x\.pg:2:3: expected /,
    );
    expect(parseMessage('node A { a: 5 }')).toMatch(/^parse error: x\.pg:1:13: expected .*type/);
    expect(parseMessage('edge E: A B')).toBe('parse error: x.pg:1:11: expected "->", found "B"');
    expect(parseMessage('node A { a: String @x("\\q") }')).toBe(
      'parse error: x.pg:1:23: unsupported escape sequence: \\q',
    );
    expect(parseMessage('node A {} /* unterminated')).toMatch(/^parse error: x\.pg:1:11: /);
  });

  it('names an unknown property type, suggesting the closest type name', () => {
    expect(parseMessage('node A {\n  a: Strng?\n}')).toBe(
      "parse error: x.pg:2:6: unknown type 'Strng'; did you mean 'String'?",
    );
    expect(parseMessage('node A { a: [bool] }')).toBe(
      "parse error: x.pg:1:14: unknown type 'bool'; did you mean 'Bool'?",
    );
    expect(parseMessage('node A { a: Vectr(3) }')).toBe(
      "parse error: x.pg:1:13: unknown type 'Vectr'; did you mean 'Vector'?",
    );
    expect(parseMessage('node A { a: enm(x, y) }')).toBe(
      "parse error: x.pg:1:13: unknown type 'enm'; did you mean 'enum'?",
    );
    expect(parseMessage('node A { a: Person }')).toBe(
      "parse error: x.pg:1:13: unknown type 'Person'",
    );
    expect(parseMessage('node A { a: Vector }')).toMatch(/^parse error: x\.pg:1:20: expected "\("/);
  });

  it('requires keywords to stand alone', () => {
    expect(parseMessage('nodeA {}')).toMatch(/^parse error: x\.pg:1:1: /);
    expect(parseMessage('node A { a: I32x }')).toMatch(/^parse error: x\.pg:1:13: /);
  });

  it('takes no whitespace between @ and the annotation name', () => {
    expect(parseMessage('node A { a: I32 @ key }')).toMatch(/^parse error: x\.pg:1:/);
  });
});
