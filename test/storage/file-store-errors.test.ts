import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileObjectStore, PutModes } from '../../src/storage/index.js';
import { fileStoreError } from '../../src/storage/file-store-error.js';
import { isOmniError, type ErrorCode } from '../../src/util/index.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const bytes = new TextEncoder().encode('{}');

async function failure(call: () => Promise<unknown>, code: ErrorCode): Promise<string> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isOmniError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
  return (error as Error).message;
}

/** An error as Node's file-system calls make them. */
function errno(code: string, at: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, open '${at}'`), { code, path: at });
}

describe('a file store whose root cannot hold objects', () => {
  it('names the file that stands where a directory must be', async () => {
    const dir = await freshTempDir('store-enotdir');
    const file = path.join(dir, 'a-file');
    await writeFile(file, 'x');
    for (const root of [path.join(file, 'nested', 'root'), file]) {
      const store = new FileObjectStore(root);
      expect(await failure(() => store.put('_og/k.json', bytes), 'configuration')).toBe(
        `cannot write '_og/k.json' under ${root}: ${file} is a file, not a directory`,
      );
      expect(
        await failure(() => store.put('k.json', bytes, PutModes.create), 'configuration'),
      ).toContain(`${file} is a file, not a directory`);
      // Reading finds nothing rather than failing: there is nothing there.
      expect(await store.head('k.json')).toBeUndefined();
      expect((await store.list('')).objects).toEqual([]);
      await failure(() => store.get('k.json'), 'not_found');
    }
  });

  it('names a file inside the root relative to it', async () => {
    const root = await freshTempDir('store-inner');
    const store = new FileObjectStore(root);
    await store.put('a', bytes);
    expect(await failure(() => store.put('a/b', bytes), 'configuration')).toBe(
      `cannot write 'a/b' under ${root}: 'a' is a file, not a directory`,
    );
  });
});

describe('file-system failures in plain words', () => {
  it('classify what the user fixes, what passes and what does not', async () => {
    const root = await freshTempDir('store-errno');
    const at = path.join(root, '.og-tmp', 'x');
    const cases: (readonly [string, ErrorCode, string])[] = [
      ['EACCES', 'configuration', `permission denied; check the owner and mode of ${root}`],
      ['EPERM', 'configuration', `permission denied; check the owner and mode of ${root}`],
      [
        'EROFS',
        'configuration',
        'the file system is read-only; use a root on a writable file system',
      ],
      ['ENOSPC', 'permanent', 'no space left on the device; free some space'],
      ['EMFILE', 'transient', 'error EMFILE'],
      ['EIO', 'permanent', 'error EIO'],
    ];
    for (const [code, expected, reason] of cases) {
      const error = await fileStoreError(errno(code, at), root, "write 'k'");
      expect(error.code, code).toBe(expected);
      expect(error.message, code).toBe(`cannot write 'k' under ${root}: ${reason}`);
      expect(error.message).not.toContain('.og-tmp');
      expect(error.details).toEqual({ root, errno: code });
    }
  });

  it('name the nearest existing directory when the root does not exist yet', async () => {
    const dir = await freshTempDir('store-nearest');
    const root = path.join(dir, 'a', 'b');
    const error = await fileStoreError(errno('EACCES', root), root, "write 'k'");
    expect(error.message).toBe(
      `cannot write 'k' under ${root}: permission denied; check the owner and mode of ${dir}`,
    );
  });
});
