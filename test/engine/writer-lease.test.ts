import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { GraphKeys } from '../../src/engine/root/graph-layout.js';
import type { WriterSettings } from '../../src/api/index.js';
import { isLeaseLost, WriterLease } from '../../src/engine/protocol/writer-lease.js';
import { readJson, writeJson } from '../../src/storage/json-object.js';
import { MemoryObjectStore } from '../../src/storage/memory-object-store.js';
import type { PutMode } from '../../src/storage/object-store.js';
import type { RecoveryIntent } from '../../src/engine/root/recovery-intent.js';

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
      return Promise.resolve(false);
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
      generation: 'other-take',
      replaced_live: false,
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

/** A store whose if-match puts (renewals) first wait for `delay`. */
class DelayedRenewals extends MemoryObjectStore {
  delay: () => Promise<void> = () => Promise.resolve();

  override async put(key: string, bytes: Uint8Array, mode?: PutMode): Promise<string> {
    if (mode?.kind === 'ifMatch') await this.delay();
    return super.put(key, bytes, mode);
  }
}

/** A store that applies conditional puts at once but answers them when `answer` resolves. */
class HeldAnswers extends MemoryObjectStore {
  answer: () => Promise<void> = () => Promise.resolve();

  override async put(key: string, bytes: Uint8Array, mode?: PutMode): Promise<string> {
    const etag = await super.put(key, bytes, mode);
    if (mode?.kind === 'ifMatch') await this.answer();
    return etag;
  }
}

describe("writer lease take's recovery", () => {
  /** A lease whose take's recovery waits for `finish` (its outcome: resolves or rejects). */
  function leaseWithRecovery() {
    const store = new MemoryObjectStore(`lease-${Math.random().toString(36).slice(2)}`);
    const runs: { finish: (outcome: boolean | Error) => void }[] = [];
    const lease = new WriterLease(
      store,
      { leaseTtlMs: 30_000, waitMs: 1_000, lingerMs: 10_000 },
      () =>
        new Promise<boolean>((resolve, reject) => {
          runs.push({
            finish: (outcome) => {
              if (outcome instanceof Error) reject(outcome);
              else resolve(outcome);
            },
          });
        }),
    );
    return { store, lease, runs };
  }

  it('hands a hold over before its recovery ends, and keeps the lease until it ends', async () => {
    const { store, lease, runs } = leaseWithRecovery();
    const hold = await lease.hold();
    expect(hold.took).toBe(true);
    expect(runs).toHaveLength(1);
    // The holder gives up before recovery ends (a write rejected in validation).
    await lease.release();
    expect(await store.head(GraphKeys.lease)).toBeDefined();
    const joined = await lease.hold();
    expect(joined).toMatchObject({ took: false });
    runs[0]?.finish(true);
    expect(await hold.recovery).toBe(true);
    expect(await joined.recovery).toBe(true);
    await lease.releaseLingering();
    await lease.close();
    expect(await store.head(GraphKeys.lease)).toBeUndefined();
  });

  it('fails every holder when recovery fails, and runs it again at the next take', async () => {
    const { store, lease, runs } = leaseWithRecovery();
    const acquiring = lease.acquire();
    const hold = await lease.hold();
    runs[0]?.finish(new Error('recovery failed'));
    await expect(acquiring).rejects.toThrow('recovery failed');
    await expect(hold.recovery).rejects.toThrow('recovery failed');
    // The last release deletes the lease instead of letting it linger.
    await lease.releaseLingering();
    expect(await store.head(GraphKeys.lease)).toBeUndefined();
    const again = lease.acquire();
    while (runs.length < 2) await sleep(1);
    runs[1]?.finish(false);
    expect(await again).toBe(true);
    expect(runs).toHaveLength(2);
    await lease.release();
  });
});

describe("writer lease's listing beside its take", () => {
  /** A lease whose takes list (a listing per take) and record what recovery was handed. */
  function listingLease(store: MemoryObjectStore) {
    const handed: (Promise<readonly RecoveryIntent[]> | undefined)[] = [];
    let listings = 0;
    const lease = new WriterLease(
      store,
      { leaseTtlMs: 30_000, waitMs: 1_000, lingerMs: 0 },
      (take) => {
        handed.push(take.listedBeside);
        return Promise.resolve(false);
      },
      () => Promise.resolve(),
      () => {
        listings += 1;
        return Promise.resolve([]);
      },
    );
    return { lease, handed, listings: () => listings };
  }

  it("hands recovery the listing made beside the take's first put when that put lands", async () => {
    const store = new MemoryObjectStore(`lease-${Math.random().toString(36).slice(2)}`);
    const { lease, handed, listings } = listingLease(store);
    const hold = await lease.hold();
    expect(hold).toMatchObject({ took: true, waited: false });
    expect(listings()).toBe(1);
    expect(handed).toHaveLength(1);
    expect(await handed[0]).toEqual([]);
    await lease.release();
  });

  it('hands recovery no listing when the take waited for another holder, and says it waited', async () => {
    const store = new MemoryObjectStore(`lease-${Math.random().toString(36).slice(2)}`);
    const other = new WriterLease(store, { leaseTtlMs: 30_000, waitMs: 1_000, lingerMs: 0 });
    await other.acquire();
    const { lease, handed } = listingLease(store);
    const holding = lease.hold();
    await sleep(50);
    await other.release();
    const hold = await holding;
    expect(hold).toMatchObject({ took: true, waited: true });
    // Recovery lists after the take itself: the listing beside it may have missed intents.
    expect(handed).toEqual([undefined]);
    await lease.release();
  });
});

