import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LanceTables,
  MAIN_BRANCH,
  where,
  type ColumnSpec,
  type Row,
} from '../../../src/engine/lance/index.js';
import { expectOmniError, idsOf, person, PERSON_COLUMNS } from './fixtures.js';
import { testSettings } from '../../helpers/s3-env.js';

/**
 * Behaviour of {@link LanceTables} that must hold on every storage backend. `freshRoot` returns
 * a new, empty graph root (a local directory or an s3:// prefix) for each call.
 */
export function lanceTableSuite(label: string, freshRoot: () => Promise<string>): void {
  describe(`LanceTables (${label})`, () => {
    let tables: LanceTables;

    beforeAll(async () => {
      tables = await LanceTables.open(await freshRoot(), { s3: testSettings().s3 });
    });
    afterAll(() => {
      tables.close();
    });

    it('creates a table at main version 1 and refuses a second create', async () => {
      const pin = await tables.createTable('Created', PERSON_COLUMNS);
      expect(pin).toEqual({ branch: MAIN_BRANCH, version: 1 });
      expect(await tables.tableNames()).toContain('Created');
      expect((await tables.listVersions('Created', MAIN_BRANCH)).map((v) => v.version)).toEqual([
        1,
      ]);
      const reader = await tables.reader('Created', pin);
      expect(reader.columns).toEqual(PERSON_COLUMNS);
      expect(await reader.count()).toBe(0);
      await expectOmniError(tables.createTable('Created', PERSON_COLUMNS), 'conflict');
    });

    it('rejects bad table names and tables without a non-null utf8 id', async () => {
      await expectOmniError(tables.createTable('../escape', PERSON_COLUMNS), 'bad_request');
      await expectOmniError(tables.createTable('a b', PERSON_COLUMNS), 'bad_request');
      const noId: ColumnSpec[] = [{ name: 'name', type: { kind: 'utf8' }, nullable: false }];
      await expectOmniError(tables.createTable('NoId', noId), 'bad_request', "column 'id'");
    });

    it('commits one version per write and pinned readers keep their version', async () => {
      const created = await tables.createTable('Versions', PERSON_COLUMNS);
      const writer = await tables.writer('Versions', MAIN_BRANCH, {
        expectedVersion: created.version,
      });
      const appended = await writer.append([person('a', 'Ada', 36n), person('b', 'Bob', 41n)]);
      expect(appended).toEqual({ version: 2, inserted: 2, updated: 0, deleted: 0 });
      const merged = await writer.mergeInsert([person('b', 'Bobby', 42n), person('c', 'Cy', null)]);
      expect(merged).toEqual({ version: 3, inserted: 1, updated: 1, deleted: 0 });
      const updated = await writer.update(where.eq('id', 'a'), { age: 37n });
      expect(updated).toEqual({ version: 4, inserted: 0, updated: 1, deleted: 0 });
      const deleted = await writer.delete(where.eq('id', 'c'));
      expect(deleted).toEqual({ version: 5, inserted: 0, updated: 0, deleted: 1 });
      // The writer counts at its head, which is what lets callers skip such no-op deletes.
      expect(await writer.count()).toBe(2);
      expect(await writer.count(where.eq('id', 'nobody'))).toBe(0);
      // Lance commits a version even when nothing matches; an empty batch commits nothing.
      expect((await writer.delete(where.eq('id', 'nobody'))).version).toBe(6);
      expect((await writer.append([])).version).toBe(6);
      expect(writer.version).toBe(6);

      const at = async (version: number) =>
        (await tables.reader('Versions', { branch: MAIN_BRANCH, version })).scan({
          columns: ['id', 'name', 'age'],
        });
      expect(sortRows(await at(2))).toEqual([
        { id: 'a', name: 'Ada', age: 36n },
        { id: 'b', name: 'Bob', age: 41n },
      ]);
      expect(sortRows(await at(3))).toEqual([
        { id: 'a', name: 'Ada', age: 36n },
        { id: 'b', name: 'Bobby', age: 42n },
        { id: 'c', name: 'Cy', age: null },
      ]);
      expect(sortRows(await at(5))).toEqual([
        { id: 'a', name: 'Ada', age: 37n },
        { id: 'b', name: 'Bobby', age: 42n },
      ]);
      const versions = await tables.listVersions('Versions', MAIN_BRANCH);
      expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('counts and scans with filters, columns and limits', async () => {
      await tables.createTable('Scan', PERSON_COLUMNS);
      const writer = await tables.writer('Scan', MAIN_BRANCH);
      const rows = Array.from({ length: 20 }, (_, i) => person(`p${i}`, `n${i % 3}`, BigInt(i)));
      const { version } = await writer.append(rows);
      const reader = await tables.reader('Scan', { branch: MAIN_BRANCH, version });
      expect(await reader.count()).toBe(20);
      expect(await reader.count(where.eq('name', 'n1'))).toBe(7);
      expect(await reader.count(where.and(where.ge('age', 5n), where.lt('age', 10n)))).toBe(5);
      const limited = await reader.scan({
        filter: where.eq('name', 'n0'),
        columns: ['id'],
        limit: 3,
      });
      expect(limited).toHaveLength(3);
      expect(Object.keys(limited[0]!)).toEqual(['id']);
      await expectOmniError(reader.scan({ columns: ['nope'] }), 'bad_request', "no column 'nope'");
    });

    it('reports a missing table, version or branch as not_found', async () => {
      await tables.createTable('Missing', PERSON_COLUMNS);
      await expectOmniError(
        tables.reader('NoSuchTable', { branch: MAIN_BRANCH, version: 1 }),
        'not_found',
      );
      await expectOmniError(
        tables.reader('Missing', { branch: MAIN_BRANCH, version: 9 }),
        'not_found',
      );
      await expectOmniError(tables.reader('Missing', { branch: 'nope', version: 1 }), 'not_found');
      await expectOmniError(tables.writer('Missing', 'nope'), 'not_found');
      const error = await expectOmniError(
        tables.reader('Missing', { branch: MAIN_BRANCH, version: 9 }),
        'not_found',
        "table 'Missing', branch 'main', version 9",
      );
      // Messages name the table, not where it is stored or which Rust file failed.
      expect(error.message).not.toMatch(/\.rs:\d+|_versions/);
    });

    it('forks branches that continue the parent numbering and leave main untouched', async () => {
      await tables.createTable('Forks', PERSON_COLUMNS);
      const main = await tables.writer('Forks', MAIN_BRANCH);
      await main.append([person('a', 'Ada', 1n)]); // main v2
      await main.append([person('b', 'Bob', 2n)]); // main v3
      const info = await tables.createBranch('Forks', 'feature', {
        branch: MAIN_BRANCH,
        version: 2,
      });
      expect(info).toEqual({ name: 'feature', parentBranch: MAIN_BRANCH, parentVersion: 2 });

      const feature = await tables.writer('Forks', 'feature');
      expect(feature.version).toBe(2);
      const written = await feature.append([person('f', 'Fay', 3n)]);
      // The branch's first write is version 3, the same number as main's v3: a version alone is
      // ambiguous, only the (branch, version) pair names a state.
      expect(written.version).toBe(3);
      const onBranch = await tables.reader('Forks', { branch: 'feature', version: 3 });
      const onMain = await tables.reader('Forks', { branch: MAIN_BRANCH, version: 3 });
      expect(idsOf(await onBranch.scan())).toEqual(['a', 'f']);
      expect(idsOf(await onMain.scan())).toEqual(['a', 'b']);
      expect((await tables.writer('Forks', MAIN_BRANCH)).version).toBe(3);
      expect((await tables.listVersions('Forks', 'feature')).map((v) => v.version)).toEqual([2, 3]);
    });

    it('manages nested branches: duplicate and reserved names, leaf-first delete', async () => {
      await tables.createTable('Nested', PERSON_COLUMNS);
      const main = await tables.writer('Nested', MAIN_BRANCH);
      await main.append([person('a', 'Ada', 1n)]);
      await tables.createBranch('Nested', 'team', { branch: MAIN_BRANCH, version: 2 });
      const team = await tables.writer('Nested', 'team');
      await team.append([person('t', 'Tom', 2n)]);
      await tables.createBranch('Nested', 'team/sub', { branch: 'team', version: 3 });
      const sub = await tables.reader('Nested', { branch: 'team/sub', version: 3 });
      expect(idsOf(await sub.scan())).toEqual(['a', 't']);
      expect(await tables.listBranches('Nested')).toEqual([
        { name: 'team', parentBranch: MAIN_BRANCH, parentVersion: 2 },
        { name: 'team/sub', parentBranch: 'team', parentVersion: 3 },
      ]);

      await expectOmniError(
        tables.createBranch('Nested', 'team', { branch: MAIN_BRANCH, version: 1 }),
        'conflict',
      );
      await expectOmniError(
        tables.createBranch('Nested', MAIN_BRANCH, { branch: MAIN_BRANCH, version: 1 }),
        'bad_request',
      );
      await expectOmniError(
        tables.createBranch('Nested', 'bad//name', { branch: MAIN_BRANCH, version: 1 }),
        'bad_request',
      );
      await expectOmniError(
        tables.createBranch('Nested', 'late', { branch: MAIN_BRANCH, version: 99 }),
        'not_found',
      );
      await expectOmniError(tables.deleteBranch('Nested', 'team'), 'conflict');
      await expectOmniError(tables.deleteBranch('Nested', 'ghost'), 'not_found');
      await tables.deleteBranch('Nested', 'team/sub');
      await tables.deleteBranch('Nested', 'team');
      expect(await tables.listBranches('Nested')).toEqual([]);
    });

    it('tells one branch and its fork point, forked here or by another process', async () => {
      await tables.createTable('Fork', PERSON_COLUMNS);
      await (await tables.writer('Fork', MAIN_BRANCH)).append([person('a', 'Ada', 1n)]);
      await tables.createBranch('Fork', 'og_a', { branch: MAIN_BRANCH, version: 2 });
      expect(await tables.branch('Fork', 'og_a')).toEqual({
        name: 'og_a',
        parentBranch: MAIN_BRANCH,
        parentVersion: 2,
      });
      const other = await LanceTables.open(tables.uri, { s3: testSettings().s3 });
      try {
        expect(await other.branch('Fork', 'og_a')).toEqual({
          name: 'og_a',
          parentBranch: MAIN_BRANCH,
          parentVersion: 2,
        });
        expect(await other.branch('Fork', 'og_ghost')).toBeUndefined();
      } finally {
        other.close();
      }
      await tables.deleteBranch('Fork', 'og_a');
      expect(await tables.branch('Fork', 'og_a')).toBeUndefined();
      await tables.createBranch('Fork', 'og_a', { branch: MAIN_BRANCH, version: 1 });
      expect((await tables.branch('Fork', 'og_a'))?.parentVersion).toBe(1);
      await expectOmniError(tables.branch('Fork', 'bad//name'), 'bad_request');
    });

    it('resets a branch past its pin with restore, and writers can demand the pin', async () => {
      await tables.createTable('Restore', PERSON_COLUMNS);
      const writer = await tables.writer('Restore', MAIN_BRANCH);
      const pinned = await writer.append([person('a', 'Ada', 1n)]); // the published version
      await writer.append([person('orphan1', 'x', 2n)]);
      await writer.mergeInsert([person('a', 'Changed', 9n)]); // orphans: v3, v4

      const stale = tables.writer('Restore', MAIN_BRANCH, { expectedVersion: pinned.version });
      await expectOmniError(stale, 'conflict', 'is at version 4, expected 2');

      const reset = await writer.restore(pinned.version);
      expect(reset).toEqual({ version: 5, restored: true });
      const head = await tables.reader('Restore', { branch: MAIN_BRANCH, version: reset.version });
      expect(await head.scan({ columns: ['id', 'name', 'age'] })).toEqual([
        { id: 'a', name: 'Ada', age: 1n },
      ]);
      // Nothing to do at the head itself; a version that does not exist is not_found.
      expect(await writer.restore(5)).toEqual({ version: 5, restored: false });
      await expectOmniError(writer.restore(6), 'not_found');
      // The head is writable again and builds on the restored content.
      const next = await writer.append([person('b', 'Bob', 2n)]);
      const after = await tables.reader('Restore', { branch: MAIN_BRANCH, version: next.version });
      expect(idsOf(await after.scan())).toEqual(['a', 'b']);
    });

    it('restores on a branch without touching main', async () => {
      await tables.createTable('BranchRestore', PERSON_COLUMNS);
      const main = await tables.writer('BranchRestore', MAIN_BRANCH);
      await main.append([person('a', 'Ada', 1n)]);
      await tables.createBranch('BranchRestore', 'work', { branch: MAIN_BRANCH, version: 2 });
      const work = await tables.writer('BranchRestore', 'work');
      await work.append([person('w', 'Wes', 2n)]);
      const reset = await work.restore(2);
      expect(reset).toEqual({ version: 4, restored: true });
      const head = await tables.reader('BranchRestore', { branch: 'work', version: 4 });
      expect(idsOf(await head.scan())).toEqual(['a']);
      expect((await tables.writer('BranchRestore', MAIN_BRANCH)).version).toBe(2);
    });

    it('keeps one row when writers race to upsert the same new id (unenforced primary key)', async () => {
      await tables.createTable('Race', PERSON_COLUMNS);
      const writers = await Promise.all(
        Array.from({ length: 6 }, () => tables.writer('Race', MAIN_BRANCH)),
      );
      const outcomes = await Promise.all(
        writers.map((writer, i) => writer.mergeInsert([person('same', `w${i}`, BigInt(i))])),
      );
      // Exactly one insert wins; the others retry their commit and turn into updates.
      expect(outcomes.map((o) => o.inserted).reduce((a, b) => a + b)).toBe(1);
      expect(outcomes.map((o) => o.updated).reduce((a, b) => a + b)).toBe(5);
      const latest = Math.max(...outcomes.map((o) => o.version));
      const reader = await tables.reader('Race', { branch: MAIN_BRANCH, version: latest });
      expect(await reader.count(where.eq('id', 'same'))).toBe(1);
    });

    it('does not enforce uniqueness on append, and rejects duplicate ids in one merge', async () => {
      await tables.createTable('Dupes', PERSON_COLUMNS);
      const writer = await tables.writer('Dupes', MAIN_BRANCH);
      await writer.append([person('x', 'one', 1n)]);
      const { version } = await writer.append([person('x', 'two', 2n)]);
      const reader = await tables.reader('Dupes', { branch: MAIN_BRANCH, version });
      expect(await reader.count(where.eq('id', 'x'))).toBe(2);
      await expectOmniError(
        writer.mergeInsert([person('y', 'a', 1n), person('y', 'b', 2n)]),
        'bad_request',
        "repeats id 'y'",
      );
      expect(writer.version).toBe(version);
    });

    it('caches readers by (table, branch, version)', async () => {
      await tables.createTable('Cached', PERSON_COLUMNS);
      const pin = { branch: MAIN_BRANCH, version: 1 };
      const [first, second] = await Promise.all([
        tables.reader('Cached', pin),
        tables.reader('Cached', pin),
      ]);
      expect(second).toBe(first);
      expect(await tables.reader('Cached', { ...pin })).toBe(first);
      await tables.dropTable('Cached');
      expect(await tables.tableNames()).not.toContain('Cached');
      await expectOmniError(tables.reader('Cached', pin), 'not_found');
    });

    it('gives a writer the reader of its version, which the cache keeps once offered', async () => {
      const created = await tables.createTable('Adopted', PERSON_COLUMNS);
      const writer = await tables.writer('Adopted', MAIN_BRANCH);
      const { version } = await writer.append([person('p1', 'Ada', 36n)]);
      const pin = { branch: MAIN_BRANCH, version };
      expect(tables.hasReader('Adopted', pin)).toBe(false);
      const reader = await writer.toReader();
      expect(reader.pin).toEqual(pin);
      expect(reader.columns).toEqual(PERSON_COLUMNS);
      expect(idsOf(await reader.scan())).toEqual(['p1']);
      // Later versions, the writer's own or another handle's, do not move what it reads.
      const next = await writer.append([person('p2', 'Bo', 1n)]);
      expect(next.version).toBe(version + 1);
      await (await tables.writer('Adopted', MAIN_BRANCH)).append([person('p3', 'Cy', 2n)]);
      expect(await reader.count()).toBe(1);
      expect(idsOf(await reader.scan())).toEqual(['p1']);
      expect((await reader.scanColumns({ columns: ['id'] })).length).toBe(1);
      tables.keepReader(reader);
      expect(tables.hasReader('Adopted', pin)).toBe(true);
      expect(await tables.reader('Adopted', pin)).toBe(reader);
      expect(tables.hasReader('Adopted', created)).toBe(false);
      await tables.dropTable('Adopted');
    });

    it('keeps a published writer for the next write from its version, and drops it otherwise', async () => {
      await tables.createTable('Kept', PERSON_COLUMNS);
      const writer = await tables.writer('Kept', MAIN_BRANCH);
      const { version } = await writer.append([person('p1', 'Ada', 36n)]);
      tables.keepWriter(writer);
      // Taken once, at its version: a second open, or one from another version, opens anew.
      expect(await tables.writer('Kept', MAIN_BRANCH, { reuseAt: version })).toBe(writer);
      expect(await tables.writer('Kept', MAIN_BRANCH, { reuseAt: version })).not.toBe(writer);
      tables.keepWriter(writer);
      const other = await tables.writer('Kept', MAIN_BRANCH, { reuseAt: version - 1 });
      expect(other).not.toBe(writer);
      expect(other.version).toBe(version);
      // An open that does not ask for it drops it: that writer moves the branch past it.
      tables.keepWriter(writer);
      await (await tables.writer('Kept', MAIN_BRANCH)).append([person('p2', 'Bo', 1n)]);
      expect(await tables.writer('Kept', MAIN_BRANCH, { reuseAt: version })).not.toBe(writer);
      // So does dropping the table.
      tables.keepWriter(writer);
      await tables.dropTable('Kept');
      await tables.createTable('Kept', PERSON_COLUMNS);
      expect(await tables.writer('Kept', MAIN_BRANCH, { reuseAt: version })).not.toBe(writer);
      await tables.dropTable('Kept');
    });

    it('takes a range of scan offsets, and refuses a range that is not one', async () => {
      await tables.createTable('Range', PERSON_COLUMNS);
      const writer = await tables.writer('Range', MAIN_BRANCH);
      await writer.append([person('a', 'Ada', 1n), person('b', 'Bo', 2n)]);
      await writer.append([person('c', 'Cy', 3n)]);
      const reader = await tables.reader('Range', { branch: MAIN_BRANCH, version: writer.version });
      const taken = await reader.takeRangeArrow(1, 3, ['id']);
      expect(taken.getChild('id')?.toArray()).toEqual(['b', 'c']);
      await expectOmniError(reader.takeRangeArrow(2, 1), 'bad_request', 'ends before it starts');
      await expectOmniError(reader.takeRangeArrow(-1, 1), 'bad_request', 'range start');
      await expectOmniError(reader.takeRangeArrow(0, 1, ['nope']), 'bad_request', 'nope');
    });

    it('tells which indexes a fork of a fork could not read, and a fork that drops them works', async () => {
      await tables.createTable('Inherit', PERSON_COLUMNS);
      const main = await tables.writer('Inherit', MAIN_BRANCH);
      await main.append([person('a', 'Ada', 1n), person('b', 'Bo', 2n)]);
      await main.createIndex({ kind: 'btree', column: 'id' });
      await main.createIndex({ kind: 'btree', column: 'name' });
      const indexed = { branch: MAIN_BRANCH, version: main.version };
      expect(await tables.indexesLostInFork('Inherit', indexed)).toEqual([]);

      await tables.createBranch('Inherit', 'team', indexed);
      const team = await tables.writer('Inherit', 'team');
      await team.append([person('t', 'Tom', 3n)]);
      // An index the branch builds itself is in its own folder: its forks read it.
      await team.createIndex({ kind: 'btree', column: 'name' });
      const teamPin = { branch: 'team', version: team.version };
      expect(await tables.indexesLostInFork('Inherit', teamPin)).toEqual(['id_idx']);

      // Lance looks for the inherited id index in team's folder: the fork cannot update by id.
      await tables.createBranch('Inherit', 'team/broken', teamPin);
      const broken = await tables.writer('Inherit', 'team/broken');
      await expectOmniError(broken.update(where.eq('id', 'a'), { age: 9n }), 'not_found');

      await tables.createBranch('Inherit', 'team/sub', teamPin);
      const sub = await tables.writer('Inherit', 'team/sub');
      expect(await sub.dropIndex('id_idx')).toBe(teamPin.version + 1);
      await sub.update(where.eq('id', 'a'), { age: 9n });
      await sub.delete(where.eq('name', 'Bo'));
      const reader = await tables.reader('Inherit', { branch: 'team/sub', version: sub.version });
      expect((await reader.listIndexes()).map((index) => index.name)).toEqual(['name_idx']);
      expect(await reader.scan({ columns: ['id', 'age'] })).toEqual(
        expect.arrayContaining([
          { id: 'a', age: 9n },
          { id: 't', age: 3n },
        ]),
      );
      expect(await reader.count()).toBe(2);
      expect(
        await tables.indexesLostInFork('Inherit', { branch: 'team/sub', version: sub.version }),
      ).toEqual(['name_idx']);
    });

    it('builds indexes and returns the same rows before and after optimize', async () => {
      const columns: ColumnSpec[] = [
        { name: 'id', type: { kind: 'utf8' }, nullable: false },
        { name: 'bio', type: { kind: 'utf8' }, nullable: true },
        { name: 'rank', type: { kind: 'int32' }, nullable: true },
        { name: 'vec', type: { kind: 'fixed_size_list', dimension: 8 }, nullable: true },
      ];
      await tables.createTable('Indexed', columns);
      const writer = await tables.writer('Indexed', MAIN_BRANCH);
      const row = (i: number): Row => ({
        id: `r${i}`,
        bio: `bio ${i % 7 === 0 ? 'lighthouse keeper' : 'gardener'} number ${i}`,
        rank: i % 10,
        vec: Array.from({ length: 8 }, (_, j) => Math.sin(i * (j + 1))),
      });
      for (let batch = 0; batch < 3; batch += 1) {
        await writer.append(Array.from({ length: 100 }, (_, i) => row(batch * 100 + i)));
      }
      const before = writer.version;
      const btree = await writer.createIndex({ kind: 'btree', column: 'id' });
      expect(btree).toEqual({ name: 'id_idx', kind: 'btree', column: 'id', version: before + 1 });
      const fts = await writer.createIndex({ kind: 'fts', column: 'bio', withPositions: true });
      expect(fts.version).toBe(before + 2);
      const vector = await writer.createIndex({
        kind: 'vector',
        column: 'vec',
        method: 'ivf_pq',
        distance: 'cosine',
        partitions: 2,
        subVectors: 2,
      });
      expect(vector.name).toBe('vec_idx');
      await expectOmniError(writer.createIndex({ kind: 'fts', column: 'rank' }), 'bad_request');

      // Rows written after the index are not in it until optimize, but queries still see them.
      await writer.append([row(1000), row(1001)]);
      await writer.delete(where.in('id', ['r1', 'r2']));
      const filters = [
        where.eq('id', 'r1000'),
        where.in('id', ['r3', 'r1001', 'r2']),
        where.ge('rank', 8),
        where.or(where.eq('id', 'r0'), where.isNull('bio')),
      ];
      const snapshot = async (version: number) => {
        const reader = await tables.reader('Indexed', { branch: MAIN_BRANCH, version });
        return Promise.all(filters.map(async (filter) => idsOf(await reader.scan({ filter }))));
      };
      const preOptimize = writer.version;
      const indexesBefore = await (
        await tables.reader('Indexed', { branch: MAIN_BRANCH, version: preOptimize })
      ).listIndexes();
      expect(indexesBefore.map((index) => index.name).sort()).toEqual([
        'bio_idx',
        'id_idx',
        'vec_idx',
      ]);
      expect(indexesBefore.find((index) => index.name === 'id_idx')?.unindexedRows).toBe(2);
      const expected = await snapshot(preOptimize);
      expect(expected[0]).toEqual(['r1000']);
      expect(expected[1]).toEqual(['r1001', 'r3']);

      const optimized = await writer.optimize();
      expect(optimized.version).toBeGreaterThan(preOptimize);
      expect(optimized.fragmentsRemoved).toBeGreaterThan(optimized.fragmentsAdded);
      expect(await snapshot(optimized.version)).toEqual(expected);
      const indexesAfter = await (
        await tables.reader('Indexed', { branch: MAIN_BRANCH, version: optimized.version })
      ).listIndexes();
      expect(indexesAfter.find((index) => index.name === 'id_idx')?.unindexedRows).toBe(0);
      // Optimize never prunes: every version stays readable for graph snapshots that pin it.
      const versions = await tables.listVersions('Indexed', MAIN_BRANCH);
      expect(versions[0]?.version).toBe(1);
    });
  });
}

function sortRows(rows: readonly Row[]): Row[] {
  return [...rows].sort((a, b) => String(a.id).localeCompare(String(b.id)));
}
