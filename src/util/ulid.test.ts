import { afterEach, describe, expect, it, vi } from 'vitest';
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
  afterEach(() => {
    vi.restoreAllMocks();
  });

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

  it('counts up within a millisecond, so ids ascend in the order minted', () => {
    const minter = new UlidMinter();
    const ids = Array.from({ length: 40_000 }, () => minter.mint());
    for (let i = 1; i < ids.length; i += 1) expect((ids[i] ?? '') > (ids[i - 1] ?? '')).toBe(true);
    const sameMillisecond = ids.filter((id) => id.startsWith(ids[0]?.slice(0, 10) ?? ''));
    // Counting from a random start changes the last digits, not the whole random part.
    const last = sameMillisecond.at(-1) ?? '';
    expect(last.slice(0, 14)).toBe(ids[0]?.slice(0, 14));
  });

  it('keeps ascending when the clock is set back', () => {
    const clock = vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_500);
    const minter = new UlidMinter();
    const ids = Array.from({ length: 3_000 }, (_, i) => {
      if (i === 1_500) clock.mockReturnValue(1_700_000_000_000);
      return minter.mint();
    });
    for (let i = 1; i < ids.length; i += 1) expect((ids[i] ?? '') > (ids[i - 1] ?? '')).toBe(true);
    expect(ids.at(-1)?.slice(0, 10)).toBe(newUlid(1_700_000_000_500).slice(0, 10));
  });

  it('writes the same sequence as bytes as it slices as strings', () => {
    const minter = new UlidMinter();
    const target = new Uint8Array(26 * 3);
    const first = minter.mint();
    minter.mintInto(target, 26);
    const third = minter.mint();
    const written = Buffer.from(target.subarray(26, 52)).toString('latin1');
    expect(written > first && written < third).toBe(true);
  });
});
