import { describe, expect, it } from 'vitest';
import { OmniError } from '../../util/omni-error.js';
import { compileQueries } from '../query/compile-queries.js';
import { compileSchema } from '../schema/compile-schema.js';

/** The OmniError `run` throws. */
function thrown(run: () => unknown): OmniError {
  try {
    run();
  } catch (error) {
    if (error instanceof OmniError) return error;
    throw error;
  }
  throw new Error('expected an OmniError');
}

const catalog = compileSchema('node Person { name: String @key }');

describe('compiler errors name the file the caller gives, or a neutral label', () => {
  it.each([
    {
      kind: 'schema parse',
      run: (file?: string) => compileSchema('node A { a: Strng }', { file }),
      rest: ":1:13: unknown type 'Strng'; did you mean 'String'?",
      prefix: 'parse error: ',
      label: '<schema>',
    },
    {
      kind: 'catalog',
      run: (file?: string) => compileSchema('node A { id: String }', { file }),
      rest: ":1:10: property name 'id' is reserved (A.id)",
      prefix: 'catalog error: ',
      label: '<schema>',
    },
    {
      kind: 'query parse',
      run: (file?: string) => compileQueries(catalog, 'query q() { }', { file }),
      rest: ':1:13: query body is empty: expected a match clause or a mutation',
      prefix: 'parse error: ',
      label: '<query>',
    },
    {
      kind: 'type',
      run: (file?: string) =>
        compileQueries(catalog, 'query q() { match { $p: Person } return { $p.nme } }', { file }),
      rest: ":1:43: node type Person has no property 'nme'; did you mean 'name'?",
      prefix: 'type error: T6: ',
      label: '<query>',
    },
  ])('$kind errors', ({ run, rest, prefix, label }) => {
    const named = thrown(() => run('graph/people.x'));
    expect(named.message).toBe(`${prefix}graph/people.x${rest}`);
    expect(named.details).toMatchObject({ file: 'graph/people.x' });
    const unnamed = thrown(() => run());
    expect(unnamed.message).toBe(`${prefix}${label}${rest}`);
    expect(unnamed.details).toMatchObject({ file: label });
  });
});
