import { describe, expect, it } from 'vitest';
import { CacheBudget, type BudgetEntry } from './cache-budget.js';

/** An entry that records its eviction in `evicted`. */
function entry(cache: string, bytes: number, evicted: string[], name: string): BudgetEntry {
  return { cache, bytes, evict: () => evicted.push(name) };
}

describe('CacheBudget', () => {
  it('evicts the least recently used entries of every cache to stay within its limit', () => {
    const budget = new CacheBudget(100);
    const evicted: string[] = [];
    const a = entry('columns', 40, evicted, 'a');
    const b = entry('topology', 40, evicted, 'b');
    budget.admit(a);
    budget.admit(b);
    budget.touch(a);
    budget.admit(entry('columns', 40, evicted, 'c'));
    expect(evicted).toEqual(['b']);
    expect(budget.usage()).toEqual({
      budget_bytes: 100,
      used_bytes: 80,
      caches: { columns: { entries: 2, bytes: 80 } },
    });
  });

  it('accounts for an entry that grows, evicting others first and then itself', () => {
    const budget = new CacheBudget(100);
    const evicted: string[] = [];
    const a = entry('columns', 30, evicted, 'a');
    const b = entry('topology', 30, evicted, 'b');
    budget.admit(a);
    budget.admit(b);
    budget.resize(b, 90);
    expect(evicted).toEqual(['a']);
    expect(budget.bytes).toBe(90);
    budget.resize(b, 120);
    expect(evicted).toEqual(['a', 'b']);
    expect(budget.bytes).toBe(0);
  });

  it('admits values of at most half its limit, and nothing with a zero limit', () => {
    expect(new CacheBudget(100).fits(50)).toBe(true);
    expect(new CacheBudget(100).fits(51)).toBe(false);
    expect(new CacheBudget(0).fits(0)).toBe(false);
  });

  it('forgets an entry its cache removed without evicting it', () => {
    const budget = new CacheBudget(100);
    const evicted: string[] = [];
    const a = entry('columns', 30, evicted, 'a');
    budget.admit(a);
    budget.remove(a);
    budget.touch(a);
    budget.resize(a, 50);
    expect(budget.bytes).toBe(0);
    expect(evicted).toEqual([]);
  });
});
