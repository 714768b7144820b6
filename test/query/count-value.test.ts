import { expect, it } from 'vitest';
import { countValue } from '../../src/engine/query/execution/count-value.js';

it('gives the Int64 cell of a count, shared or made', () => {
  for (const count of [0, 1, 7, 1023, 1024, 1025, 2 ** 40, Number.MAX_SAFE_INTEGER])
    expect(countValue(count)).toBe(BigInt(count));
});
