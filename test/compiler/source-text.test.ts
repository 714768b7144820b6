import { describe, expect, it } from 'vitest';
import { compileQueries, compileSchema } from '../../src/compiler/index.js';
import { isOmniError } from '../../src/util/omni-error.js';

function parseError(run: () => unknown): { message: string; details: unknown } {
  try {
    run();
  } catch (error) {
    if (isOmniError(error, 'parse_error'))
      return { message: error.message, details: error.details };
    throw error;
  }
  throw new Error('expected a parse_error');
}

const catalog = compileSchema('node Person { name: String @key }');

describe('string literals in sources', () => {
  it('refuse a lone surrogate in a .gq literal at its position', () => {
    const source = `query q() {\n  match { $p: Person { name: "ab\ud800" } }\n  return { $p.name }\n}`;
    expect(parseError(() => compileQueries(catalog, source, { file: 'q.gq' }))).toEqual({
      message:
        'parse error: q.gq:2:30: string literal is not well-formed Unicode: lone surrogate U+D800 at character 3',
      details: { file: 'q.gq', line: 2, column: 30 },
    });
    for (const literal of [
      '@description("\udc00")',
      'match { $p: Person { name: date("\udfff") } }',
    ]) {
      const text = literal.startsWith('@')
        ? `query q() ${literal} { match { $p: Person } return { $p.name } }`
        : `query q() { ${literal} return { $p.name } }`;
      expect(parseError(() => compileQueries(catalog, text)).message).toContain(
        'string literal is not well-formed Unicode',
      );
    }
  });

  it('refuse a lone surrogate in a .pg literal at its position', () => {
    const source = 'node Person {\n  name: String @key @description("x\udbff")\n}';
    expect(parseError(() => compileSchema(source, { file: 's.pg' })).message).toMatch(
      /^parse error: s\.pg:2:34: string literal is not well-formed Unicode: lone surrogate U\+DBFF at character 2/,
    );
  });

  it('keep well-formed literals exactly, astral characters included', () => {
    const source =
      'query q() { match { $p: Person { name: "\u{1F600}e\u0301\ufffd" } } return { $p.name } }';
    const [query] = compileQueries(catalog, source);
    expect(JSON.stringify(query)).toContain('"\u{1F600}e\u0301\ufffd"');
  });
});
