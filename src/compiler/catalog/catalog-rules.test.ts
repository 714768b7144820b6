import { describe, expect, it } from 'vitest';
import { OmniError } from '../../util/omni-error.js';
import { compileSchema } from '../schema/compile-schema.js';

/** A catalog rule: a schema that breaks it (with the message) and a close one that keeps it. */
interface Rule {
  readonly rule: string;
  readonly failing: string;
  readonly message: string;
  readonly passing: string;
}

const PEOPLE = 'node Person { name: String @key }\nnode Company { name: String @key }\n';

const TYPE_RULES: readonly Rule[] = [
  {
    rule: 'node type names are unique',
    failing: 'node A { x: I32 }\nnode A { y: I32 }',
    message: 'duplicate node type: A',
    passing: 'node A { x: I32 }\nnode B { y: I32 }',
  },
  {
    rule: 'edge type names are unique',
    failing: `${PEOPLE}edge E: Person -> Person\nedge E: Person -> Company`,
    message: 'duplicate edge type: E',
    passing: `${PEOPLE}edge E: Person -> Person\nedge F: Person -> Company`,
  },
  {
    rule: 'interface names are unique',
    failing: 'interface I { a: I32 }\ninterface I { b: I32 }',
    message: 'duplicate interface: I',
    passing: 'interface I { a: I32 }\ninterface J { b: I32 }',
  },
  {
    rule: 'edge names are unique after case folding',
    failing: `${PEOPLE}edge WorksAt: Person -> Company\nedge Worksat: Person -> Company`,
    message: "edge name collision after case folding: 'Worksat' conflicts with 'WorksAt'",
    passing: `${PEOPLE}edge WorksAt: Person -> Company\nedge WorkedAt: Person -> Company`,
  },
  {
    rule: 'edge sources exist',
    failing: `${PEOPLE}edge E: Human -> Person`,
    message: 'edge E references unknown source type: Human',
    passing: `${PEOPLE}edge E: Company -> Person`,
  },
  {
    rule: 'edge targets exist',
    failing: `${PEOPLE}edge E: Person -> Firm`,
    message: 'edge E references unknown target type: Firm',
    passing: `${PEOPLE}edge E: Person -> Company`,
  },
  {
    rule: 'implemented interfaces exist',
    failing: 'node A implements Named { x: I32 }',
    message: "node A implements unknown interface 'Named'",
    passing: 'interface Named { name: String }\nnode A implements Named { x: I32 }',
  },
  {
    rule: 'an interface is implemented once',
    failing: 'interface N { n: String }\nnode A implements N, N { x: I32 }',
    message: "node A implements interface 'N' more than once",
    passing:
      'interface N { n: String }\ninterface M { m: String }\nnode A implements N, M { x: I32 }',
  },
  {
    rule: 'a redeclared interface property keeps its type',
    failing: 'interface Named { name: String }\nnode A implements Named { name: String? }',
    message: "node A property 'name' has type String? but interface Named declares it as String",
    passing: 'interface Named { name: String }\nnode A implements Named { name: String }',
  },
  {
    rule: 'two interfaces agree on a shared property',
    failing: 'interface N { v: I32 }\ninterface M { v: I64 }\nnode A implements N, M { x: I32 }',
    message: "node A property 'v' has type I32 but interface M declares it as I64",
    passing: 'interface N { v: I32 }\ninterface M { v: I32 }\nnode A implements N, M { x: I32 }',
  },
  {
    rule: 'cardinality min does not exceed max',
    failing: `${PEOPLE}edge E: Person -> Person @card(3..2)`,
    message: 'cardinality min (3) exceeds max (2)',
    passing: `${PEOPLE}edge E: Person -> Person @card(2..2)`,
  },
  {
    rule: 'cardinality bounds fit a safe integer',
    failing: `${PEOPLE}edge E: Person -> Person @card(0..9007199254740992)`,
    message: 'cardinality bound 9007199254740992 is too large',
    passing: `${PEOPLE}edge E: Person -> Person @card(0..9007199254740991)`,
  },
];

