import { assertNever } from '../../util/assert-never.js';
import type { ScalarType } from '../catalog/catalog.js';
import { blobValue } from '../ir/blob-value.js';
import type { Fit } from '../ir/fit.js';
import { floatValue, integerValue, isFloatScalar, isIntegerScalar } from '../ir/numeric-value.js';
import type { Value } from '../ir/value.js';
import type { ParamType } from '../query/ast.js';
import { parseDateText, parseDateTimeText } from './temporal-text.js';

const DECIMAL_INTEGER = /^-?\d+$/;

/**
 * Converts a non-null JSON value to a parameter type: strings, integers as JSON numbers within
 * ±(2^53−1), as `bigint`s (a JSON integer parsed exactly) or as decimal strings, range-checked; floats from numbers; dates and datetimes from ISO
 * strings; blobs from `base64:` or URI strings; lists from arrays; vectors from arrays of exactly N
 * numbers. Objects are never accepted.
 *
 * @example jsonToValue('42', { kind: 'scalar', scalar: 'I64' })
 * // { ok: true, value: { kind: 'bigint', type: 'I64', value: 42n } }
 */
export function jsonToValue(json: unknown, type: ParamType): Fit<Value> {
  switch (type.kind) {
    case 'scalar':
      return jsonToScalar(json, type.scalar);
    case 'list':
      return jsonToList(json, type.element);
    case 'vector':
      return jsonToVector(json, type.dimension);
    default:
      return assertNever(type, 'parameter type');
  }
}

function jsonToScalar(json: unknown, scalar: ScalarType): Fit<Value> {
  if (isIntegerScalar(scalar)) return jsonToInteger(json, scalar);
  if (isFloatScalar(scalar)) {
    if (typeof json === 'bigint') return floatValue(scalar, Number(json));
    return typeof json === 'number' ? floatValue(scalar, json) : rejected(json, scalar);
  }
  if (scalar === 'Bool') {
    return typeof json === 'boolean'
      ? { ok: true, value: { kind: 'bool', value: json } }
      : rejected(json, scalar);
  }
  if (typeof json !== 'string') return rejected(json, scalar);
  return stringToScalar(json, scalar);
}

function stringToScalar(text: string, scalar: 'String' | 'Blob' | 'Date' | 'DateTime'): Fit<Value> {
  switch (scalar) {
    case 'String':
      return { ok: true, value: { kind: 'string', value: text } };
    case 'Blob':
      return blobValue(text);
    case 'Date': {
      const days = parseDateText(text);
      return days === undefined
        ? { ok: false, message: `invalid Date '${text}': expected YYYY-MM-DD` }
        : { ok: true, value: { kind: 'date', days } };
    }
    case 'DateTime': {
      const ms = parseDateTimeText(text);
      return ms === undefined
        ? { ok: false, message: `invalid DateTime '${text}': expected ISO-8601` }
        : { ok: true, value: { kind: 'datetime', ms } };
    }
    default:
      return assertNever(scalar, 'scalar type');
  }
}

function jsonToInteger(json: unknown, scalar: 'I32' | 'I64' | 'U32' | 'U64'): Fit<Value> {
  if (typeof json === 'bigint') return integerValue(scalar, json);
  if (typeof json === 'string' && DECIMAL_INTEGER.test(json))
    return integerValue(scalar, BigInt(json));
  if (typeof json !== 'number' || !Number.isInteger(json)) return rejected(json, scalar);
  // Beyond 2^53 a JSON number has already lost digits, so the caller must send a string.
  if (!Number.isSafeInteger(json)) {
    return {
      ok: false,
      message: `integer ${json} is outside ±(2^53−1) and cannot be exact; pass it as a decimal string`,
    };
  }
  return integerValue(scalar, BigInt(json));
}

function jsonToList(json: unknown, element: ScalarType): Fit<Value> {
  if (!Array.isArray(json)) return rejected(json, `[${element}]`);
  const items: Value[] = [];
  for (const [index, item] of json.entries()) {
    if (item === null) return { ok: false, message: `list item ${index} is null` };
    const converted = jsonToScalar(item, element);
    if (!converted.ok) return { ok: false, message: `list item ${index}: ${converted.message}` };
    items.push(converted.value);
  }
  return { ok: true, value: { kind: 'list', element, items } };
}

function jsonToVector(json: unknown, dimension: number): Fit<Value> {
  if (!Array.isArray(json)) return rejected(json, `Vector(${dimension})`);
  if (json.length !== dimension) {
    return { ok: false, message: `expects ${dimension} dimensions, got ${json.length}` };
  }
  const values: number[] = [];
  for (const [index, item] of json.entries()) {
    const number: unknown = typeof item === 'bigint' ? Number(item) : item;
    const converted = typeof number === 'number' ? floatValue('F32', number) : undefined;
    if (converted === undefined || !converted.ok) {
      return { ok: false, message: `vector item ${index} must be a number within F32` };
    }
    values.push(converted.value.value);
  }
  return { ok: true, value: { kind: 'vector', values } };
}

function rejected(json: unknown, expected: string): Fit<never> {
  return { ok: false, message: `expected ${expected}, got ${describeJson(json)}` };
}

function describeJson(json: unknown): string {
  if (json === null) return 'null';
  if (Array.isArray(json)) return 'an array';
  if (typeof json === 'object') return 'an object (objects are not accepted)';
  if (typeof json === 'string') return `string ${JSON.stringify(json)}`;
  if (typeof json === 'number' || typeof json === 'boolean') return `${typeof json} ${json}`;
  return typeof json;
}
