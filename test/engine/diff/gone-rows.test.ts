import { beforeAll, describe, expect, it } from 'vitest';
import { goneRows } from '../../../src/engine/diff/gone-rows.js';
import type { ColumnSpec } from '../../../src/engine/lance/column-spec.js';
import { where } from '../../../src/engine/lance/filter.js';
import { LanceTables } from '../../../src/engine/lance/lance-tables.js';
import type { ManifestEntry } from '../../../src/engine/root/commit-record.js';
import { freshTempDir } from '../../helpers/temp-dir.js';

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', type: { kind: 'utf8' }, nullable: false },
  { name: 'n', type: { kind: 'int64' }, nullable: true },
];

describe('rows gone since a base version, by stable row id', () => {
  let tables: LanceTables;
  let base: ManifestEntry;
  let head: ManifestEntry;

  beforeAll(async () => {
    tables = await LanceTables.open(await freshTempDir('gone-rows'));
    await tables.createTable('t', COLUMNS);
    const main = await tables.writer('t', 'main');
    await main.append(['r1', 'r2', 'r3', 'r4', 'r5'].map((id, i) => ({ id, n: BigInt(i) })));
    base = { table: 't', branch: 'main', version: main.version, rowCount: 5 };
    await tables.createBranch('t', 'side', base);
    const side = await tables.writer('t', 'side');
    // r2 and r4 deleted; r1 deleted and inserted again; r3 updated in place; one new row.
    await side.delete(where.in('id', ['r1', 'r2', 'r4']));
    await side.append([
      { id: 'r1', n: 10n },
      { id: 'r6', n: 6n },
    ]);
    await side.mergeInsert([{ id: 'r3', n: 30n }]);
    head = { table: 't', branch: 'side', version: side.version, rowCount: await side.count() };
  });

  const readers = () => Promise.all([tables.reader('t', base), tables.reader('t', head)]);

  it('reads the base rows the head no longer holds in their old incarnation, whole', async () => {
    const [baseReader, headReader] = await readers();
    const gone = await goneRows(baseReader, headReader, BigInt(base.version), 3);
    expect(gone?.map((row) => `${String(row.id)}=${String(row.n)}`).sort()).toEqual([
      'r1=0',
      'r2=1',
      'r4=3',
    ]);
  });

  it('answers nothing when the row ids do not account for the rows missing', async () => {
    const [baseReader, headReader] = await readers();
    expect(await goneRows(baseReader, headReader, BigInt(base.version), 2)).toBeUndefined();
  });
});