const PROPERTY_RULES: readonly Rule[] = [
  {
    rule: 'property names are unique in a type',
    failing: 'node A { x: I32\n x: I64 }',
    message: 'duplicate property: A.x',
    passing: 'node A { x: I32\n y: I64 }',
  },
  {
    rule: 'Lance row columns are reserved',
    failing: 'node A { _rowid: I64 }',
    message: "property name '_rowid' is reserved (A._rowid)",
    passing: 'node A { _row: I64 }',
  },
  {
    rule: 'every Lance row column is reserved',
    failing: 'node A { _row_last_updated_at_version: I64 }',
    message:
      "property name '_row_last_updated_at_version' is reserved (A._row_last_updated_at_version)",
    passing: 'node A { row_last_updated_at_version: I64 }',
  },
  {
    rule: 'id is reserved for the identity column',
    failing: 'node A { id: String }',
    message: "property name 'id' is reserved (A.id)",
    passing: 'node A { ident: String }',
  },
  {
    rule: 'src and dst are reserved on edges',
    failing: `${PEOPLE}edge E: Person -> Person { src: String? }`,
    message: "property name 'src' is reserved (E.src)",
    passing: `${PEOPLE}edge E: Person -> Person { source: String? }\nnode N { src: String }`,
  },
  {
    rule: 'Vector dimension is positive',
    failing: 'node A { v: Vector(0) }',
    message: 'Vector dimension must be greater than zero',
    passing: 'node A { v: Vector(1) }',
  },
  {
    rule: 'Vector dimension fits an i32',
    failing: 'node A { v: Vector(2147483648) }',
    message: 'Vector dimension must be at most 2147483647',
    passing: 'node A { v: Vector(2147483647) }',
  },
  {
    rule: 'lists of Blob are refused',
    failing: 'node A { b: [Blob] }',
    message: 'list of Blob is not supported',
    passing: 'node A { b: Blob\n c: [String] }',
  },
  {
    rule: 'an enum has values',
    failing: 'node A { e: enum() }',
    message: 'enum of A.e must have at least one value',
    passing: 'node A { e: enum(x) }',
  },
  {
    rule: 'enum values are distinct',
    failing: 'node A { e: enum(x, y, x) }',
    message: "enum of A.e has duplicate value 'x'",
    passing: 'node A { e: enum(x, y, z) }',
  },
];

