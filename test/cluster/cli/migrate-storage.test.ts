import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ClusterStore,
  openClusterStore,
  type ClusterLocation,
} from '../../../src/cluster/index.js';
import { migrateBetween } from '../../../src/cluster/migrate/migrate-storage.js';
import { OmniError, parseStoreUri } from '../../../src/util/index.js';
import { freshS3Uri, S3_SKIP_REASON, S3_TEST_BUCKET, testSettings } from '../../helpers/s3-env.js';
import { freshTempDir } from '../../helpers/temp-dir.js';
import {
  importAndApply,
  omnigraph,
  omnigraphJson,
  writeCluster,
  type WireDiagnostic,
} from './cluster-cli.js';

interface MigrateJson {
  ok: boolean;
  destination: string;
  objects_copied: number;
  objects_skipped: number;
  ledger: string;
  storage_line?: string;
  diagnostics: WireDiagnostic[];
}

const ROWS =
  '{"type": "Person", "data": {"name": "Ada", "age": 36}}\n{"type": "Person", "data": {"name": "Alan", "age": 41}}\n';

/** A cluster applied under `<dir>/store`, with two rows loaded into graph `people`. */
async function appliedCluster(): Promise<string> {
  const dir = await writeCluster();
  await importAndApply(dir);
  const data = path.join(dir, 'rows.jsonl');
  await writeFile(data, ROWS);
  const root = path.join(dir, 'store/graphs/people.omni');
  const load = await omnigraph('load', root, '--data', data, '--mode', 'overwrite', '--quiet');
  if (load.code !== 0) throw new Error(load.err);
  return dir;
}

/** Points cluster.yaml of `dir` at `root`. */
async function useStorage(dir: string, root: string): Promise<void> {
  const file = path.join(dir, 'cluster.yaml');
  const yaml = await readFile(file, 'utf8');
  await writeFile(file, yaml.replace(/^storage: .*$/m, `storage: ${root}`));
}

/** The storage root the cluster of `dir` uses: a path, or an `s3://` URI. */
async function storageRootOf(dir: string): Promise<string> {
  const status = await omnigraphJson<{ state_observations: { state_path: string } }>(
    'cluster',
    'status',
    '--config',
    dir,
  );
  return status.json.state_observations.state_path.replace(/\/__cluster\/state\.json$/, '');
}

/** The rows of graph `people` of the cluster in `dir`, as `export` prints them. */
async function exported(dir: string): Promise<string> {
  const run = await omnigraph('export', `${await storageRootOf(dir)}/graphs/people.omni`);
  expect(run.code).toBe(0);
  return run.out;
}

/** The store at `root` whose puts fail after `allowed` of them succeeded: a crash mid-copy. */
function failingAfter(root: string, allowed: number): ClusterStore {
  const objects = openClusterStore(root, { s3: testSettings().s3 }).objects;
  let puts = 0;
  const failing = new Proxy(objects, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (property === 'put' && ++puts > allowed) {
          return Promise.reject(new OmniError('transient', 'injected put failure'));
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return new ClusterStore(failing, parseStoreUri(root) as ClusterLocation);
}

/**
 * Migrates `dir` to `destination`: first a run interrupted after a few objects (which leaves no
 * ledger there), then the CLI resuming it, then a re-run that finds everything in place.
 */
async function migrateWithResume(dir: string, destination: string): Promise<void> {
  const source = openClusterStore(await storageRootOf(dir), { s3: testSettings().s3 });
  const interrupted = migrateBetween(source, failingAfter(destination, 5), { configDir: dir });
  await expect(interrupted).rejects.toThrow(
    /injected put failure.*run migrate-storage again to resume/,
  );

  const resumed = await omnigraphJson<MigrateJson>(
    'cluster',
    'migrate-storage',
    destination,
    '--config',
    dir,
  );
  expect(resumed.code).toBe(0);
  expect(resumed.json).toMatchObject({ ok: true, ledger: 'written' });
  expect(resumed.json.objects_skipped).toBeGreaterThanOrEqual(5);
  expect(resumed.json.objects_copied).toBeGreaterThan(0);
  expect(resumed.json.storage_line).toBe(`storage: ${resumed.json.destination}`);

  const again = await omnigraphJson<MigrateJson>(
    'cluster',
    'migrate-storage',
    destination,
    '--config',
    dir,
  );
  expect(again.json).toMatchObject({
    ok: true,
    ledger: 'present',
    objects_copied: 0,
    objects_skipped: 0,
  });
}

describe('omnigraph cluster migrate-storage', () => {
  it('moves a cluster to another directory, resumably, and prints the storage line', async () => {
    const dir = await appliedCluster();
    const before = await exported(dir);
    const destination = path.join(await freshTempDir('migrated'), 'root');
    await migrateWithResume(dir, destination);

    const human = await omnigraph(
      'cluster',
      'migrate-storage',
      destination,
      '--config',
      dir,
      '--quiet',
    );
    expect(human.code).toBe(0);
    expect(human.err).toBe('');
    expect(human.out.split('\n').slice(-3)).toEqual([
      'set this in cluster.yaml to use the new root:',
      `storage: file://${destination}`,
      '',
    ]);

    await useStorage(dir, destination);
    expect(await omnigraph('cluster', 'plan', '--config', dir)).toMatchObject({
      code: 0,
      out: 'cluster plan: 0 change(s)\n  no changes\n',
    });
    expect(await exported(dir)).toBe(before);
  });

  it('refuses the current root, and a destination holding another ledger', async () => {
    const dir = await appliedCluster();
    const same = await omnigraphJson<MigrateJson>(
      'cluster',
      'migrate-storage',
      path.join(dir, 'store'),
      '--config',
      dir,
    );
    expect(same.code).toBe(1);
    expect(same.json.diagnostics.map((d) => d.code)).toEqual(['invalid_storage_root']);

    const other = await appliedCluster();
    // Its own observations make its ledger differ from an identically configured one's.
    expect((await omnigraph('cluster', 'refresh', '--config', other)).code).toBe(0);
    const taken = await omnigraph(
      'cluster',
      'migrate-storage',
      path.join(other, 'store'),
      '--config',
      dir,
    );
    expect(taken.code).toBe(1);
    expect(taken.out).toMatch(/^error\[state_already_exists\] __cluster\/state\.json: /m);
    expect(taken.out).toMatch(/cluster migrate-storage failed\n$/);
  });

  describe('between file and S3', () => {
    if (!S3_TEST_BUCKET) {
      it.skip(S3_SKIP_REASON, () => undefined);
      return;
    }
    it('goes file → S3 → file, resuming an interrupted copy each way', async () => {
      const dir = await appliedCluster();
      const before = await exported(dir);
      const bucket = freshS3Uri('migrate');
      await migrateWithResume(dir, bucket);
      await useStorage(dir, bucket);
      expect((await omnigraph('cluster', 'refresh', '--config', dir)).code).toBe(0);
      expect(await exported(dir)).toBe(before);

      const back = path.join(await freshTempDir('migrated-back'), 'root');
      await migrateWithResume(dir, back);
      await useStorage(dir, back);
      const plan = await omnigraph('cluster', 'plan', '--config', dir);
      expect(plan).toMatchObject({ code: 0, out: 'cluster plan: 0 change(s)\n  no changes\n' });
      expect(await exported(dir)).toBe(before);
    });
  });
});
