import { execFile } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FileObjectStore, openObjectStore, PutModes } from '../../src/storage/index.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import { objectStoreContract } from './object-store-contract.js';

const run = promisify(execFile);

objectStoreContract('file', async () => openObjectStore(await freshTempDir('store')));

describe('FileObjectStore specifics', () => {
  // Each child increments many times, so that the processes' writes overlap for most of the test
  // whatever their start-up times: one increment each would mostly run one after the other.
  it('loses no update among 16 child processes doing if-match increments', async () => {
    const root = await freshTempDir('xproc');
    const store = new FileObjectStore(root);
    await store.put('counter', new TextEncoder().encode('0'));
    const child = path.join(import.meta.dirname, 'counter-child.ts');
    await Promise.all(
      Array.from({ length: 16 }, () =>
        run(process.execPath, ['--import', 'tsx', child, root, 'counter', '40']),
      ),
    );
    expect(await readFile(path.join(root, 'counter'), 'utf8')).toBe(String(16 * 40));
  });

  it('keeps objects as plain files and leaves no temporary or lock files behind', async () => {
    const root = await freshTempDir('layout');
    const store = new FileObjectStore(root);
    await store.put('dir/obj.json', new TextEncoder().encode('{}'));
    expect(await readFile(path.join(root, 'dir', 'obj.json'), 'utf8')).toBe('{}');
    expect(await readdir(path.join(root, '.og-tmp'))).toEqual([]);
    expect(await readdir(path.join(root, '.og-locks'))).toEqual([]);
  });

  it('puts into a directory that a concurrent delete of its last object prunes', async () => {
    const store = new FileObjectStore(await freshTempDir('prune'));
    const bytes = new TextEncoder().encode('{}');
    await store.put('d/0', bytes, PutModes.create);
    for (let i = 1; i <= 200; i += 1) {
      await Promise.all([
        store.put(`d/${i}`, bytes, i % 2 === 0 ? PutModes.create : PutModes.overwrite),
        store.delete(`d/${i - 1}`),
      ]);
    }
    expect((await store.list('d/')).objects.map((o) => o.key)).toEqual(['d/200']);
  });

  it('writes on when another process removed its directories, temporary and lock ones too', async () => {
    const root = await freshTempDir('removed-dirs');
    const store = new FileObjectStore(root);
    const other = new FileObjectStore(root);
    const bytes = new TextEncoder().encode('{}');
    await store.put('a/b/one', bytes);
    await store.delete('a/b/one');
    // Another handle writes and deletes there: its delete prunes the directories this one made.
    await other.put('a/b/two', bytes);
    await other.delete('a/b/two');
    await rm(path.join(root, '.og-tmp'), { recursive: true });
    await rm(path.join(root, '.og-locks'), { recursive: true });
    await store.put('a/b/three', bytes, PutModes.create);
    await store.put('a/b/three', bytes, PutModes.overwrite);
    await rm(path.join(root, '.og-locks'), { recursive: true });
    await store.delete('a/b/three');
    await store.put('a/b/four', bytes);
    expect((await store.list('a/')).objects.map((o) => o.key)).toEqual(['a/b/four']);
  });

  it('reads a store whose root does not exist as empty', async () => {
    const root = path.join(await freshTempDir('noroot'), 'absent');
    const store = new FileObjectStore(root);
    expect((await store.list('')).objects).toEqual([]);
    expect(await store.head('x')).toBeUndefined();
  });
});
