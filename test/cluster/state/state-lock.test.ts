import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import {
  ABSENT_STATE,
  acquireLock,
  emptyClusterState,
  forceUnlock,
  LOCK_KEY,
  readLock,
  readState,
  releaseLock,
  stateObservations,
  STATE_KEY,
  stateObservationsSchema,
  withLock,
  writeState,
} from '../../../src/cluster/index.js';
import {
  describeBackends,
  bytesOf,
  expectClusterError,
  faultyStore,
  openTestStore,
  textOf,
} from './cluster-backends.js';

const run = promisify(execFile);
const CHILD = path.join(import.meta.dirname, 'lock-child.ts');
const AT = new Date('2026-06-11T12:00:00.000Z');
const LATER = new Date('2026-06-11T12:01:05.900Z');
const ULID = '01JZ0000000000000000000000';

const lockJson = (fields: string) =>
  `{"version":1,"lock_id":"${ULID}","operation":"apply","created_at":"2026-06-11T12:00:00Z",${fields}}`;

const CORRUPT_LOCKS: readonly [
  string,
  string,
  'invalid_state_lock' | 'unsupported_state_lock_version',
][] = [
  ['not JSON', 'locked!', 'invalid_state_lock'],
  ['an unknown field', lockJson('"pid":1,"host":"a"'), 'invalid_state_lock'],
  [
    'a missing pid',
    `{"version":1,"lock_id":"${ULID}","operation":"apply","created_at":"2026-06-11T12:00:00Z"}`,
    'invalid_state_lock',
  ],
  ['a negative pid', lockJson('"pid":-1'), 'invalid_state_lock'],
  [
    'a lock id that is not a ULID',
    lockJson('"pid":1').replace(ULID, 'not-a-ulid'),
    'invalid_state_lock',
  ],
  [
    'a created_at that is not RFC 3339',
    lockJson('"pid":1').replace('2026-06-11T12:00:00Z', 'yesterday'),
    'invalid_state_lock',
  ],
  ['version 2', `{"version":2,"lock_id":"${ULID}"}`, 'unsupported_state_lock_version'],
];

