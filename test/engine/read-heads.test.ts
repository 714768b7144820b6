import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHead, publishHead, type BranchHead } from '../../src/engine/root/branch-head.js';
import { GraphKeys } from '../../src/engine/root/graph-layout.js';
import { ReadHeads } from '../../src/engine/root/read-heads.js';
import { FileObjectStore } from '../../src/storage/file-object-store.js';
import { MemoryObjectStore } from '../../src/storage/memory-object-store.js';
import type { ObjectStore } from '../../src/storage/object-store.js';
import { OmniError } from '../../src/util/omni-error.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const head = (commitId: string): BranchHead => ({
  branch: 'main',
  incarnation: 'i1',
  lanceBranch: 'main',
  forkedFrom: null,
  commitId,
});

async function stores(): Promise<[string, ObjectStore][]> {
  return [
    ['file', new FileObjectStore(await freshTempDir('read-heads'))],
    ['memory', new MemoryObjectStore(`read-heads-${process.pid}-${Date.now()}`)],
  ];
}

async function errorOf(run: () => Promise<unknown>): Promise<OmniError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof OmniError) return error;
    throw error;
  }
  throw new Error('expected an OmniError');
}

describe('ReadHeads', () => {
  it('sees every head moved behind it, answering unchanged heads from what it decoded', async () => {
    for (const [name, store] of await stores()) {
      const reads = new ReadHeads(store);
      expect((await errorOf(() => reads.require('main'))).code, name).toBe('not_found');
      let etag = await createHead(store, head('c1'));
      const first = await reads.require('main');
      expect(first.commitId, name).toBe('c1');
      expect(await reads.require('main'), name).toBe(first);
      const gets = store.requestCounts().GET;
      await reads.require('main');
      // One synchronous read per resolve, no asynchronous one.
      expect(store.requestCounts().GET - gets, name).toBe(1);
      etag = await publishHead(store, head('c2'), etag);
      expect((await reads.require('main')).commitId, name).toBe('c2');
      // A head rewritten back to earlier content is that content, whatever the file's metadata.
      await publishHead(store, head('c1'), etag);
      expect((await reads.require('main')).commitId, name).toBe('c1');
      await store.delete(GraphKeys.head('main'));
      expect((await errorOf(() => reads.require('main'))).code, name).toBe('not_found');
    }
  });

  it('reports a corrupt head as a read does', async () => {
    const dir = await freshTempDir('read-heads-corrupt');
    const store = new FileObjectStore(dir);
    const reads = new ReadHeads(store);
    await createHead(store, head('c1'));
    await reads.require('main');
    await writeFile(path.join(dir, GraphKeys.head('main')), '{"branch":');
    const error = await errorOf(() => reads.require('main'));
    expect(error.message).toBe(`corrupt branch head at ${GraphKeys.head('main')}: not valid JSON`);
    await writeFile(
      path.join(dir, GraphKeys.head('main')),
      JSON.stringify(head('c3')).replace('"main"', '"dev"'),
    );
    expect((await errorOf(() => reads.require('main'))).message).toBe(
      `corrupt branch head at ${GraphKeys.head('main')}: it names branch 'dev'`,
    );
  });
});
