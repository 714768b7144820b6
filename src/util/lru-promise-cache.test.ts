import { describe, expect, it } from 'vitest';
import { LruPromiseCache } from './lru-promise-cache.js';

describe('LruPromiseCache', () => {
  it('shares one open per key and evicts the least recently used', async () => {
    const cache = new LruPromiseCache<string>(2);
    let opens = 0;
    const open = (value: string) => () => {
      opens += 1;
      return Promise.resolve(value);
    };
    const [a1, a2] = await Promise.all([cache.get('a', open('A')), cache.get('a', open('A'))]);
    expect([a1, a2, opens]).toEqual(['A', 'A', 1]);
    await cache.get('b', open('B'));
    await cache.get('a', open('A')); // a is now the most recent
    await cache.get('c', open('C')); // evicts b
    expect(cache.size).toBe(2);
    await cache.get('b', open('B'));
    expect(opens).toBe(4);
  });

  it('does not keep failed opens', async () => {
    const cache = new LruPromiseCache<string>(4);
    await expect(cache.get('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(cache.size).toBe(0);
    expect(await cache.get('k', () => Promise.resolve('ok'))).toBe('ok');
  });

  it('evicts by key predicate', async () => {
    const cache = new LruPromiseCache<number>(8);
    await Promise.all(
      ['t\u0000main\u00001', 't\u0000dev\u00001', 'u\u0000main\u00001'].map((key, i) =>
        cache.get(key, () => Promise.resolve(i)),
      ),
    );
    cache.evict((key) => key.startsWith('t\u0000'));
    expect(cache.size).toBe(1);
  });

  it('takes values offered from elsewhere, never over an entry it has', async () => {
    const cache = new LruPromiseCache<string>(2);
    cache.offer('a', 'offered');
    expect(cache.has('a')).toBe(true);
    expect(await cache.get('a', () => Promise.resolve('opened'))).toBe('offered');
    await cache.get('b', () => Promise.resolve('B'));
    cache.offer('b', 'late');
    expect(await cache.get('b', () => Promise.resolve('again'))).toBe('B');
    cache.offer('c', 'C'); // over capacity: the least recently used (a) goes
    expect([cache.has('a'), cache.has('b'), cache.has('c'), cache.size]).toEqual([
      false,
      true,
      true,
      2,
    ]);
    const none = new LruPromiseCache<string>(0);
    none.offer('a', 'A');
    expect(none.has('a')).toBe(false);
  });
});