describeBackends('state lock', (backend) => {
  it('acquires by writing a version-1 lock record and releases it', async () => {
    const store = openTestStore(await backend.root('acquire'));
    const lock = await acquireLock(store, 'apply', { now: () => AT, pid: 4242 });
    expect(lock).toEqual({
      version: 1,
      lock_id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/) as unknown,
      operation: 'apply',
      created_at: '2026-06-11T12:00:00.000Z',
      pid: 4242,
    });
    expect(JSON.parse(textOf((await store.objects.get(LOCK_KEY)).bytes))).toEqual(lock);
    expect(await readLock(store)).toEqual(lock);
    expect(await releaseLock(store, lock)).toBe(true);
    expect(await readLock(store)).toBeUndefined();
  });

  it('refuses a held lock with state_lock_held naming its id, operation, pid and age', async () => {
    const store = openTestStore(await backend.root('held'));
    const held = await acquireLock(store, 'refresh', { now: () => AT, pid: 77 });
    const error = await expectClusterError(
      acquireLock(store, 'apply', { now: () => LATER }),
      'state_lock_held',
    );
    expect(error.code).toBe('conflict');
    expect(error.diagnostic.path).toBe(LOCK_KEY);
    for (const part of [
      held.lock_id,
      'refresh',
      'pid 77',
      '65s ago',
      `force-unlock ${held.lock_id}`,
    ]) {
      expect(error.message).toContain(part);
    }
    expect(await readLock(store)).toEqual(held);
  });

  it('releases only its own lock', async () => {
    const store = openTestStore(await backend.root('release'));
    const first = await acquireLock(store, 'apply');
    await forceUnlock(store, first.lock_id);
    const second = await acquireLock(store, 'plan');
    expect(await releaseLock(store, first)).toBe(false);
    expect(await readLock(store)).toEqual(second);
    expect(await releaseLock(store, second)).toBe(true);
    expect(await releaseLock(store, second)).toBe(false);
  });

  it('withLock holds the lock for the run and releases it after success and failure', async () => {
    const store = openTestStore(await backend.root('with-lock'));
    const result = await withLock(store, 'import', async (lock) => {
      expect(await readLock(store)).toEqual(lock);
      return lock.operation;
    });
    expect(result).toBe('import');
    expect(await readLock(store)).toBeUndefined();
    const failure = new Error('apply failed');
    await expect(withLock(store, 'apply', () => Promise.reject(failure))).rejects.toBe(failure);
    expect(await readLock(store)).toBeUndefined();
  });

  it('withLock reports a failed release after a successful run, not after a failed one', async () => {
    const root = await backend.root('with-lock-release');
    const store = faultyStore(root, ['delete'], LOCK_KEY);
    await expectClusterError(
      withLock(store, 'apply', () => Promise.resolve(1)),
      'state_lock_error',
    );
    const left = await readLock(openTestStore(root));
    expect(left?.operation).toBe('apply');
    await forceUnlock(openTestStore(root), left!.lock_id);
    const failure = new Error('run failed');
    await expect(withLock(store, 'apply', () => Promise.reject(failure))).rejects.toBe(failure);
  });

  it('force-unlocks only the exact lock id', async () => {
    const store = openTestStore(await backend.root('force'));
    await expectClusterError(forceUnlock(store, ULID), 'state_lock_missing');
    const lock = await acquireLock(store, 'apply', { pid: 9 });
    const mismatch = await expectClusterError(forceUnlock(store, ULID), 'state_lock_id_mismatch');
    expect(mismatch.message).toContain(lock.lock_id);
    expect(await readLock(store)).toEqual(lock);
    await expectClusterError(
      forceUnlock(store, lock.lock_id.toLowerCase()),
      'state_lock_id_mismatch',
    );
    expect(await forceUnlock(store, lock.lock_id)).toEqual(lock);
    expect(await readLock(store)).toBeUndefined();
  });

  for (const [what, text, code] of CORRUPT_LOCKS) {
    it(`treats a lock with ${what} as ${code}: no force-unlock, no acquire`, async () => {
      const store = openTestStore(await backend.root('bad-lock'));
      await store.objects.put(LOCK_KEY, bytesOf(text));
      await expectClusterError(forceUnlock(store, ULID), code);
      await expectClusterError(acquireLock(store, 'apply'), code);
      await expectClusterError(readLock(store), code);
      expect(textOf((await store.objects.get(LOCK_KEY)).bytes)).toBe(text);
    });
  }

  it('reports an unreadable lock as state_lock_read_error', async () => {
    const root = await backend.root('lock-read-error');
    const lock = await acquireLock(openTestStore(root), 'apply');
    const store = faultyStore(root, ['get'], LOCK_KEY);
    await expectClusterError(readLock(store), 'state_lock_read_error');
    await expectClusterError(forceUnlock(store, lock.lock_id), 'state_lock_read_error');
  });

  it('lets exactly one of two processes take the lock; the other gets state_lock_held', async () => {
    const root = await backend.root('processes');
    const outputs = await Promise.all(
      [0, 1].map(async () => {
        const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, root]);
        return JSON.parse(stdout) as { acquired?: string; code?: string; message?: string };
      }),
    );
    const winners = outputs.filter((o) => o.acquired !== undefined);
    const losers = outputs.filter((o) => o.code !== undefined);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const winner = winners[0]!.acquired!;
    expect(losers[0]).toMatchObject({ code: 'state_lock_held' });
    expect(losers[0]!.message).toContain(winner);
    const store = openTestStore(root);
    expect((await readLock(store))?.lock_id).toBe(winner);
    await forceUnlock(store, winner);
  });

  it('builds state observations for a command that only looks', async () => {
    const store = openTestStore(await backend.root('observe'));
    expect(stateObservations(store, { state: ABSENT_STATE })).toEqual({
      state_path: store.displayPath(STATE_KEY),
      lock_path: store.displayPath(LOCK_KEY),
      state_found: false,
      state_revision: 0,
      resource_count: 0,
      locked: false,
      lock_acquired: false,
    });
    const written = await writeState(
      store,
      {
        ...emptyClusterState(),
        applied_revision: {
          config_digest: 'c'.repeat(64),
          resources: { 'graph.a': { digest: 'a'.repeat(64) } },
        },
      },
      ABSENT_STATE,
    );
    const held = await acquireLock(store, 'apply', { now: () => AT, pid: 5 });
    const observed = stateObservations(store, {
      state: await readState(store),
      lock: await readLock(store),
      now: LATER,
    });
    expect(observed).toEqual({
      state_path: store.displayPath(STATE_KEY),
      lock_path: store.displayPath(LOCK_KEY),
      state_found: true,
      applied_config_digest: 'c'.repeat(64),
      state_revision: 1,
      state_cas: written.cas,
      resource_count: 1,
      locked: true,
      lock_id: held.lock_id,
      lock_acquired: false,
      lock_operation: 'apply',
      lock_created_at: '2026-06-11T12:00:00.000Z',
      lock_pid: 5,
      lock_age_seconds: 65,
    });
    expect(stateObservationsSchema.parse(observed)).toEqual(observed);
  });

  it('builds state observations for a command holding the lock', async () => {
    const store = openTestStore(await backend.root('observe-held'));
    await withLock(store, 'plan', async (lock) => {
      const observed = stateObservations(store, {
        state: await readState(store),
        acquired: lock,
      });
      expect(observed).toMatchObject({
        locked: true,
        lock_id: lock.lock_id,
        lock_acquired: true,
        acquired_lock_id: lock.lock_id,
        lock_operation: 'plan',
        lock_pid: process.pid,
      });
    });
  });
});
