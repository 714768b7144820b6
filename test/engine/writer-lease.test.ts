import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { GraphKeys } from '../../src/engine/root/graph-layout.js';
import type { WriterSettings } from '../../src/api/index.js';
import { WriterLease } from '../../src/engine/protocol/writer-lease.js';
import { writeJson } from '../../src/storage/json-object.js';
import { MemoryObjectStore } from '../../src/storage/memory-object-store.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A lease over a fresh store that counts how often it was taken from nobody. */
function leaseOn(options: Partial<WriterSettings> = {}) {
  const store = new MemoryObjectStore(`lease-${Math.random().toString(36).slice(2)}`);
  const taken = { count: 0 };
  const lease = new WriterLease(
    store,
    { leaseTtlMs: 30_000, waitMs: 1_000, lingerMs: 10_000, ...options },
    () => {
      taken.count += 1;
      return Promise.resolve();
    },
  );
  return { store, lease, taken };
}

describe('writer lease lingering', () => {
  it('keeps an idle lease for the next write: no second take, no second recovery', async () => {
    const { store, lease, taken } = leaseOn();
    expect(await lease.acquire()).toBe(true);
    await lease.releaseLingering();
    expect(await store.head(GraphKeys.lease)).toBeDefined();
    expect(await lease.acquire()).toBe(false);
    await lease.releaseLingering();
    expect(taken.count).toBe(1);
    await lease.close();
    expect(await store.head(GraphKeys.lease)).toBeUndefined();
  });

  it('deletes the idle lease once the linger time is over', async () => {
    const { store, lease, taken } = leaseOn({ lingerMs: 20 });
    await lease.acquire();
    await lease.releaseLingering();
    await sleep(100);
    expect(await store.head(GraphKeys.lease)).toBeUndefined();
    expect(await lease.acquire()).toBe(true);
    expect(taken.count).toBe(2);
    await lease.release();
  });

  it('releases at once when a write left an intent, so the next take recovers it', async () => {
    const { store, lease, taken } = leaseOn();
    await lease.acquire();
    lease.recoveryDue();
    await lease.releaseLingering();
    expect(await store.head(GraphKeys.lease)).toBeUndefined();
    expect(await lease.acquire()).toBe(true);
    expect(taken.count).toBe(2);
    await lease.releaseLingering();
    expect(await store.head(GraphKeys.lease)).toBeDefined();
    await lease.close();
  });

  it('takes the lease again, recovery included, when it was lost while lingering', async () => {
    const { store, lease, taken } = leaseOn({ leaseTtlMs: 90 });
    await lease.acquire();
    await lease.releaseLingering();
    // Another process took the lease over (and its lease has expired since).
    await writeJson(store, GraphKeys.lease, {
      owner: 'other',
      pid: 1,
      host: `not-${hostname()}`,
      acquired_at: Date.now() - 1_000,
      expires_at: Date.now() - 500,
    });
    await sleep(60);
    expect(await lease.acquire()).toBe(true);
    expect(taken.count).toBe(2);
    await lease.release();
    expect(await store.head(GraphKeys.lease)).toBeUndefined();
  });
});