const CONSTRAINT_RULES: readonly Rule[] = [
  {
    rule: 'one @key per node',
    failing: 'node A { a: String @key\n b: String @key }',
    message: 'node type A has multiple @key constraints',
    passing: 'node A { a: String\n b: String\n @key(a, b) }',
  },
  {
    rule: 'one @key per node, body and property forms together',
    failing: 'node A { a: String @key\n @key(a) }',
    message: 'node type A has multiple @key constraints',
    passing: 'node A { a: String\n @key(a) }',
  },
  {
    rule: '@key names existing properties',
    failing: 'node A { a: String\n @key(b) }',
    message: "@key on node A references unknown property 'b'",
    passing: 'node A { a: String\n b: String\n @key(b) }',
  },
  {
    rule: '@key properties are not nullable',
    failing: 'node A { a: String? @key }',
    message: '@key property A.a must not be nullable',
    passing: 'node A { a: String @key }',
  },
  {
    rule: '@key properties are not lists',
    failing: 'node A { a: [String]\n @key(a) }',
    message: '@key is not supported on A.a of type [String]',
    passing: 'node A { a: String\n @key(a) }',
  },
  {
    rule: '@key properties are not vectors',
    failing: 'node A { v: Vector(3) @key }',
    message: '@key is not supported on A.v of type Vector(3)',
    passing: 'node A { v: Vector(3)\n k: I64 @key }',
  },
  {
    rule: '@key properties are not Blobs',
    failing: 'node A { b: Blob @key }',
    message: '@key is not supported on A.b of type Blob',
    passing: 'node A { b: Blob\n k: enum(x, y) @key }',
  },
  {
    rule: '@key arguments are property names',
    failing: 'node A { a: String @key("a") }',
    message: '@key arguments must be property names',
    passing: 'node A { a: String\n @key(a) }',
  },
  {
    rule: 'no @key on edges (body)',
    failing: `${PEOPLE}edge E: Person -> Person { w: I32\n @key(w) }`,
    message: '@key constraint is not supported on edges',
    passing: `${PEOPLE}edge E: Person -> Person { w: I32\n @unique(w) }`,
  },
  {
    rule: 'no @key on edges (property)',
    failing: `${PEOPLE}edge E: Person -> Person { w: I32 @key }`,
    message: '@key constraint is not supported on edges',
    passing: `${PEOPLE}edge E: Person -> Person { w: I32 @index }`,
  },
  {
    rule: '@unique names existing properties; edges may name src and dst',
    failing: `${PEOPLE}edge E: Person -> Person { @unique(src, target) }`,
    message: "@unique on edge E references unknown property 'target'",
    passing: `${PEOPLE}edge E: Person -> Person { @unique(src, dst) }`,
  },
  {
    rule: 'src and dst are not node properties',
    failing: 'node A { a: String\n @unique(src) }',
    message: "@unique on node A references unknown property 'src'",
    passing: 'node A { src: String\n @unique(src) }',
  },
  {
    rule: 'no @unique on Blob',
    failing: 'node A { b: Blob @unique }',
    message: '@unique is not supported on A.b of type Blob',
    passing: 'node A { b: Blob\n c: String @unique }',
  },
  {
    rule: 'no @unique on vectors',
    failing: 'node A { v: Vector(2) @unique }',
    message: '@unique is not supported on A.v of type Vector(2)',
    passing: 'node A { v: Vector(2) @index }',
  },
  {
    rule: 'no @unique on lists',
    failing: 'node A { l: [I32]\n @unique(l) }',
    message: '@unique is not supported on A.l of type [I32]',
    passing: 'node A { l: I32\n @unique(l) }',
  },
  {
    rule: '@index names existing properties',
    failing: `${PEOPLE}edge E: Person -> Person { w: I32\n @index(weight) }`,
    message: "@index on edge E references unknown property 'weight'",
    passing: `${PEOPLE}edge E: Person -> Person { w: I32\n @index(w, dst) }`,
  },
  {
    rule: 'no @index on lists',
    failing: 'node A { tags: [String] @index }',
    message: '@index is not supported on A.tags of type [String]',
    passing: 'node A { tags: [String]\n tag: String @index }',
  },
  {
    rule: 'no @index on Blob',
    failing: 'node A { b: Blob\n @index(b) }',
    message: '@index is not supported on A.b of type Blob',
    passing: 'node A { b: Blob\n d: Date\n @index(d) }',
  },
  {
    rule: '@range needs a property and bounds',
    failing: 'node A { n: I32\n @range(n) }',
    message: '@range expects (property, min..max)',
    passing: 'node A { n: I32\n @range(n, 0..) }',
  },
  {
    rule: '@range names an existing property',
    failing: 'node A { n: I32\n @range(m, 0..1) }',
    message: "@range on node A references unknown property 'm'",
    passing: 'node A { n: I32\n @range(n, 0..1) }',
  },
  {
    rule: '@range is on numeric properties only',
    failing: 'node A { s: String\n @range(s, 0..1) }',
    message: '@range on A.s requires a numeric property, found String',
    passing: 'node A { s: F64?\n @range(s, -0.5..1) }',
  },
  {
    rule: '@range bounds are ordered',
    failing: 'node A { n: I64\n @range(n, 10..-10) }',
    message: '@range on A.n has min greater than max',
    passing: 'node A { n: I64\n @range(n, -10..10) }',
  },
  {
    rule: '@range is on nodes only',
    failing: `${PEOPLE}edge E: Person -> Person { w: I32\n @range(w, 0..1) }`,
    message: '@range constraint is not supported on edges',
    passing: 'node E { w: I32\n @range(w, 0..1) }',
  },
  {
    rule: '@check needs a property and a pattern',
    failing: 'node A { s: String\n @check(s, 1) }',
    message: '@check expects (property, "regex")',
    passing: 'node A { s: String\n @check(s, "1") }',
  },
  {
    rule: '@check is on String properties only',
    failing: 'node A { n: I32\n @check(n, "^[0-9]+$") }',
    message: '@check on A.n requires a String property, found I32',
    passing: 'node A { n: String?\n @check(n, "^[0-9]+$") }',
  },
  {
    rule: '@check patterns are valid regular expressions',
    failing: 'node A { s: String\n @check(s, "([a-z]") }',
    message:
      "@check on A.s has invalid regex '([a-z]': Invalid regular expression: /([a-z]/u: Unterminated group",
    passing: 'node A { s: String\n @check(s, "([a-z])") }',
  },
  {
    rule: '@check is on nodes only',
    failing: `${PEOPLE}edge E: Person -> Person { s: String\n @check(s, "x") }`,
    message: '@check constraint is not supported on edges',
    passing: 'node E { s: String\n @check(s, "x") }',
  },
];

