import { describe, expect, it } from 'vitest';
import { isOmniError, type ErrorDetails } from '../../../util/omni-error.js';
import { compileSchema } from '../../schema/compile-schema.js';
import { compileQueries, compileQuery } from '../compile-queries.js';

const catalog = compileSchema(`
  node Person {
    name: String @key
    age: I32?
    role: enum(admin, guest, member)?
  }
  node Decision {
    slug: String @key
    name: String?
  }
  edge Knows: Person -> Person { since: Date? }
  edge WorksAt: Person -> Decision
`);

/** The message and details of the type error `source` (in `people.gq`) raises. */
function typeErrorOf(source: string): { message: string; details: ErrorDetails | undefined } {
  try {
    compileQueries(catalog, source, { file: 'people.gq' });
  } catch (error) {
    if (isOmniError(error, 'type_error')) return { message: error.message, details: error.details };
    throw error;
  }
  throw new Error(`expected a type error for: ${source}`);
}

/**
 * Each unknown name: the query (the offending name on line 2), the message after the position,
 * the code, column and suggestion.
 */
const cases: readonly {
  readonly what: string;
  readonly source: string;
  readonly code: string;
  readonly column: number;
  readonly message: string;
  readonly suggestion: string;
}[] = [
  {
    what: 'property in an expression',
    source: 'query q() {\n  match { $d: Decision } return { $d.nmae }\n}',
    code: 'T6',
    column: 35,
    message: "node type Decision has no property 'nmae'; did you mean 'name'?",
    suggestion: 'name',
  },
  {
    what: 'property of an edge',
    source: 'query q() {\n  match { $p: Person  $p $k:knows $f } return { $k.sinse }\n}',
    code: 'T6',
    column: 49,
    message: "edge type Knows has no property 'sinse'; did you mean 'since'?",
    suggestion: 'since',
  },
  {
    what: 'property in a binding',
    source: 'query q() {\n  match { $p: Person { nmae: "a" } } return { $p.age }\n}',
    code: 'T2',
    column: 24,
    message: "node type Person has no property 'nmae'; did you mean 'name'?",
    suggestion: 'name',
  },
  {
    what: 'property in a mutation',
    source: 'query m($n: String) {\n  insert Person { name: $n, aeg: 3 }\n}',
    code: 'T11',
    column: 29,
    message: "node type Person has no property 'aeg'; did you mean 'age'?",
    suggestion: 'age',
  },
  {
    what: 'edge endpoint in a mutation where',
    source: 'query m($n: String) {\n  delete Knows where form = $n\n}',
    code: 'T11',
    column: 22,
    message: "edge type Knows has no property 'form'; did you mean 'from'?",
    suggestion: 'from',
  },
  {
    what: 'node type in a binding',
    source: 'query q() {\n  match { $p: Persn } return { $p.name }\n}',
    code: 'T1',
    column: 11,
    message: "unknown node type 'Persn'; did you mean 'Person'?",
    suggestion: 'Person',
  },
  {
    what: 'node type in a mutation',
    source: 'query m($n: String) {\n  insert Preson { name: $n }\n}',
    code: 'T10',
    column: 3,
    message: "unknown node or edge type 'Preson'; did you mean 'Person'?",
    suggestion: 'Person',
  },
  {
    what: 'edge type in a mutation, by case',
    source: 'query m($a: String, $b: String) {\n  insert KNOWS { from: $a, to: $b }\n}',
    code: 'T10',
    column: 3,
    message: "unknown node or edge type 'KNOWS'; did you mean 'Knows'?",
    suggestion: 'Knows',
  },
  {
    what: 'edge type in a traversal',
    source: 'query q() {\n  match { $p: Person  $p konws $f } return { $f.name }\n}',
    code: 'T4',
    column: 23,
    message: "unknown edge type 'konws'; did you mean 'knows'?",
    suggestion: 'knows',
  },
  {
    what: 'edge type in a traversal, by case',
    source: 'query q() {\n  match { $p: Person  $p worksat $d } return { $d.slug }\n}',
    code: 'T4',
    column: 23,
    message: "unknown edge type 'worksat'; did you mean 'worksAt'?",
    suggestion: 'worksAt',
  },
  {
    what: 'variable',
    source: 'query q() {\n  match { $person: Person } return { $preson.name }\n}',
    code: 'T6',
    column: 38,
    message: "variable $preson is not bound in match; did you mean '$person'?",
    suggestion: '$person',
  },
  {
    what: 'variable that a parameter would fix',
    source:
      'query q($name: String) {\n  match { $p: Person  $p.name = $nmae } return { $p.age }\n}',
    code: 'T6',
    column: 33,
    message: "variable $nmae is not bound in match; did you mean '$name'?",
    suggestion: '$name',
  },
  {
    what: 'parameter in a binding',
    source: 'query q($name: String) {\n  match { $p: Person { name: $nmae } } return { $p.age }\n}',
    code: 'T6',
    column: 30,
    message: "$nmae used as a match value is not a declared query parameter; did you mean '$name'?",
    suggestion: '$name',
  },
  {
    what: 'parameter in a mutation',
    source: 'query m($name: String) {\n  insert Person { name: $nmae }\n}',
    code: 'T14',
    column: 25,
    message:
      "$nmae used as a mutation value is not a declared query parameter; did you mean '$name'?",
    suggestion: '$name',
  },
  {
    what: 'enum value',
    source: 'query q() {\n  match { $p: Person { role: "admn" } } return { $p.name }\n}',
    code: 'T3',
    column: 30,
    message: "Person.role expects one of [admin, guest, member], got 'admn'; did you mean 'admin'?",
    suggestion: 'admin',
  },
  {
    what: 'enum value in a filter',
    source: 'query q() {\n  match { $p: Person  $p.role = "Guest" } return { $p.name }\n}',
    code: 'T3',
    column: 33,
    message:
      "compared value expects one of [admin, guest, member], got 'Guest'; did you mean 'guest'?",
    suggestion: 'guest',
  },
  {
    what: 'alias in order',
    source: 'query q() {\n  match { $p: Person } return { $p.age as years } order { yeras }\n}',
    code: 'T6',
    column: 59,
    message: "order refers to 'yeras', which is not an alias in return; did you mean 'years'?",
    suggestion: 'years',
  },
];

