import { describe, expect, it } from 'vitest';
import { joinedLists } from './joined-lists.js';

describe('joinedLists', () => {
  it('is a new list of the first then the second', () => {
    const first = [1, 2];
    const joined = joinedLists(first, [3]);
    expect(joined).toEqual([1, 2, 3]);
    expect(first).toEqual([1, 2]);
    expect(joinedLists([], [])).toEqual([]);
  });
});
