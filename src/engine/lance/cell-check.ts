import { assertNever } from '../../util/assert-never.js';
import { OmniError } from '../../util/omni-error.js';
import { describeColumnType, type ColumnSpec, type ScalarKind } from './column-spec.js';

/** The ranges of Arrow's integer columns (shared with the column encoder). */
export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;
export const UINT32_MAX = 2 ** 32 - 1;
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
export const UINT64_MAX = 2n ** 64n - 1n;
/** Arrow's Date64 range: the span of ECMAScript dates. */
const DATE64_LIMIT = 8.64e15;

/** Where a bad value sits, for the error. */
export interface CellPosition {
  readonly column: string;
  /** Index of the row in the caller's input; absent for an update assignment. */
  readonly row?: number;
}

/** A non-null scalar in the row encoding of `row.ts`, 64-bit integers as bigint. */
export type ScalarCell = string | number | bigint | boolean | Uint8Array;

/** A checked cell: a scalar, a list of nullable scalars, a vector, or null. */
export type CheckedCell = ScalarCell | readonly (ScalarCell | null)[] | null;

/**
 * Checks one value of `column` and returns it in the row encoding, with safe-integer numbers
 * of 64-bit columns turned into bigint and `undefined` into null. Throws `bad_request` naming
 * the column and row for a missing non-null value, a wrong type, an out-of-range number or a
 * vector of the wrong length (Lance would pad or truncate it silently).
 */
export function checkCell(column: ColumnSpec, value: unknown, row?: number): CheckedCell {
  const at: CellPosition =
    row === undefined ? { column: column.name } : { column: column.name, row };
  if (value === null || value === undefined) {
    if (!column.nullable) throw cellError(at, `is null but the column is not nullable`);
    return null;
  }
  const { type } = column;
  if (type.kind === 'list') {
    if (!Array.isArray(value)) throw wrongType(at, describeColumnType(type), value);
    return value.map((element) =>
      element === null || element === undefined
        ? null
        : checkScalar(type.element.kind, element, at),
    );
  }
  if (type.kind === 'fixed_size_list') return checkVector(type.dimension, value, at);
  return checkScalar(type.kind, value, at);
}

function checkVector(dimension: number, value: unknown, at: CellPosition): readonly number[] {
  if (!Array.isArray(value) && !(value instanceof Float32Array || value instanceof Float64Array)) {
    throw wrongType(at, `vector(${dimension})`, value);
  }
  const elements = Array.from(value as ArrayLike<unknown>);
  if (elements.length !== dimension) {
    throw new OmniError(
      'bad_request',
      `${place(at)}: vector has ${elements.length} elements; expected ${dimension}`,
      { details: { ...at, expected: dimension, actual: elements.length } },
    );
  }
  for (const element of elements) {
    if (typeof element !== 'number' || !Number.isFinite(element)) {
      throw cellError(at, `vector element ${describe(element)} is not a finite number`);
    }
  }
  return elements as number[];
}

/** Checks a non-null scalar of `kind` and returns it in the row encoding. */
export function checkScalar(kind: ScalarKind, value: unknown, at: CellPosition): ScalarCell {
  switch (kind) {
    case 'utf8':
      if (typeof value !== 'string') throw wrongType(at, kind, value);
      return value;
    case 'bool':
      if (typeof value !== 'boolean') throw wrongType(at, kind, value);
      return value;
    case 'int32':
      return checkInteger(value, INT32_MIN, INT32_MAX, kind, at);
    case 'uint32':
      return checkInteger(value, 0, UINT32_MAX, kind, at);
    case 'int64':
      return checkBigInteger(value, INT64_MIN, INT64_MAX, kind, at);
    case 'uint64':
      return checkBigInteger(value, 0n, UINT64_MAX, kind, at);
    case 'float32':
    case 'float64':
      if (typeof value !== 'number') throw wrongType(at, kind, value);
      if (!Number.isFinite(value)) throw cellError(at, `${value} is not a finite ${kind}`);
      return value;
    case 'date32':
      return checkInteger(value, INT32_MIN, INT32_MAX, 'date32 (epoch days)', at);
    case 'date64':
      return checkInteger(value, -DATE64_LIMIT, DATE64_LIMIT, 'date64 (epoch ms)', at);
    case 'large_binary':
      if (!(value instanceof Uint8Array)) throw wrongType(at, kind, value);
      return value;
    default:
      return assertNever(kind, 'scalar kind');
  }
}

function checkInteger(
  value: unknown,
  min: number,
  max: number,
  what: string,
  at: CellPosition,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(at, what, value);
  if (value < min || value > max) throw cellError(at, `${value} is out of range for ${what}`);
  return value;
}

function checkBigInteger(
  value: unknown,
  min: bigint,
  max: bigint,
  what: string,
  at: CellPosition,
): bigint {
  let big: bigint;
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) big = BigInt(value);
  else throw wrongType(at, `${what} (bigint or safe integer)`, value);
  if (big < min || big > max) throw cellError(at, `${big} is out of range for ${what}`);
  return big;
}

function wrongType(at: CellPosition, expected: string, value: unknown): OmniError {
  return cellError(at, `expected ${expected}, got ${describe(value)}`);
}

function cellError(at: CellPosition, problem: string): OmniError {
  return new OmniError('bad_request', `${place(at)}: ${problem}`, { details: { ...at } });
}

function place(at: CellPosition): string {
  return at.row === undefined ? `column '${at.column}'` : `column '${at.column}' row ${at.row}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return 'bytes';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return `${typeof value} ${String(value)}`;
  }
  return typeof value === 'object' ? 'an object' : typeof value;
}
