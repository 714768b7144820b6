import type { Property, ScalarType } from '../../compiler/catalog/catalog.js';
import { formatPropertyType } from '../../compiler/catalog/property-type.js';
import {
  DATE_DAYS_RANGE,
  DATETIME_MS_RANGE,
  parseDateText,
  parseDateTimeText,
} from '../../compiler/params/temporal-text.js';
import { assertNever } from '../../util/assert-never.js';
import { OmniError } from '../../util/omni-error.js';
import { jsonText } from '../../api/json-text.js';
import type { StrictJsonValue } from './strict-json.js';
import type { Cell } from '../lance/index.js';

const INT_RANGES: Record<'I32' | 'U32' | 'I64' | 'U64', readonly [bigint, bigint]> = {
  I32: [-(2n ** 31n), 2n ** 31n - 1n],
  U32: [0n, 2n ** 32n - 1n],
  I64: [-(2n ** 63n), 2n ** 63n - 1n],
  U64: [0n, 2n ** 64n - 1n],
};
const F32_MAX = 3.4028234663852886e38;

/** Text cut to what a message can show. */
function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function render(value: StrictJsonValue): string {
  // Integers past 2^53 are bigints, in lists too: JSON.stringify would throw on them.
  return clip(jsonText(value));
}

/** `property 'age': <problem>`, the form value errors take (the loader prefixes the line). */
function propertyError(property: Property, problem: string): OmniError {
  return new OmniError('bad_request', `property '${property.name}': ${problem}`, {
    details: { property: property.name },
  });
}

function mismatch(property: Property, value: StrictJsonValue): OmniError {
  const expected = formatPropertyType(property.type, false);
  return propertyError(property, `expected ${expected}, got ${render(value)}`);
}

/**
 * Converts one JSON input value to the stored value of `property` (docs/reference/ndjson.md),
 * rejecting mismatched types, out-of-range integers, non-finite or out-of-range floats, invalid
 * dates, bad list items and wrong vector lengths. `owner` names the type in enum errors (`Person`).
 * Null handling (nullability) is the caller's.
 */
export function coerceValue(property: Property, owner: string, value: StrictJsonValue): Cell {
  const type = property.type;
  switch (type.kind) {
    case 'scalar':
      return coerceScalar(property, type.scalar, value);
    case 'enum':
      if (typeof value !== 'string') throw mismatch(property, value);
      if (!type.values.includes(value)) {
        throw new OmniError(
          'bad_request',
          `invalid enum value '${value}' for ${owner}.${property.name} (expected: ${type.values.join(', ')})`,
          { details: { property: property.name } },
        );
      }
      return value;
    case 'list':
      if (!Array.isArray(value)) {
        throw new OmniError('bad_request', `list property '${property.name}' expects a JSON array`);
      }
      return (value as readonly StrictJsonValue[]).map((item) => {
        if (item === null)
          throw new OmniError('bad_request', `list property '${property.name}' has a null item`);
        return coerceScalar(property, type.element, item);
      });
    case 'vector':
      return coerceVector(property, type.dimension, value);
    default:
      return assertNever(type, 'property type');
  }
}

function coerceVector(property: Property, dimension: number, value: StrictJsonValue): Cell {
  if (!Array.isArray(value)) throw mismatch(property, value);
  const items = value as readonly StrictJsonValue[];
  if (items.length !== dimension) {
    throw new OmniError(
      'bad_request',
      `vector property '${property.name}' expects ${dimension} dimensions, got ${items.length}`,
    );
  }
  return items.map((item) => {
    if (typeof item !== 'number' || Math.abs(item) > F32_MAX) throw mismatch(property, value);
    return item;
  });
}

function coerceScalar(property: Property, scalar: ScalarType, value: StrictJsonValue): Cell {
  switch (scalar) {
    case 'String':
      if (typeof value !== 'string') throw mismatch(property, value);
      return value;
    case 'Bool':
      if (typeof value !== 'boolean') throw mismatch(property, value);
      return value;
    case 'I32':
    case 'U32':
    case 'I64':
    case 'U64':
      return coerceInteger(property, scalar, value);
    case 'F32':
      if (typeof value !== 'number' || Math.abs(value) > F32_MAX) throw mismatch(property, value);
      return value;
    case 'F64':
      if (typeof value === 'bigint') return Number(value);
      if (typeof value !== 'number') throw mismatch(property, value);
      return value;
    case 'Date':
    case 'DateTime':
      return coerceTemporal(property, scalar, value);
    case 'Blob':
      throw new OmniError(
        'not_implemented',
        `Blob property '${property.name}' is not supported yet`,
      );
    default:
      return assertNever(scalar, 'scalar type');
  }
}

function coerceInteger(
  property: Property,
  scalar: 'I32' | 'U32' | 'I64' | 'U64',
  value: StrictJsonValue,
): Cell {
  let exact: bigint;
  if (typeof value === 'bigint') exact = value;
  else if (typeof value === 'number' && Number.isInteger(value)) exact = BigInt(value);
  else throw mismatch(property, value);
  const [min, max] = INT_RANGES[scalar];
  if (exact < min || exact > max) {
    throw new OmniError(
      'bad_request',
      `value ${exact} of property '${property.name}' exceeds ${scalar}`,
      {
        details: { property: property.name },
      },
    );
  }
  return scalar === 'I64' || scalar === 'U64' ? exact : Number(exact);
}

/** What a Date or DateTime value may be, as errors explain it. */
const TEMPORAL = {
  Date: {
    noun: 'a date',
    text: 'YYYY-MM-DD',
    number: 'integer epoch days',
    range: DATE_DAYS_RANGE,
    parse: parseDateText,
  },
  DateTime: {
    noun: 'a date-time',
    text: 'ISO-8601, e.g. 2024-01-31T12:00:00Z',
    number: 'integer epoch milliseconds',
    range: DATETIME_MS_RANGE,
    parse: parseDateTimeText,
  },
} as const;

/**
 * A Date (epoch days) or DateTime (epoch ms) from its text or its integer, within the years
 * 0000–9999 so that its export loads back.
 */
function coerceTemporal(
  property: Property,
  scalar: 'Date' | 'DateTime',
  value: StrictJsonValue,
): number {
  const spec = TEMPORAL[scalar];
  if (typeof value === 'string') {
    const parsed = spec.parse(value);
    if (parsed !== undefined) return parsed;
    throw propertyError(property, `'${clip(value)}' is not ${spec.noun} (${spec.text})`);
  }
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (value >= spec.range.min && value <= spec.range.max) return value;
    throw propertyError(
      property,
      `${value} is not ${spec.noun}: ${spec.number} must lie within the years 0000 to 9999`,
    );
  }
  throw propertyError(
    property,
    `${render(value)} is not ${spec.noun} (${spec.text}, or ${spec.number})`,
  );
}
