import { describe, expect, it } from 'vitest';
import { SharedValues } from './shared-values.js';

describe('SharedValues', () => {
  it('counts a value in its first holder, then in another once that one lets go', () => {
    const shared = new SharedValues<string>();
    const value = {};
    expect(shared.counts(value, 'a')).toBe(true);
    shared.hold(value, 'a');
    shared.hold(value, 'b');
    shared.hold(value, 'c');
    expect([shared.counts(value, 'a'), shared.counts(value, 'b')]).toEqual([true, false]);
    // A holder that does not own it lets go: nothing changes hands.
    expect(shared.release(value, 'b')).toBeUndefined();
    expect(shared.release(value, 'a')).toBe('c');
    expect([shared.counts(value, 'a'), shared.counts(value, 'c')]).toEqual([false, true]);
    expect(shared.release(value, 'c')).toBeUndefined();
    // Nobody holds it: whoever asks counts it.
    expect(shared.counts(value, 'a')).toBe(true);
  });

  it('ignores a release by a holder it never recorded', () => {
    const shared = new SharedValues<string>();
    const value = {};
    shared.hold(value, 'a');
    expect(shared.release(value, 'x')).toBeUndefined();
    expect(shared.counts(value, 'a')).toBe(true);
  });
});
