import type { Fit } from './fit.js';
import type { BigIntValue, FloatValue, IntValue } from './value.js';

/** The integer scalars. */
export type IntegerScalar = 'I32' | 'I64' | 'U32' | 'U64';

/** The float scalars. */
export type FloatScalar = 'F32' | 'F64';

const I64_MAX = 2n ** 63n - 1n;

// U64 stops at i64::MAX: values travel through signed 64-bit paths (JSON, Arrow filters).
const INTEGER_RANGES: Readonly<Record<IntegerScalar, readonly [bigint, bigint]>> = {
  I32: [-(2n ** 31n), 2n ** 31n - 1n],
  U32: [0n, 2n ** 32n - 1n],
  I64: [-(2n ** 63n), I64_MAX],
  U64: [0n, I64_MAX],
};

const F32_MAX = 3.4028234663852886e38;

/**
 * The integer value of `scalar` holding `value`, or `value N exceeds T` when out of range.
 *
 * @example integerValue('I32', 5n) // { ok: true, value: { kind: 'int', type: 'I32', value: 5 } }
 */
export function integerValue(scalar: IntegerScalar, value: bigint): Fit<IntValue | BigIntValue> {
  const [min, max] = INTEGER_RANGES[scalar];
  if (value < min || value > max) return { ok: false, message: `value ${value} exceeds ${scalar}` };
  if (scalar === 'I32' || scalar === 'U32') {
    return { ok: true, value: { kind: 'int', type: scalar, value: Number(value) } };
  }
  return { ok: true, value: { kind: 'bigint', type: scalar, value } };
}

/** The float value of `scalar` holding `value`, or `value N exceeds T` when not representable. */
export function floatValue(scalar: FloatScalar, value: number): Fit<FloatValue> {
  const limit = scalar === 'F32' ? F32_MAX : Number.MAX_VALUE;
  if (!Number.isFinite(value) || Math.abs(value) > limit) {
    return { ok: false, message: `value ${value} exceeds ${scalar}` };
  }
  return { ok: true, value: { kind: 'float', type: scalar, value } };
}

/** True for I32, I64, U32 and U64. */
export function isIntegerScalar(scalar: string): scalar is IntegerScalar {
  return scalar in INTEGER_RANGES;
}

/** True for F32 and F64. */
export function isFloatScalar(scalar: string): scalar is FloatScalar {
  return scalar === 'F32' || scalar === 'F64';
}
