import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonText } from './json-text.js';

describe('jsonText', () => {
  it('writes what JSON.stringify writes for plain JSON, compact and indented', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(0, 2), (value, indent) => {
        expect(jsonText(value, indent)).toBe(
          JSON.stringify(value, null, indent === 0 ? undefined : indent),
        );
      }),
    );
  });

  it('writes bigints as exact integers', () => {
    expect(jsonText({ n: 9007199254740993n, list: [-(2n ** 63n)] })).toBe(
      '{"n":9007199254740993,"list":[-9223372036854775808]}',
    );
    expect(jsonText([1n], 2)).toBe('[\n  1\n]');
  });
});
