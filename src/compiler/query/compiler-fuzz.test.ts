/// <reference types="vite/client" />
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOmniError } from '../../util/omni-error.js';
import { lintQueries } from '../lint/lint-queries.js';
import { bindParams } from '../params/bind-params.js';
import searchPg from '../../../test/fixtures/search.pg?raw';
import testPg from '../../../test/fixtures/test.pg?raw';
import { compileSchema } from '../schema/compile-schema.js';
import { compileQueries } from './compile-queries.js';
import searchGq from '../../../test/fixtures/search.gq?raw';
import testGq from '../../../test/fixtures/test.gq?raw';

const catalog = compileSchema(`${testPg}\n${searchPg}`);

// Tokens of the language, so that random sequences reach past the first syntax error.
const TOKENS = [
  'query',
  'q',
  '(',
  ')',
  '{',
  '}',
  'match',
  'return',
  'order',
  'limit',
  'not',
  'as',
  'asc',
  'desc',
  '$p',
  '$f',
  '$_',
  '$w',
  '$q',
  ':',
  ',',
  '.',
  'Person',
  'Company',
  'Doc',
  'Knows',
  'knows',
  'worksAt',
  '<knows>',
  '{1,3}',
  '{1,}',
  'name',
  'age',
  'embedding',
  'title',
  '=',
  '!=',
  '<',
  '>=',
  'contains',
  'starts_with',
  '"x"',
  '42',
  '3.5',
  'true',
  '[1, 2]',
  'date("2024-01-01")',
  'now()',
  'count',
  'sum',
  'nearest',
  'bm25',
  'rrf',
  'search',
  'fuzzy',
  'match_text',
  'insert',
  'update',
  'delete',
  'set',
  'where',
  'from',
  'to',
  '$name: String',
  '$q: Vector(4)',
  '@description("d")',
  '//c\n',
  '\n',
];

const tokenSoup = fc
  .array(fc.constantFrom(...TOKENS), { maxLength: 60 })
  .map((tokens) => tokens.join(' '));

/** A fixture with a few characters inserted, deleted or replaced. */
const mutatedFixture = fc
  .tuple(
    fc.constantFrom(testGq, searchGq),
    fc.array(
      fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom('', ...TOKENS, '"', '$', '{', '}')),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([source, edits]) =>
    edits.reduce((text, [at, removed, inserted]) => {
      const index = at % (text.length + 1);
      return text.slice(0, index) + inserted + text.slice(index + removed);
    }, source),
  );

/** Runs every compiler entry point on `source`; anything thrown must be an OmniError. */
function compileEverything(source: string): void {
  try {
    for (const query of compileQueries(catalog, source)) {
      bindParams(query, { name: 'Alice', q: [1, 2, 3, 4], company: 'Acme' });
    }
  } catch (error) {
    if (!isOmniError(error)) throw error;
  }
  lintQueries({ catalog, source, queryPath: 'fuzz.gq', schemaSource: { kind: 'file' } });
}

describe('the query compiler on arbitrary input', () => {
  it('throws nothing but OmniError on random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), compileEverything), {
      numRuns: 500,
    });
  });

  it('throws nothing but OmniError on token soup', () => {
    fc.assert(fc.property(tokenSoup, compileEverything), { numRuns: 1000 });
  });

  it('throws nothing but OmniError on mutated fixtures', () => {
    fc.assert(fc.property(mutatedFixture, compileEverything), {
      numRuns: 400,
    });
  });

  it('throws nothing but OmniError binding arbitrary JSON', () => {
    const [query] = compileQueries(catalog, testGq);
    const params = [
      ...query!.params,
      { name: 'v', type: { kind: 'vector', dimension: 2 }, nullable: true },
      { name: 'l', type: { kind: 'list', element: 'I64' }, nullable: true },
      { name: 'd', type: { kind: 'scalar', scalar: 'DateTime' }, nullable: true },
    ] as const;
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (json, value) => {
        for (const input of [json, { name: value, v: value, l: value, d: value }]) {
          try {
            bindParams({ params }, input);
          } catch (error) {
            expect(isOmniError(error, 'param_error')).toBe(true);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
