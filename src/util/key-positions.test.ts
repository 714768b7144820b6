import { describe, expect, it } from 'vitest';
import { keyPositions } from './key-positions.js';

describe('keyPositions', () => {
  it('finds every key, integer-spelled or not, and nothing else', () => {
    const keys = [
      ...Array.from({ length: 3000 }, (_, index) => String((index * 7919) % 5003)),
      '007',
      '00',
      '-1',
      '1.5',
      ' 2',
      'x',
      '',
    ].filter((key, index, all) => all.indexOf(key) === index);
    const index = keyPositions(keys);
    expect(index).not.toBeInstanceOf(Map);
    expect(index.size).toBe(keys.length);
    keys.forEach((key, position) => {
      expect(index.get(key), key).toBe(position);
    });
    for (const absent of ['5003', '0007', '+1', '1e3', '4294967296', '999999999', '٣', 'y'])
      expect(keys.includes(absent) ? 'held' : index.get(absent), absent).toBeUndefined();
  });

  it('keeps a map of strings when few keys spell integers, or their values are sparse', () => {
    expect(keyPositions(['a', 'b', '1'])).toBeInstanceOf(Map);
    expect(keyPositions(['1', '2', '900000000'])).toBeInstanceOf(Map);
    expect(keyPositions(['1', '900000000']).get('900000000')).toBe(1);
  });
});
