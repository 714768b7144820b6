import { beforeAll, describe, expect, it } from 'vitest';
import type { ManifestEntry } from '../../../src/engine/root/commit-record.js';
import { tableDelta, type TableDelta } from '../../../src/engine/diff/table-diff.js';
import type { ColumnSpec } from '../../../src/engine/lance/column-spec.js';
import { where } from '../../../src/engine/lance/filter.js';
import { LanceTables } from '../../../src/engine/lance/lance-tables.js';
import { decodeRows } from '../../../src/engine/lance/row-decoder.js';
import { freshTempDir } from '../../helpers/temp-dir.js';

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', type: { kind: 'utf8' }, nullable: false },
  { name: 'n', type: { kind: 'int64' }, nullable: true },
];

/** A delta as plain data: inserted rows (decoded from their Arrow data), updates, deletes. */
function summary(delta: TableDelta): object {
  const inserted = decodeRows(delta.inserts.data);
  expect(inserted.map((row) => row.id)).toEqual(delta.inserts.ids);
  return {
    inserts: inserted.map((row) => `${String(row.id)}=${String(row.n)}`).sort(),
    updates: Object.fromEntries(
      [...delta.updates].map(([id, u]) => [id, `${String(u.before.n)}->${String(u.after.n)}`]),
    ),
    deletes: [...delta.deletes.keys()].sort(),
  };
}

describe('tableDelta (inserted rows as Arrow)', () => {
  let tables: LanceTables;
  let forks = 0;
  let base: ManifestEntry;

  const pin = async (branch: string): Promise<ManifestEntry> => {
    const writer = await tables.writer('t', branch);
    return { table: 't', branch, version: writer.version, rowCount: await writer.count() };
  };

  /** A branch forked from the base. */
  async function fork() {
    forks += 1;
    const branch = `side${forks}`;
    await tables.createBranch('t', branch, base);
    return { branch, writer: await tables.writer('t', branch) };
  }

  beforeAll(async () => {
    tables = await LanceTables.open(await freshTempDir('table-delta'));
    await tables.createTable('t', COLUMNS);
    await (
      await tables.writer('t', 'main')
    ).append(['r1', 'r2', 'r3'].map((id) => ({ id, n: 1n })));
    base = await pin('main');
  });

  it('takes rows appended on a branch as inserts, as read, with no update or delete', async () => {
    const { branch, writer } = await fork();
    await writer.append([
      { id: 'a', n: 5n },
      { id: 'b', n: null },
    ]);
    expect(summary(await tableDelta(tables, base, await pin(branch)))).toEqual({
      inserts: ['a=5', 'b=null'],
      updates: {},
      deletes: [],
    });
  });

  it('splits a merge-insert of new and existing ids into inserts and updates', async () => {
    const { branch, writer } = await fork();
    await writer.mergeInsert([
      { id: 'r2', n: 2n },
      { id: 'r9', n: 9n },
      { id: 'r3', n: 1n },
    ]);
    expect(summary(await tableDelta(tables, base, await pin(branch)))).toEqual({
      inserts: ['r9=9'],
      updates: { r2: '1->2' },
      deletes: [],
    });
  });

  it('tells ids deleted and inserted again from new ones among many new rows', async () => {
    const { branch, writer } = await fork();
    await writer.delete(where.in('id', ['r1', 'r2']));
    const fresh = Array.from({ length: 1_500 }, (_, i) => ({ id: `new${i}`, n: BigInt(i) }));
    await writer.append([{ id: 'r1', n: 7n }, ...fresh]);
    const delta = await tableDelta(tables, base, await pin(branch));
    expect(summary(delta)).toMatchObject({ updates: { r1: '1->7' }, deletes: ['r2'] });
    expect(delta.inserts.size).toBe(1_500);
    expect(new Set(delta.inserts.ids)).toEqual(new Set(fresh.map((row) => row.id)));
  });
});
