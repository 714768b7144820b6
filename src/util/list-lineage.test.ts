import { describe, expect, it } from 'vitest';
import { extendedFrom, recordExtension } from './list-lineage.js';

describe('list lineage', () => {
  it('gives the list a list was recorded to extend, and nothing for others', () => {
    const base = ['a'];
    const list = ['a', 'b'];
    recordExtension(list, base);
    expect(extendedFrom(list)).toBe(base);
    expect(extendedFrom(base)).toBeUndefined();
    expect(extendedFrom(['a', 'b'])).toBeUndefined();
  });
});
