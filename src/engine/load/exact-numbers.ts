/**
 * What the load's hand-written readers need to convert JSON numbers exactly as the strict
 * parser does (`parseStrictJson`, then `coerceValue`), without going through `Number()`.
 */

/** Largest finite Float32, as `coerceValue` bounds F32 values and vector elements. */
export const F32_MAX = 3.4028234663852886e38;

/** The integers each integer property type holds read as a double: exact within ±2^53. */
export const INTEGER_BOUNDS = {
  I32: [-(2 ** 31), 2 ** 31 - 1],
  U32: [0, 2 ** 32 - 1],
  I64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  U64: [0, Number.MAX_SAFE_INTEGER],
} as const;

/** Exact powers of ten: a mantissa below 2^53 scaled by one of them rounds correctly. */
export const POWERS_OF_TEN: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Digits a mantissa may have and stay below 2^53. */
export const MAX_EXACT_DIGITS = 15;
