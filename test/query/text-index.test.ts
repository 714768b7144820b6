import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LanceTables,
  type ColumnSpec,
  type TableReader,
  type TextQuery,
  type TextTerm,
} from '../../src/engine/lance/index.js';
import { autoFuzziness, withinEdits } from '../../src/util/edit-distance.js';
import { TextIndex } from '../../src/engine/search/text-index.js';
import { tokenize } from '../../src/engine/search/text-tokenizer.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', type: { kind: 'utf8' }, nullable: false },
  { name: 't', type: { kind: 'utf8' }, nullable: true },
];

const DOCS: readonly { id: string; t: string | null }[] = [
  { id: 'a', t: 'Hello, World! hello again' },
  { id: 'b', t: 'World peace: the WORLD-wide ÉCOLE école' },
  { id: 'c', t: null },
  { id: 'd', t: '' },
  { id: 'e', t: `${'x'.repeat(39)} ${'y'.repeat(40)} hello` },
  { id: 'f', t: 'naïve café 123 abc_def foo.bar' },
  { id: 'g', t: 'Straße ΣΑΣ hello hello hello' },
  { id: 'h', t: 'Introduction to Machine Learning' },
  { id: 'i', t: 'Reinforcement Learning Introduction' },
  { id: 'j', t: 'machine learning applies machine learning to language' },
  { id: 'k', t: `alpha ${'z'.repeat(45)} beta gamma` },
];

const TERM_QUERIES = [
  'hello',
  'world',
  'hello world',
  'hello hello',
  'école',
  'the world',
  'abc_def',
  '123',
  'straße',
  'σασ',
  'learning machine',
  'nothing here',
  'x'.repeat(39),
];
const PHRASES = [
  'world peace',
  'hello again',
  'World! hello',
  'machine learning',
  'learning machine',
  'alpha beta',
  'beta gamma',
  'to machine learning',
];
const FUZZY: readonly [string, number][] = [
  ['helo', 1],
  ['hlelo', 1],
  ['hlelo', 2],
  ['wrld', 1],
  ['hel', 2],
  ['eh', 2],
  ['introductio', 1],
  ['lerning', 1],
  ['macine', 1],
];

function termList(text: string, fuzziness = 0): TextTerm[] {
  return tokenize(text).map((token) => ({ text: token.term, fuzziness }));
}

function terms(text: string, fuzziness = 0): TextQuery {
  return { kind: 'terms', terms: termList(text, fuzziness) };
}

describe('the in-memory text index matches Lance full-text search', () => {
  let tables: LanceTables;
  let reader: TableReader;
  let index: TextIndex;

  beforeAll(async () => {
    tables = await LanceTables.open(await freshTempDir('text-index'));
    await tables.createTable('docs', COLUMNS);
    const writer = await tables.writer('docs', 'main');
    await writer.append(DOCS);
    const { version } = await writer.createIndex({ kind: 'fts', column: 't', withPositions: true });
    reader = await tables.reader('docs', { branch: 'main', version });
    index = TextIndex.build(DOCS.map((doc) => ({ id: doc.id, text: doc.t })));
  });
  afterAll(() => {
    tables.close();
  });

  async function lance(query: TextQuery): Promise<Map<string, number>> {
    const rows = await reader.textSearch({ column: 't', query, limit: 100, columns: ['id'] });
    return new Map(rows.map((row) => [row.id as string, row._score as number]));
  }

  function expectSameScores(
    actual: Map<string, number>,
    expected: Map<string, number>,
    label: string,
  ): void {
    expect([...actual.keys()].sort(), label).toEqual([...expected.keys()].sort());
    for (const [id, score] of expected)
      expect(actual.get(id), `${label} ${id}`).toBeCloseTo(score, 4);
  }

  it('tokenizes like the index: letters and digits, long words dropped, lowercased per character', () => {
    expect(tokenize('Hello, World-wide abc_def 123')).toEqual([
      { term: 'hello', position: 0 },
      { term: 'world', position: 1 },
      { term: 'wide', position: 2 },
      { term: 'abc', position: 3 },
      { term: 'def', position: 4 },
      { term: '123', position: 5 },
    ]);
    expect(tokenize(`x ${'y'.repeat(40)} b`)).toEqual([
      { term: 'x', position: 0 },
      { term: 'b', position: 2 },
    ]);
    // Stop words are dropped; their positions stay taken, as in the index.
    expect(tokenize('The')).toEqual([]);
    expect(tokenize('Introduction to the Machine')).toEqual([
      { term: 'introduction', position: 0 },
      { term: 'machine', position: 3 },
    ]);
    expect(tokenize('ΣΑΣ').map((token) => token.term)).toEqual(['σασ']);
  });

  it('scores term queries with the same BM25', async () => {
    for (const text of TERM_QUERIES) {
      expectSameScores(index.scoreTerms(termList(text)), await lance(terms(text)), text);
    }
  });

  it('matches phrases at consecutive positions', async () => {
    for (const text of PHRASES) {
      const query: TextQuery = { kind: 'phrase', terms: tokenize(text).map((token) => token.term) };
      expect([...index.matchPhrase(tokenize(text))].sort(), text).toEqual(
        [...(await lance(query)).keys()].sort(),
      );
    }
  });

  it('expands fuzzy terms within their edit distance', async () => {
    for (const [text, edits] of FUZZY) {
      const label = `${text}~${edits}`;
      expectSameScores(
        index.scoreTerms(termList(text, edits)),
        await lance(terms(text, edits)),
        label,
      );
    }
  });

  it('computes bounded edit distances and the auto fuzziness', () => {
    expect(withinEdits('introductio', 'introduction', 1)).toBe(true);
    expect(withinEdits('kitten', 'sitting', 2)).toBe(false);
    expect(withinEdits('kitten', 'sitting', 3)).toBe(true);
    expect(withinEdits('hlelo', 'hello', 1)).toBe(false);
    expect(withinEdits('ab', 'ab', 0)).toBe(true);
    expect(withinEdits('é', 'e', 1)).toBe(true);
    expect([autoFuzziness('ab'), autoFuzziness('abcde'), autoFuzziness('abcdef')]).toEqual([
      0, 1, 2,
    ]);
  });
});