describe('type errors name the file and position, and suggest the closest name', () => {
  it.each(cases)('$what', ({ source, code, column, message, suggestion }) => {
    const error = typeErrorOf(source);
    expect(error.message).toBe(`type error: ${code}: people.gq:2:${column}: ${message}`);
    expect(error.details).toEqual({
      type_code: code,
      query: source.slice(6, source.indexOf('(')),
      file: 'people.gq',
      line: 2,
      column,
      suggestion,
    });
  });

  it('suggests nothing when no known name is close', () => {
    const error = typeErrorOf('query q() {\n  match { $p: Person } return { $p.weight }\n}');
    expect(error.message).toBe(
      "type error: T6: people.gq:2:33: node type Person has no property 'weight'",
    );
    expect(error.details).not.toHaveProperty('suggestion');
  });

  it('keeps the edge-type hint for an edge bound as a node', () => {
    const error = typeErrorOf('query q() {\n  match { $k: Knows } return { $k }\n}');
    expect(error.message).toBe(
      "type error: T1: people.gq:2:11: unknown node type 'Knows' (Knows is an edge type; traverse it instead)",
    );
  });

  it('names the file the caller gave through compileQuery, and <query> by default', () => {
    const source = 'query q() { match { $p: Person } return { $p.nmae } }';
    expect(() => compileQuery(catalog, source, { file: 'mine.gq' })).toThrow(
      "type error: T6: mine.gq:1:43: node type Person has no property 'nmae'; did you mean 'name'?",
    );
    expect(() => compileQuery(catalog, source)).toThrow('type error: T6: <query>:1:43: ');
  });
});

describe('compileQuery: an unknown query name', () => {
  const source =
    'query get_person() { match { $p: Person } return { $p } }\nquery adults() { match { $p: Person } return { $p } }';

  it('suggests the closest declared query', () => {
    try {
      compileQuery(catalog, source, { file: 'f.gq', name: 'get_prson' });
    } catch (error) {
      expect(isOmniError(error, 'bad_request') && error.message).toBe(
        "query 'get_prson' not found in f.gq; it declares get_person, adults; did you mean 'get_person'?",
      );
      expect(isOmniError(error) && error.details).toEqual({
        file: 'f.gq',
        queries: ['get_person', 'adults'],
        suggestion: 'get_person',
      });
    }
    expect.assertions(2);
  });

  it('suggests nothing when no declared query is close', () => {
    expect(() => compileQuery(catalog, source, { file: 'f.gq', name: 'teens' })).toThrow(
      /^query 'teens' not found in f\.gq; it declares get_person, adults$/,
    );
  });
});
