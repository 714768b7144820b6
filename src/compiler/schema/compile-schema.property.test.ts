/// <reference types="vite/client" />
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import contextPg from '../../../test/fixtures/context.pg?raw';
import searchPg from '../../../test/fixtures/search.pg?raw';
import signalsPg from '../../../test/fixtures/signals.pg?raw';
import testPg from '../../../test/fixtures/test.pg?raw';
import { OmniError } from '../../util/omni-error.js';
import type { Catalog } from '../catalog/catalog.js';
import { catalogFromJson, catalogToJson } from '../catalog/catalog-json.js';
import { planMigration } from '../migration/plan-migration.js';
import { compileSchema } from './compile-schema.js';

const FIXTURES = [contextPg, searchPg, signalsPg, testPg];

/** Pieces of .pg that make mutations likely to reach the catalog rules, not only the parser. */
const TOKENS = [
  'node',
  'edge',
  'interface',
  'implements',
  'A',
  'Person',
  'Company',
  'Named',
  'name',
  'age',
  'id',
  '_rowid',
  'src',
  'dst',
  ':',
  '->',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ',',
  '?',
  '..',
  '=',
  '"x"',
  '"\\q"',
  '"^[a-z"',
  '0',
  '1',
  '-1',
  '2.5',
  '9999999999999',
  'true',
  'String',
  'Blob',
  'I32',
  'U64',
  'F64',
  'Date',
  'DateTime',
  'Vector(0)',
  'Vector(3)',
  '[Blob]',
  'enum()',
  'enum(a, a)',
  'enum(a, b)',
  '@key',
  '@unique',
  '@index',
  '@key(name)',
  '@unique(src, dst)',
  '@range(age, 0..10)',
  '@check(name, "x")',
  '@card(0..1)',
  '@card(2..1)',
  '@description("d")',
  '@description("")',
  '@instruction("i")',
  '@embed("name")',
  '@embed("name", model="m")',
  '@rename_from("Old")',
  '@custom(k=1)',
  '//c\n',
  '/* c */',
  '\n',
  ' ',
];

/** Compiles, and passes only when the result is a catalog or an OmniError. */
function compileOrOmniError(source: string, previous?: Catalog): Catalog | undefined {
  try {
    return compileSchema(source, previous === undefined ? {} : { previous });
  } catch (error) {
    expect(error).toBeInstanceOf(OmniError);
    expect(['parse_error', 'schema_error']).toContain((error as OmniError).code);
    return undefined;
  }
}

type Mutation =
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(...TOKENS),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.string({ maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 12 }),
  }),
);

function mutate(
  source: string,
  mutations: readonly fc.Arbitrary<unknown>[] | readonly Mutation[],
): string {
  return (mutations as readonly Mutation[]).reduce((text, step) => {
    const at = step.at % (text.length + 1);
    return step.kind === 'insert'
      ? text.slice(0, at) + step.text + text.slice(at)
      : text.slice(0, at) + text.slice(at + step.length);
  }, source);
}

describe('compileSchema never throws anything but an OmniError', () => {
  it('on random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (source) => {
        compileOrOmniError(source);
      }),
      { numRuns: 500 },
    );
  });

  it('on random token sequences', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }), (tokens) => {
        compileOrOmniError(tokens.join(' '));
      }),
      { numRuns: 1000 },
    );
  });

  it('on mutated fixtures, and whatever compiles plans and round-trips', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIXTURES),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (fixture, mutations) => {
          const accepted = compileSchema(fixture);
          const desired = compileOrOmniError(mutate(fixture, mutations), accepted);
          if (desired === undefined) return;
          expect(catalogFromJson(catalogToJson(desired))).toEqual(desired);
          const plan = planMigration(accepted, desired, { rowCounts: new Map() });
          expect(plan.supported).toBe(
            plan.steps.every((step) => step.kind !== 'unsupported_change'),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
