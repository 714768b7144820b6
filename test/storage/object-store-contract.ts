import { describe, expect, it } from 'vitest';
import { listAll, PutModes, type ObjectStore } from '../../src/storage/index.js';
import { isOmniError } from '../../src/util/index.js';
import { incrementCounter } from '../helpers/counter.js';

const text = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isOmniError(error), `expected an OmniError '${code}', got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}

async function keysOf(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const meta of listAll(store, prefix)) keys.push(meta.key);
  return keys;
}

/** The contract every ObjectStore backend passes. `fresh` returns an empty store each call. */
export function objectStoreContract(name: string, fresh: () => Promise<ObjectStore>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    it('round-trips bytes and reports matching etags from get and head', async () => {
      const store = await fresh();
      const bytes = new Uint8Array([0, 1, 2, 255, 10, 13]);
      const etag = await store.put('a/b/c.bin', bytes);
      const got = await store.get('a/b/c.bin');
      expect([...got.bytes]).toEqual([...bytes]);
      expect(got.etag).toBe(etag);
      const meta = await store.head('a/b/c.bin');
      expect(meta).toMatchObject({ key: 'a/b/c.bin', size: 6, etag });
    });

    it('stores empty objects', async () => {
      const store = await fresh();
      await store.put('empty', new Uint8Array());
      expect((await store.get('empty')).bytes.byteLength).toBe(0);
      expect((await store.head('empty'))?.size).toBe(0);
    });

    it('reports a missing object as not_found on get and undefined on head', async () => {
      const store = await fresh();
      await expectCode(store.get('missing.json'), 'not_found');
      expect(await store.head('missing.json')).toBeUndefined();
    });

    it('changes the etag on every overwrite', async () => {
      const store = await fresh();
      const first = await store.put('k', text('one'));
      const second = await store.put('k', text('two'));
      expect(second).not.toBe(first);
      expect(decode((await store.get('k')).bytes)).toBe('two');
    });

    it('create succeeds on an absent key and fails without effect on an existing one', async () => {
      const store = await fresh();
      await store.put('lock.json', text('first'), PutModes.create);
      await expectCode(
        store.put('lock.json', text('second'), PutModes.create),
        'precondition_failed',
      );
      expect(decode((await store.get('lock.json')).bytes)).toBe('first');
    });

    it('ifMatch succeeds with the current etag and fails on a stale or absent one', async () => {
      const store = await fresh();
      const v1 = await store.put('state.json', text('v1'));
      const v2 = await store.put('state.json', text('v2'), PutModes.ifMatch(v1));
      expect(v2).not.toBe(v1);
      await expectCode(
        store.put('state.json', text('v3'), PutModes.ifMatch(v1)),
        'precondition_failed',
      );
      expect(decode((await store.get('state.json')).bytes)).toBe('v2');
      await expectCode(
        store.put('absent.json', text('x'), PutModes.ifMatch(v2)),
        'precondition_failed',
      );
      expect(await store.head('absent.json')).toBeUndefined();
    });

    it('lists by prefix in lexicographic order across pages', async () => {
      const store = await fresh();
      const keys = ['b/2', 'a/1', 'b/10', 'b/1', 'c', 'b/sub/x', 'bb/1'];
      for (const key of keys) await store.put(key, text(key));
      expect(await keysOf(store, '')).toEqual([...keys].sort());
      expect(await keysOf(store, 'b/')).toEqual(['b/1', 'b/10', 'b/2', 'b/sub/x']);
      expect(await keysOf(store, 'b')).toEqual(['b/1', 'b/10', 'b/2', 'b/sub/x', 'bb/1']);
      expect(await keysOf(store, 'zzz/')).toEqual([]);
      const seen: string[] = [];
      let pageToken: string | undefined;
      let pages = 0;
      do {
        const page = await store.list('', { maxKeys: 2, ...(pageToken ? { pageToken } : {}) });
        expect(page.objects.length).toBeLessThanOrEqual(2);
        seen.push(...page.objects.map((o) => o.key));
        pageToken = page.nextPageToken;
        pages += 1;
      } while (pageToken);
      expect(seen).toEqual([...keys].sort());
      expect(pages).toBe(4);
    });

    it('groups keys into common prefixes with a delimiter', async () => {
      const store = await fresh();
      for (const key of ['d/a/1', 'd/a/2', 'd/b/1', 'd/top', 'd/z/9'])
        await store.put(key, text(key));
      const page = await store.list('d/', { delimiter: '/' });
      expect(page.objects.map((o) => o.key)).toEqual(['d/top']);
      expect(page.commonPrefixes).toEqual(['d/a/', 'd/b/', 'd/z/']);
      const items: string[] = [];
      let pageToken: string | undefined;
      do {
        const p = await store.list('d/', {
          delimiter: '/',
          maxKeys: 1,
          ...(pageToken ? { pageToken } : {}),
        });
        items.push(...p.commonPrefixes, ...p.objects.map((o) => o.key));
        pageToken = p.nextPageToken;
      } while (pageToken);
      expect(items).toEqual(['d/a/', 'd/b/', 'd/top', 'd/z/']);
    });

    it('deletes idempotently and deletes by prefix', async () => {
      const store = await fresh();
      await store.put('x/1', text('1'));
      await store.put('x/2/deep', text('2'));
      await store.put('xy', text('3'));
      await store.delete('x/1');
      await store.delete('x/1');
      expect(await store.head('x/1')).toBeUndefined();
      expect(await store.deletePrefix('x/')).toBe(1);
      expect(await keysOf(store, '')).toEqual(['xy']);
      expect(await store.deletePrefix('nothing/')).toBe(0);
    });

    it('deletes named keys in one batch, absent ones included', async () => {
      const store = await fresh();
      for (const key of ['k/1', 'k/2', 'k/3', 'keep']) await store.put(key, text(key));
      const before = store.requestCounts();
      await store.deleteKeys(['k/1', 'k/3', 'k/absent']);
      const after = store.requestCounts();
      expect(await keysOf(store, '')).toEqual(['k/2', 'keep']);
      // S3 deletes them with one request; the other backends count one a key.
      expect(after.DELETE - before.DELETE).toBe(store.uri.startsWith('s3://') ? 1 : 3);
      await store.deleteKeys([]);
      expect(store.requestCounts().DELETE).toBe(after.DELETE);
      await expectCode(store.deleteKeys(['keep', '../bad']), 'invalid_key');
      expect(await keysOf(store, '')).toEqual(['k/2', 'keep']);
    });

    it('counts requests by kind', async () => {
      const store = await fresh();
      const before = store.requestCounts();
      await store.put('r', text('1'));
      await store.get('r');
      await store.head('r');
      await store.list('');
      await store.delete('r');
      const after = store.requestCounts();
      expect(after.PUT - before.PUT).toBeGreaterThanOrEqual(1);
      expect(after.GET - before.GET).toBe(1);
      expect(after.HEAD - before.HEAD).toBe(1);
      expect(after.LIST - before.LIST).toBe(1);
      expect(after.DELETE - before.DELETE).toBe(1);
    });

    it('rejects bad keys with invalid_key before any request', async () => {
      const store = await fresh();
      const before = store.requestCounts();
      for (const key of [
        '',
        '/abs',
        'a/../b',
        '../x',
        'a//b',
        'a/',
        './a',
        'a\\b',
        'nul\0',
        '.og-tmp/x',
      ]) {
        await expectCode(store.put(key, text('x')), 'invalid_key');
        await expectCode(store.get(key), 'invalid_key');
      }
      await expectCode(store.list('a/../'), 'invalid_key');
      expect(store.requestCounts()).toEqual(before);
    });

    it('lets exactly one of 16 concurrent create racers win', async () => {
      const store = await fresh();
      const results = await Promise.allSettled(
        Array.from({ length: 16 }, (_, i) =>
          store.put('race.json', text(`writer-${i}`), PutModes.create),
        ),
      );
      const winners = results.filter((r) => r.status === 'fulfilled');
      const losers = results.filter((r) => r.status === 'rejected');
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(15);
      for (const loser of losers)
        expect(isOmniError(loser.reason, 'precondition_failed')).toBe(true);
      const winnerIndex = results.findIndex((r) => r.status === 'fulfilled');
      expect(decode((await store.get('race.json')).bytes)).toBe(`writer-${winnerIndex}`);
    });

    it('loses no update among 16 concurrent if-match incrementers', async () => {
      const store = await fresh();
      await store.put('counter', text('0'));
      await Promise.all(Array.from({ length: 16 }, () => incrementCounter(store, 'counter')));
      expect(decode((await store.get('counter')).bytes)).toBe('16');
    });
  });
}
