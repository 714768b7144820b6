import { OmniError } from '../util/omni-error.js';

/**
 * The unit-length (L2) form of a provider's vector, checked: exactly `dimension` finite
 * components, not all zero. Providers' outputs always pass through here.
 *
 * @example normalizeVector([3, 4], 2, 'mock') // [0.6, 0.8]
 */
export function normalizeVector(
  values: readonly unknown[],
  dimension: number,
  source: string,
): number[] {
  if (values.length !== dimension) {
    throw new OmniError(
      'bad_request',
      `${source} returned a vector of ${values.length} dimensions; the property needs ${dimension}`,
      { details: { expected: dimension, actual: values.length } },
    );
  }
  let squares = 0;
  for (const value of values) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new OmniError('bad_request', `${source} returned a vector with a non-finite component`);
    }
    squares += value * value;
  }
  if (squares === 0) throw new OmniError('bad_request', `${source} returned an all-zero vector`);
  const norm = Math.sqrt(squares);
  return values.map((value) => (value as number) / norm);
}
