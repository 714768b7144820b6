import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { MemoryObjectStore, openObjectStore } from '../../src/storage/index.js';
import { objectStoreContract } from './object-store-contract.js';

objectStoreContract('memory', () =>
  Promise.resolve(openObjectStore(`memory://t-${randomBytes(6).toString('hex')}`)),
);

it('shares contents between stores opened with the same name', async () => {
  const a = new MemoryObjectStore('shared-name');
  await a.put('k', new Uint8Array([7]));
  const b = openObjectStore('memory://shared-name');
  expect([...(await b.get('k')).bytes]).toEqual([7]);
  MemoryObjectStore.drop('shared-name');
});
