import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileQueries, compileSchema } from '../../src/compiler/index.js';
import { QUERY_KEYWORDS } from '../../src/compiler/common/query-keywords.js';
import { isOmniError } from '../../src/util/omni-error.js';

const GRAMMAR = path.resolve(import.meta.dirname, '../../src/compiler/grammar/query.peggy');

/** The words the grammar reads: its keyword rules and its aggregate functions. */
async function grammarWords(): Promise<string[]> {
  const grammar = await readFile(GRAMMAR, 'utf8');
  const keywords = [...grammar.matchAll(/^[A-Z0-9_]+ = "([a-z0-9_]+)" !ident_char$/gmu)].map(
    (m) => m[1] ?? '',
  );
  const aggregates = /agg_func\s+= name:\(([^)]*)\)/u.exec(grammar)?.[1] ?? '';
  return [...keywords, ...[...aggregates.matchAll(/"([a-z]+)"/gu)].map((m) => m[1] ?? '')];
}

function schemaError(source: string): { message: string; details: unknown } {
  try {
    compileSchema(source, { file: 'people.pg' });
  } catch (error) {
    if (isOmniError(error, 'schema_error'))
      return { message: error.message, details: error.details };
    throw error;
  }
  throw new Error('expected a schema_error');
}

const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

describe('reserved words', () => {
  it('are exactly the words the query grammar reads', async () => {
    const words = await grammarWords();
    expect(words).toContain('not');
    expect(words).toContain('count');
    expect([...QUERY_KEYWORDS].sort()).toEqual([...new Set(words)].sort());
  });

  it('refuse an edge whose traversal name is a keyword, naming the word and the position', () => {
    for (const word of QUERY_KEYWORDS) {
      const edge = capitalized(word);
      const source = `node P { name: String @key }\n\n  edge ${edge}: P -> P`;
      expect(schemaError(source), word).toEqual({
        message: `catalog error: people.pg:3:3: edge name '${edge}' is reserved: queries traverse it as '${word}', a keyword of the query language; rename the edge`,
        details: { file: 'people.pg', line: 3, column: 3 },
      });
      expect(() =>
        compileSchema(`node P { name: String @key }\nedge ${edge}s: P -> P`),
      ).not.toThrow();
    }
  });

  it('leave edges that only contain a keyword, or differ in case past the initial, usable', () => {
    const catalog = compileSchema(
      'node P { name: String @key }\nedge NotedBy: P -> P\nedge Matches: P -> P\nedge NOT: P -> P',
    );
    const queries = compileQueries(
      catalog,
      'query q() { match { $a: P\n $a notedBy $b\n $b matches $c\n $c nOT $d\n not { $d notedBy $_ } } return { $d.name } }',
    );
    expect(queries).toHaveLength(1);
  });

  it('leave node types and properties named like keywords usable in queries', () => {
    for (const word of QUERY_KEYWORDS) {
      const type = capitalized(word);
      const catalog = compileSchema(
        `node ${type} { name: String @key\n ${word}: String? }\nedge Rel: ${type} -> ${type}`,
      );
      const source = [
        `query r($v: String) { match { $a: ${type} { ${word}: $v }\n $a rel $b\n $b.${word} = $v } return { $a.${word} } order { $a.${word} desc } }`,
        `query i($v: String) { insert ${type} { name: $v, ${word}: $v } }`,
        `query u($v: String) { update ${type} set { ${word}: $v } where ${word} = $v }`,
        `query d($v: String) { delete ${type} where ${word} = $v }`,
      ].join('\n');
      expect(
        compileQueries(catalog, source).map((q) => q.name),
        word,
      ).toEqual(['r', 'i', 'u', 'd']);
    }
  });
});