describe('writer lease fencing', () => {
  it('does not take a renewal sent before a pause as proof after a takeover', async () => {
    const store = new HeldAnswers('paused-renewal');
    const lease = new WriterLease(store, { leaseTtlMs: 60, waitMs: 1_000, lingerMs: 0 });
    await lease.acquire();
    let answer = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      answer = resolve;
    });
    store.answer = () => held;
    await sleep(45); // the renewal timer (every 20 ms) has sent a put by now, applied unanswered
    // Another process takes the lease over while this one is paused.
    const now = Date.now();
    await writeJson(store, GraphKeys.lease, {
      owner: 'other',
      generation: 'other-take',
      replaced_live: true,
      pid: 4242,
      host: 'elsewhere',
      acquired_at: now,
      expires_at: now + 60_000,
    });
    const fenced = lease.fence().then(
      () => undefined,
      (e: unknown) => e,
    );
    store.answer = () => Promise.resolve();
    answer(); // the renewal sent before the takeover answers that it succeeded
    expect(isLeaseLost(await fenced)).toBe(true);
    await lease.release();
  });

  it('a renewal still in flight when its take ended leaves the next take alone', async () => {
    const store = new DelayedRenewals('held-renewals');
    const lease = new WriterLease(store, { leaseTtlMs: 60, waitMs: 1_000, lingerMs: 0 });
    await lease.acquire();
    let letGo = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    store.delay = () => held;
    await sleep(45); // the renewal timer (every 20 ms) has started a put by now
    await lease.release();
    await lease.acquire();
    store.delay = () => Promise.resolve();
    letGo(); // the old renewal loses its if-match against the new take's object
    await sleep(10);
    await lease.fence();
    await lease.release();
    expect(await store.head(GraphKeys.lease)).toBeUndefined();
  });

  it('keeps a lease whose renewal outlasted its lifetime while nobody took it over', async () => {
    const store = new DelayedRenewals('slow-renewals');
    const lease = new WriterLease(store, { leaseTtlMs: 60, waitMs: 1_000, lingerMs: 0 });
    await lease.acquire();
    store.delay = () => sleep(100);
    await sleep(40);
    await lease.fence();
    await lease.release();
    expect(await store.head(GraphKeys.lease)).toBeUndefined();
  });

  it('passes while the lease is held and names the new holder once it was taken over', async () => {
    const { store, lease } = leaseOn();
    await lease.acquire();
    await lease.fence();
    const taker = {
      owner: 'other',
      generation: 'other-take',
      replaced_live: false,
      pid: 4242,
      host: 'elsewhere',
    };
    const now = Date.now();
    await writeJson(store, GraphKeys.lease, {
      ...taker,
      acquired_at: now,
      expires_at: now + 60_000,
    });
    const error = await lease.fence().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isLeaseLost(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'conflict',
      details: { lease_lost: true, holder_pid: 4242, holder_host: 'elsewhere' },
    });
    expect((error as Error).message).toContain('lost the writer lease of');
    expect((error as Error).message).toContain('to process 4242 on elsewhere');
    // A lost lease is not this process's to delete.
    await lease.release();
    expect((await readJson(store, GraphKeys.lease)).value).toMatchObject(taker);
  });

  it('keeps a lease its own put rewrote behind its back (an ambiguous renewal)', async () => {
    const { store, lease } = leaseOn();
    await lease.acquire();
    const { value } = await readJson(store, GraphKeys.lease);
    await writeJson(store, GraphKeys.lease, value);
    await lease.fence();
    await lease.release();
    expect(await store.head(GraphKeys.lease)).toBeUndefined();
  });

  it('refuses a lease object that is not a lease record, naming the fix', async () => {
    const { store, lease } = leaseOn({ waitMs: 0 });
    await writeJson(store, GraphKeys.lease, { owner: 'old-format', pid: 1 });
    const error = await lease.acquire().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'permanent' });
    expect((error as Error).message).toContain('delete it once no process writes the graph');
  });
});

describe('writer lease takeovers', () => {
  /** A lease record of another holder that expired a moment ago. */
  function expired(pid: number, host: string) {
    const now = Date.now();
    return {
      owner: 'other',
      generation: 'other-take',
      replaced_live: false,
      pid,
      host,
      acquired_at: now - 1_000,
      expires_at: now - 500,
    };
  }

  it('records whether a take replaced a holder that may still be running', async () => {
    const nobody = leaseOn();
    await nobody.lease.acquire();
    expect((await readJson(nobody.store, GraphKeys.lease)).value).toMatchObject({
      replaced_live: false,
    });
    await nobody.lease.release();

    const live = leaseOn();
    await writeJson(live.store, GraphKeys.lease, expired(1, `not-${hostname()}`));
    await live.lease.acquire();
    expect((await readJson(live.store, GraphKeys.lease)).value).toMatchObject({
      replaced_live: true,
    });
    await live.lease.release();

    // A process of this host that exited is known dead: its writes cannot publish any more.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const dead = leaseOn();
    await writeJson(dead.store, GraphKeys.lease, expired(gone, hostname()));
    await dead.lease.acquire();
    expect((await readJson(dead.store, GraphKeys.lease)).value).toMatchObject({
      replaced_live: false,
    });
    await dead.lease.release();
  });
});
