import type { Cell } from '../lance/index.js';

/**
 * Total orders over stored values, shared by filters evaluated in memory and by `order`: they
 * must agree with the comparisons Lance applies to pushed-down filters.
 */

/**
 * Compares strings by Unicode code point, which is the byte order of their UTF-8 encoding (the
 * order Lance compares `Utf8` columns in). Plain `<` compares UTF-16 code units, which puts
 * astral characters before U+E000–U+FFFF.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Moves surrogates above U+E000–U+FFFF so that code units compare as code points. */
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/**
 * Compares numbers by IEEE 754 total order, as Arrow's comparison kernels do: -0 before +0,
 * NaN after every other value and equal to itself.
 */
export function compareFloats(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) {
    if (a !== 0) return 0;
    return Object.is(a, -0) === Object.is(b, -0) ? 0 : Object.is(a, -0) ? -1 : 1;
  }
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
}

/** Compares two numeric cells, exact across `number` and `bigint`. */
function compareNumeric(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'number' && typeof b === 'number') return compareFloats(a, b);
  if (typeof a === 'number' && Number.isNaN(a)) return 1;
  if (typeof b === 'number' && Number.isNaN(b)) return -1;
  // Relational operators compare a bigint with a number exactly.
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Compares two non-null cells of comparable types: numbers (any width), strings, booleans
 * (false first), and lists element-wise. Returns 0 for values of types that do not compare.
 */
export function compareCells(a: Cell, b: Cell): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (
    (typeof a === 'number' || typeof a === 'bigint') &&
    (typeof b === 'number' || typeof b === 'bigint')
  )
    return compareNumeric(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a) && Array.isArray(b)) return compareLists(a, b);
  return 0;
}

function compareLists(a: readonly Cell[], b: readonly Cell[]): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const order = compareCells(a[index] ?? null, b[index] ?? null);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/** Equality of two non-null cells under {@link compareCells}. */
export function cellsEqual(a: Cell, b: Cell): boolean {
  if (a === null || b === null) return false;
  const numeric = (cell: Cell) => typeof cell === 'number' || typeof cell === 'bigint';
  if (typeof a !== typeof b && !(numeric(a) && numeric(b))) return false;
  return compareCells(a, b) === 0;
}

/** An ordering comparison. */
export type OrderOp = '<' | '<=' | '>' | '>=';

/** Whether `op` holds between two values whose order is `order` (negative, zero or positive). */
export function orderHolds(op: OrderOp, order: number): boolean {
  switch (op) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}
