import { connect } from '@lancedb/lancedb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LanceTables,
  MAIN_BRANCH,
  idsAt,
  idsDeletedBetween,
  rowsChangedSince,
  schemaFromColumns,
  where,
} from '../../../src/engine/lance/index.js';
import { freshTempDir } from '../../helpers/temp-dir.js';
import { expectOmniError, person, PERSON_COLUMNS } from './fixtures.js';

/**
 * Runs the same history on a table: main gets a..d at v2, a branch forks at v2 and
 * updates b (merge), updates d (update), inserts e, deletes c, and compacts; main updates a.
 */
async function writeHistory(
  tables: LanceTables,
  name: string,
): Promise<{ branchVersion: number; mainVersion: number }> {
  const main = await tables.writer(name, MAIN_BRANCH);
  await main.append(['a', 'b', 'c', 'd'].map((id) => person(id, id.toUpperCase(), 1n)));
  await tables.createBranch(name, 'feature', { branch: MAIN_BRANCH, version: 2 });
  const feature = await tables.writer(name, 'feature');
  await feature.mergeInsert([person('b', 'Bee', 2n)]);
  await feature.update(where.eq('id', 'd'), { age: 4n });
  await feature.append([person('e', 'Eve', 5n)]);
  await feature.delete(where.eq('id', 'c'));
  const { version: branchVersion } = await feature.optimize();
  const { version: mainVersion } = await main.update(where.eq('id', 'a'), { name: 'Ada' });
  return { branchVersion, mainVersion };
}

describe('change detection since a fork', () => {
  let root: string;
  let tables: LanceTables;

  beforeAll(async () => {
    root = await freshTempDir('changes');
    tables = await LanceTables.open(root);
  });

  it('finds rows inserted and updated on a branch, and ids deleted, across compaction', async () => {
    await tables.createTable('Tracked', PERSON_COLUMNS);
    const { branchVersion, mainVersion } = await writeHistory(tables, 'Tracked');
    const fork = await tables.reader('Tracked', { branch: MAIN_BRANCH, version: 2 });
    const head = await tables.reader('Tracked', { branch: 'feature', version: branchVersion });

    const changes = await rowsChangedSince(head, 2);
    const summary = changes
      .map((change) => ({ id: change.row.id, kind: change.kind, name: change.row.name }))
      .sort((x, y) => String(x.id).localeCompare(String(y.id)));
    expect(summary).toEqual([
      { id: 'b', kind: 'updated', name: 'Bee' },
      { id: 'd', kind: 'updated', name: 'D' },
      { id: 'e', kind: 'inserted', name: 'Eve' },
    ]);
    for (const change of changes) {
      expect(change.updatedAt).toBeGreaterThan(2);
      expect(Object.keys(change.row)).toEqual(PERSON_COLUMNS.map((column) => column.name));
    }
    expect(await idsDeletedBetween(fork, head)).toEqual(['c']);
    expect([...(await idsAt(head))].sort()).toEqual(['a', 'b', 'd', 'e']);

    // Main's side of the same fork sees only its own change.
    const mainHead = await tables.reader('Tracked', { branch: MAIN_BRANCH, version: mainVersion });
    const mainChanges = await rowsChangedSince(mainHead, 2);
    expect(mainChanges.map((change) => [change.row.id, change.kind])).toEqual([['a', 'updated']]);
    await expectOmniError(rowsChangedSince(fork, 3), 'bad_request', 'after the reader');
  });

  it('is silently wrong on a table created without stable row ids', async () => {
    // The control table is created the way Lance does by default; every other step is the same.
    const raw = await connect(root);
    const control = await raw.createEmptyTable('Unstable', schemaFromColumns(PERSON_COLUMNS));
    control.close();
    const { branchVersion } = await writeHistory(tables, 'Unstable');
    const head = await tables.reader('Unstable', { branch: 'feature', version: branchVersion });
    // Lance reports every row as last written at version 1, so no change is found.
    expect(await rowsChangedSince(head, 2)).toEqual([]);
    expect(await head.count()).toBe(4);
  });
});
