import { describe, expect, it } from 'vitest';
import { closestName } from './closest-name.js';

describe('closestName', () => {
  it('suggests a candidate within the edits the length allows', () => {
    expect(closestName('nmae', ['age', 'name'])).toBe('name');
    expect(closestName('Persn', ['Company', 'Person'])).toBe('Person');
    // 9 code points allow 3 edits, 8 allow 2.
    expect(closestName('abcdefxyz', ['abcdefghi'])).toBe('abcdefghi');
    expect(closestName('abcdexyz', ['abcdeghi'])).toBeUndefined();
  });

  it('allows one edit to short names, but not the whole name', () => {
    expect(closestName('ag', ['age'])).toBe('age');
    expect(closestName('ab', ['cd'])).toBeUndefined();
    expect(closestName('x', ['y', 'xy'])).toBeUndefined();
    expect(closestName('x', ['X'])).toBe('X');
  });

  it('suggests a case-insensitive match whatever the distance, before any edit', () => {
    expect(closestName('KNOWS', ['knowz', 'knows'])).toBe('knows');
    expect(closestName('worksat', ['WorksAt'])).toBe('WorksAt');
  });

  it('counts one swap of adjacent characters as one edit', () => {
    expect(closestName('nmae', ['name'])).toBe('name');
    expect(closestName('teh', ['the'])).toBe('the');
    expect(closestName('nmea', ['name'])).toBeUndefined();
  });

  it('prefers fewer edits, then the earlier candidate', () => {
    expect(closestName('cat', ['bat', 'hat'])).toBe('bat');
    expect(closestName('abcdef', ['abcxyf', 'abcdxf'])).toBe('abcdxf');
  });

  it('suggests nothing when no candidate is close, or only the name itself', () => {
    expect(closestName('weight', ['name', 'age'])).toBeUndefined();
    expect(closestName('name', ['name'])).toBeUndefined();
    expect(closestName('name', [])).toBeUndefined();
  });

  it('counts code points, not UTF-16 units', () => {
    expect(closestName('café', ['cafe'])).toBe('cafe');
    expect(closestName('☃x', ['☃y'])).toBe('☃y');
  });

  it('stays linear in the length of a huge name (the fuzzer found a 100,000-character one)', () => {
    const huge = 'n'.repeat(200_000);
    expect(closestName(huge, ['v0', `${'n'.repeat(199_999)}m`, huge])).toBe(
      `${'n'.repeat(199_999)}m`,
    );
    expect(closestName(huge, ['n'.repeat(199_990)])).toBeUndefined();
  });
});
