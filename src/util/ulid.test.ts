import { describe, expect, it } from 'vitest';
import { newUlid, UlidMinter } from './ulid.js';

describe('newUlid', () => {
  it('is 26 Crockford base32 characters with the time first', () => {
    const id = newUlid(1_700_000_000_000);
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(id.slice(0, 10)).toBe('01HF7YAT00');
  });

  it('sorts by creation time and never repeats', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) =>
      newUlid(1_700_000_000_000 + Math.floor(i / 100)),
    );
    expect(new Set(ids).size).toBe(ids.length);
    const byTime = ids.map((id, i) => [id.slice(0, 10), Math.floor(i / 100)] as const);
    for (let i = 1; i < byTime.length; i += 1) {
      expect((byTime[i]?.[0] ?? '') >= (byTime[i - 1]?.[0] ?? '')).toBe(true);
    }
  });
});

describe('UlidMinter', () => {
  it('mints ids of the newUlid form, stamped with the time they were minted, never repeating', () => {
    const minter = new UlidMinter();
    const before = newUlid().slice(0, 10);
    const ids = Array.from({ length: 5_000 }, () => minter.mint());
    const after = newUlid().slice(0, 10);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(id.slice(0, 10) >= before && id.slice(0, 10) <= after).toBe(true);
    }
  });
});
