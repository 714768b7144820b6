import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  LanceTables,
  MAIN_BRANCH,
  where,
  type ColumnSpec,
  type TableReader,
  type TableWriter,
} from '../../src/engine/lance/index.js';
import { recentTextIndex } from '../../src/engine/query/search/recent-text-rows.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', type: { kind: 'utf8' }, nullable: false },
  { name: 'text', type: { kind: 'utf8' }, nullable: true },
];

let tables: LanceTables;
let writer: TableWriter;

beforeAll(async () => {
  tables = await LanceTables.open(await freshTempDir('recent-text-rows'));
  await tables.createTable('Doc', COLUMNS);
  writer = await tables.writer('Doc', MAIN_BRANCH);
  await writer.append(
    Array.from({ length: 40 }, (_, i) => ({ id: `d${i}`, text: `old note ${i} about graphs` })),
  );
  await writer.createIndex({ kind: 'fts', column: 'text', withPositions: true });
});
afterAll(() => {
  tables.close();
});

/** The reader of the writer's version and its full-text index's uncovered rows. */
async function current(): Promise<{ reader: TableReader; uncovered: number; rows: number }> {
  const reader = await tables.reader('Doc', { branch: MAIN_BRANCH, version: writer.version });
  const index = (await reader.listIndexes()).find((candidate) => candidate.name === 'text_idx');
  return { reader, uncovered: index?.unindexedRows ?? -1, rows: await reader.count() };
}

it('indexes the rows written since the full-text index, found at the end of the scan', async () => {
  await writer.append([{ id: 'n1', text: 'fresh memory of agents' }]);
  await writer.update(where.eq('id', 'd3'), { text: 'rewritten memory' });
  await writer.append([{ id: 'n2', text: 'another graph' }]);
  await writer.delete(where.eq('id', 'd5'));
  const { reader, uncovered, rows } = await current();
  expect(uncovered).toBe(3);
  const recent = await recentTextIndex(reader, 'text', uncovered, rows);
  // One edit from "memory": the rewritten row and the new one, none of the indexed rows.
  expect([...(recent?.scoreTerms([{ text: 'mmory', fuzziness: 1 }]).keys() ?? [])].sort()).toEqual([
    'd3',
    'n1',
  ]);
  expect([...(recent?.scoreTerms([{ text: 'graph', fuzziness: 1 }]).keys() ?? [])]).toEqual(['n2']);
});

it('refuses a tail that is not every row written since some version, and tails past its bound', async () => {
  const { reader, uncovered, rows } = await current();
  // One row more than the index misses takes in a row written before the others: the count
  // finds every row written since it, more than the tail.
  expect(await recentTextIndex(reader, 'text', uncovered + 1, rows)).toBeUndefined();
  // A tail that parts two rows written by one append leaves the other out.
  await writer.append([
    { id: 'n3', text: 'twin one' },
    { id: 'n4', text: 'twin two' },
  ]);
  const later = await current();
  expect(later.uncovered).toBe(uncovered + 2);
  expect(await recentTextIndex(later.reader, 'text', 1, later.rows)).toBeUndefined();
  expect(await recentTextIndex(later.reader, 'text', 2, later.rows)).toBeDefined();
  expect(await recentTextIndex(later.reader, 'text', 10_001, 20_000)).toBeUndefined();
  expect(await recentTextIndex(later.reader, 'text', 0, later.rows)).toBeUndefined();
});