const ANNOTATION_RULES: readonly Rule[] = [
  {
    rule: '@description at most once on a type',
    failing: 'node A @description("a") @description("b") { x: I32 }',
    message: '@description may appear at most once on node A',
    passing: 'node A @description("a") { x: I32 }',
  },
  {
    rule: '@description at most once on a property',
    failing: 'node A { x: I32 @description("a") @description("b") }',
    message: '@description may appear at most once on A.x',
    passing: 'node A { x: I32 @description("a") }',
  },
  {
    rule: '@description is non-empty',
    failing: 'node A @description("") { x: I32 }',
    message: '@description on node A must be one non-empty string',
    passing: 'node A @description(" ") { x: I32 }',
  },
  {
    rule: '@description is a string',
    failing: `${PEOPLE}edge E: Person -> Person @description(3)`,
    message: '@description on edge E must be one non-empty string',
    passing: `${PEOPLE}edge E: Person -> Person @description("3")`,
  },
  {
    rule: '@instruction at most once',
    failing: 'node A @instruction("a") @instruction("b") { x: I32 }',
    message: '@instruction may appear at most once on node A',
    passing: 'node A @instruction("a") @description("b") { x: I32 }',
  },
  {
    rule: '@instruction is non-empty',
    failing: `${PEOPLE}edge E: Person -> Person @instruction("")`,
    message: '@instruction on edge E must be one non-empty string',
    passing: `${PEOPLE}edge E: Person -> Person @instruction("use it")`,
  },
  {
    rule: '@instruction is not on properties',
    failing: 'node A { x: I32 @instruction("x") }',
    message: '@instruction is not supported on properties (A.x)',
    passing: 'node A @instruction("x") { x: I32 }',
  },
  {
    rule: '@embed is on Vector properties',
    failing: 'node A { t: String\n v: [F32] @embed("t") }',
    message: '@embed on A.v requires a Vector property',
    passing: 'node A { t: String\n v: Vector(8) @embed("t") }',
  },
  {
    rule: '@embed names a source',
    failing: 'node A { t: String\n v: Vector(8) @embed }',
    message: '@embed on A.v requires a source property name',
    passing: 'node A { t: String\n v: Vector(8) @embed("t") }',
  },
  {
    rule: '@embed source exists',
    failing: 'node A { t: String\n v: Vector(8) @embed("title") }',
    message: "@embed on A.v references unknown property 'title'",
    passing: 'node A { title: String?\n v: Vector(8) @embed("title") }',
  },
  {
    rule: '@embed source is a String',
    failing: 'node A { t: [String]\n v: Vector(8) @embed("t") }',
    message: '@embed source A.t must be a String property, found [String]',
    passing: 'node A { t: String\n v: Vector(8) @embed("t") }',
  },
  {
    rule: '@embed takes only a model kwarg',
    failing: 'node A { t: String\n v: Vector(8) @embed("t", dims=8) }',
    message: "@embed on A.v accepts only the 'model' argument, found 'dims'",
    passing: 'node A { t: String\n v: Vector(8) @embed("t", model="m") }',
  },
  {
    rule: '@embed is not on edge properties',
    failing: `${PEOPLE}edge E: Person -> Person { t: String\n v: Vector(2) @embed("t") }`,
    message: '@embed is not supported on edge properties (E.v)',
    passing: `${PEOPLE}edge E: Person -> Person { t: String\n v: Vector(2) }`,
  },
  {
    rule: '@embed at most once',
    failing: 'node A { t: String\n v: Vector(8) @embed("t") @embed("t") }',
    message: '@embed may appear at most once on A.v',
    passing: 'node A { t: String\n v: Vector(8) @embed("t") }',
  },
  {
    rule: '@rename_from has one non-empty value',
    failing: 'node A @rename_from("") { x: I32 }',
    message: '@rename_from on node A requires exactly one non-empty name',
    passing: 'node A @rename_from("B") { x: I32 }',
  },
  {
    rule: '@rename_from has a value',
    failing: 'node A { x: I32 @rename_from }',
    message: '@rename_from on A.x requires exactly one non-empty name',
    passing: 'node A { x: I32 @rename_from(y) }',
  },
  {
    rule: '@rename_from takes no kwargs',
    failing: 'node A { x: I32 @rename_from("y", force=true) }',
    message: '@rename_from on A.x requires exactly one non-empty name',
    passing: 'node A { x: I32 @rename_from("y") }',
  },
  {
    rule: '@rename_from at most once',
    failing: 'interface I { x: I32 @rename_from("y") @rename_from("z") }',
    message: '@rename_from may appear at most once on I.x',
    passing: 'interface I { x: I32 @rename_from("y") }',
  },
  {
    rule: 'property @key/@unique/@index at most once each',
    failing: 'node A { x: I32 @index @index }',
    message: '@index may appear at most once on A.x',
    passing: 'node A { x: I32 @index @unique }',
  },
  {
    rule: 'no @key as a type annotation',
    failing: 'node A @key { x: I32 }',
    message: '@key is not supported as a type annotation (node A)',
    passing: 'node A { x: I32 @key }',
  },
  {
    rule: 'no @unique, @index or @embed as type annotations',
    failing: `${PEOPLE}edge E: Person -> Person @index`,
    message: '@index is not supported as a type annotation (edge E)',
    passing: `${PEOPLE}edge E: Person -> Person @indexed`,
  },
  {
    rule: 'annotation kwargs are distinct',
    failing: 'node A @ui("x", a=1, a=2) { x: I32 }',
    message: "duplicate argument 'a' in @ui on node A",
    passing: 'node A @ui("x", a=1, b=2) { x: I32 }',
  },
];

