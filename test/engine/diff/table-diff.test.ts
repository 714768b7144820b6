import { beforeAll, describe, expect, it } from 'vitest';
import type { ManifestEntry } from '../../../src/engine/root/commit-record.js';
import { diffTable, type TableDiff } from '../../../src/engine/diff/table-diff.js';
import type { ColumnSpec } from '../../../src/engine/lance/column-spec.js';
import { where } from '../../../src/engine/lance/filter.js';
import { LanceTables } from '../../../src/engine/lance/lance-tables.js';
import { freshTempDir } from '../../helpers/temp-dir.js';

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', type: { kind: 'utf8' }, nullable: false },
  { name: 'n', type: { kind: 'int64' }, nullable: true },
];

/** A diff as plain data: inserted ids, updated ids with before → after `n`, deleted ids. */
function summary(diff: TableDiff): object {
  return {
    inserts: [...diff.inserts.keys()].sort(),
    updates: Object.fromEntries(
      [...diff.updates].map(([id, u]) => [id, `${String(u.before.n)}->${String(u.after.n)}`]),
    ),
    deletes: [...diff.deletes.keys()].sort(),
  };
}

describe('diffTable', () => {
  let tables: LanceTables;
  const pin = async (branch: string): Promise<ManifestEntry> => {
    const writer = await tables.writer('t', branch);
    return { table: 't', branch, version: writer.version, rowCount: await writer.count() };
  };

  beforeAll(async () => {
    tables = await LanceTables.open(await freshTempDir('table-diff'));
    await tables.createTable('t', COLUMNS);
  });

  it('keeps real changes and drops identical rewrites, on the fast path and the full compare', async () => {
    const main = await tables.writer('t', 'main');
    const rows = ['r1', 'r2', 'r3', 'r5', 'r6'].map((id) => ({ id, n: 1n }));
    await main.append(rows);
    const base = await pin('main');
    await tables.createBranch('t', 'side', base);
    const side = await tables.writer('t', 'side');
    await side.update(where.eq('id', 'r1'), { n: 2n });
    await side.mergeInsert([{ id: 'r2', n: 1n }]);
    await side.delete(where.eq('id', 'r3'));
    await side.append([{ id: 'r4', n: 4n }]);
    await side.delete(where.in('id', ['r5', 'r6']));
    await side.append([
      { id: 'r5', n: 1n },
      { id: 'r6', n: 6n },
    ]);
    const head = await pin('side');
    const expected = {
      inserts: ['r4'],
      updates: { r1: '1->2', r6: '1->6' },
      deletes: ['r3'],
    };
    // Head descends from base: the version-stamp path.
    expect(summary(await diffTable(tables, base, head))).toEqual(expected);
    // Base on a branch the head does not descend from: the full compare, reversed.
    expect(summary(await diffTable(tables, head, base))).toEqual({
      inserts: ['r3'],
      updates: { r1: '2->1', r6: '6->1' },
      deletes: ['r4'],
    });
    expect(summary(await diffTable(tables, head, head))).toEqual({
      inserts: [],
      updates: {},
      deletes: [],
    });
  });

  it('is exact on a branch forked from a table with no data (Lance stamps its rows version 1)', async () => {
    await tables.createTable('e', COLUMNS);
    const empty: ManifestEntry = { table: 'e', branch: 'main', version: 1, rowCount: 0 };
    await tables.createBranch('e', 'fresh', empty);
    const fresh = await tables.writer('e', 'fresh');
    await fresh.append([
      { id: 'a', n: 1n },
      { id: 'b', n: 1n },
    ]);
    const first: ManifestEntry = { ...empty, branch: 'fresh', version: fresh.version, rowCount: 2 };
    await fresh.update(where.eq('id', 'a'), { n: 9n });
    const second: ManifestEntry = { ...first, version: fresh.version };
    expect(summary(await diffTable(tables, empty, first))).toEqual({
      inserts: ['a', 'b'],
      updates: {},
      deletes: [],
    });
    expect(summary(await diffTable(tables, first, second))).toEqual({
      inserts: [],
      updates: { a: '1->9' },
      deletes: [],
    });
  });
});