function catalogErrorOf(source: string): OmniError {
  try {
    compileSchema(source);
  } catch (error) {
    if (error instanceof OmniError) return error;
    throw error;
  }
  throw new Error('expected a catalog error');
}

describe.each([
  ['types', TYPE_RULES],
  ['properties', PROPERTY_RULES],
  ['constraints', CONSTRAINT_RULES],
  ['annotations', ANNOTATION_RULES],
])('catalog rules: %s', (_group, rules) => {
  it.each(rules)('$rule', ({ failing, message, passing }) => {
    const error = catalogErrorOf(failing);
    expect(error.code).toBe('schema_error');
    expect(error.message).toMatch(/^catalog error: <schema>:\d+:\d+: /);
    expect(error.message.replace(/^catalog error: <schema>:\d+:\d+: /, '')).toBe(message);
    expect(error.details).toMatchObject({ file: '<schema>' });
    expect(() => compileSchema(passing)).not.toThrow();
  });
});

describe('catalog error details', () => {
  it('name the line and column of the offending declaration', () => {
    const error = catalogErrorOf('node A { x: I32 }\n\nnode A { y: I32 }');
    expect(error.message).toBe('catalog error: <schema>:3:1: duplicate node type: A');
    expect(error.details).toEqual({ file: '<schema>', line: 3, column: 1 });
  });

  it('name the file the caller gave', () => {
    try {
      compileSchema('node A { v: Vector(0) }', { file: 'graph.pg' });
    } catch (error) {
      expect((error as OmniError).message).toBe(
        'catalog error: graph.pg:1:13: Vector dimension must be greater than zero',
      );
      expect((error as OmniError).details).toEqual({ file: 'graph.pg', line: 1, column: 13 });
    }
    expect.assertions(2);
  });
});

describe('catalog errors suggest the closest known name', () => {
  it.each([
    {
      what: 'edge endpoint type',
      source: `${PEOPLE}edge WorksAt: Person -> Compnay`,
      message:
        "3:25: edge WorksAt references unknown target type: Compnay; did you mean 'Company'?",
      suggestion: 'Company',
    },
    {
      what: 'implemented interface',
      source: 'interface Named { name: String }\nnode A implements Namd { x: I32 }',
      message: "2:19: node A implements unknown interface 'Namd'; did you mean 'Named'?",
      suggestion: 'Named',
    },
    {
      what: 'constraint property',
      source: 'node A {\n  name: String\n  @unique(nmae)\n}',
      message: "3:3: @unique on node A references unknown property 'nmae'; did you mean 'name'?",
      suggestion: 'name',
    },
    {
      what: 'edge constraint column',
      source: `${PEOPLE}edge E: Person -> Person {\n  @index(sr)\n}`,
      message: "4:3: @index on edge E references unknown property 'sr'; did you mean 'src'?",
      suggestion: 'src',
    },
    {
      what: '@embed source',
      source: 'node A {\n  titel: String\n  v: Vector(3) @embed("title")\n}',
      message: "3:3: @embed on A.v references unknown property 'title'; did you mean 'titel'?",
      suggestion: 'titel',
    },
    {
      what: '@embed argument',
      source: 'node A {\n  t: String\n  v: Vector(3) @embed("t", modle="m")\n}',
      message:
        "3:16: @embed on A.v accepts only the 'model' argument, found 'modle'; did you mean 'model'?",
      suggestion: 'model',
    },
  ])('$what', ({ source, message, suggestion }) => {
    const error = catalogErrorOf(source);
    expect(error.message).toBe(`catalog error: <schema>:${message}`);
    expect(error.details).toMatchObject({ file: '<schema>', suggestion });
  });

  it('suggests nothing when no known name is close', () => {
    const error = catalogErrorOf(`${PEOPLE}edge E: Person -> Robot`);
    expect(error.message).toBe(
      'catalog error: <schema>:3:19: edge E references unknown target type: Robot',
    );
    expect(error.details).toEqual({ file: '<schema>', line: 3, column: 19 });
  });
});
