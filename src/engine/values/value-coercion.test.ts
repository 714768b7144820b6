import { describe, expect, it } from 'vitest';
import type { Property, PropertyType } from '../../compiler/catalog/catalog.js';
import { isOmniError } from '../../util/omni-error.js';
import { coerceValue } from './value-coercion.js';

function prop(type: PropertyType, name = 'p'): Property {
  return {
    id: 1,
    name,
    type,
    nullable: true,
    annotations: [],
    description: null,
    embed: null,
    renameFrom: null,
  };
}
const scalar = (s: Extract<PropertyType, { kind: 'scalar' }>['scalar']) =>
  prop({ kind: 'scalar', scalar: s });

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(isOmniError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('coerceValue', () => {
  it('converts each scalar type', () => {
    expect(coerceValue(scalar('String'), 'T', 'x')).toBe('x');
    expect(coerceValue(scalar('Bool'), 'T', false)).toBe(false);
    expect(coerceValue(scalar('I32'), 'T', -5)).toBe(-5);
    expect(coerceValue(scalar('I64'), 'T', 9223372036854775807n)).toBe(9223372036854775807n);
    expect(coerceValue(scalar('U64'), 'T', 7)).toBe(7n);
    expect(coerceValue(scalar('F64'), 'T', 1.5)).toBe(1.5);
    expect(coerceValue(scalar('Date'), 'T', '1970-01-02')).toBe(1);
    expect(coerceValue(scalar('Date'), 'T', 19000)).toBe(19000);
    expect(coerceValue(scalar('DateTime'), 'T', '1970-01-01T00:00:01Z')).toBe(1000);
    expect(coerceValue(scalar('DateTime'), 'T', '1970-01-01T00:00:01')).toBe(1000);
  });

  it('names the expected type as a schema writes it on a mismatch, never an Arrow type', () => {
    expect(messageOf(() => coerceValue(scalar('I32'), 'T', 'abc'))).toBe(
      `property 'p': expected I32, got "abc"`,
    );
    expect(messageOf(() => coerceValue(scalar('Bool'), 'T', 1))).toBe(
      `property 'p': expected Bool, got 1`,
    );
    const tags = prop({ kind: 'list', element: 'I64' }, 'tags');
    expect(messageOf(() => coerceValue(tags, 'T', ['x']))).toBe(
      `property 'tags': expected [I64], got "x"`,
    );
    const vec = prop({ kind: 'vector', dimension: 2 }, 'v');
    expect(messageOf(() => coerceValue(vec, 'T', 'x'))).toBe(
      `property 'v': expected Vector(2), got "x"`,
    );
    // A long value is cut short in the message.
    expect(messageOf(() => coerceValue(scalar('I32'), 'T', 'x'.repeat(1000)))).toBe(
      `property 'p': expected I32, got "${'x'.repeat(76)}...`,
    );
  });

  it('range-checks integers', () => {
    expect(messageOf(() => coerceValue(scalar('I32'), 'T', 2147483648))).toBe(
      `value 2147483648 of property 'p' exceeds I32`,
    );
    expect(messageOf(() => coerceValue(scalar('U32'), 'T', -1))).toContain('exceeds U32');
    expect(messageOf(() => coerceValue(scalar('I32'), 'T', 1.5))).toBe(
      "property 'p': expected I32, got 1.5",
    );
  });

  it('checks enums, lists and vectors', () => {
    const role = prop({ kind: 'enum', values: ['admin', 'user'] }, 'role');
    expect(messageOf(() => coerceValue(role, 'Person', 'superadmin'))).toBe(
      "invalid enum value 'superadmin' for Person.role (expected: admin, user)",
    );
    const tags = prop({ kind: 'list', element: 'String' }, 'tags');
    expect(coerceValue(tags, 'T', ['a', 'b'])).toEqual(['a', 'b']);
    expect(messageOf(() => coerceValue(tags, 'T', 'a'))).toBe(
      "list property 'tags' expects a JSON array",
    );
    expect(messageOf(() => coerceValue(tags, 'T', ['a', null]))).toContain('null item');
    const vec = prop({ kind: 'vector', dimension: 3 }, 'v');
    expect(coerceValue(vec, 'T', [1, 2, 3])).toEqual([1, 2, 3]);
    expect(messageOf(() => coerceValue(vec, 'T', [1, 2]))).toBe(
      "vector property 'v' expects 3 dimensions, got 2",
    );
  });

  it('shows integers past 2^53 inside a rejected value at full width', () => {
    const vec = prop({ kind: 'vector', dimension: 2 }, 'v');
    expect(messageOf(() => coerceValue(vec, 'T', [1n, 9007199254740993n]))).toBe(
      "property 'v': expected Vector(2), got [1,9007199254740993]",
    );
  });

  it('parses dates strictly, naming the property and the accepted forms', () => {
    const born = prop({ kind: 'scalar', scalar: 'Date' }, 'born');
    const at = prop({ kind: 'scalar', scalar: 'DateTime' }, 'at');
    expect(coerceValue(born, 'T', '2024-01-01')).toBe(19723);
    expect(messageOf(() => coerceValue(born, 'T', '2024-13-01'))).toBe(
      "property 'born': '2024-13-01' is not a date (YYYY-MM-DD)",
    );
    expect(messageOf(() => coerceValue(born, 'T', '2024-02-30'))).toBe(
      "property 'born': '2024-02-30' is not a date (YYYY-MM-DD)",
    );
    expect(messageOf(() => coerceValue(born, 'T', 1.5))).toBe(
      "property 'born': 1.5 is not a date (YYYY-MM-DD, or integer epoch days)",
    );
    expect(coerceValue(at, 'T', '2024-01-01T00:00:00+02:00')).toBe(Date.UTC(2023, 11, 31, 22));
    expect(messageOf(() => coerceValue(at, 'T', 'yesterday'))).toBe(
      "property 'at': 'yesterday' is not a date-time (ISO-8601, e.g. 2024-01-31T12:00:00Z)",
    );
    expect(messageOf(() => coerceValue(at, 'T', true))).toBe(
      "property 'at': true is not a date-time (ISO-8601, e.g. 2024-01-31T12:00:00Z, or integer epoch milliseconds)",
    );
  });

  it('keeps epoch values within the years 0000 to 9999, so exports load back', () => {
    const born = prop({ kind: 'scalar', scalar: 'Date' }, 'born');
    const at = prop({ kind: 'scalar', scalar: 'DateTime' }, 'at');
    expect(coerceValue(born, 'T', -719_528)).toBe(-719_528);
    expect(coerceValue(born, 'T', 2_932_896)).toBe(2_932_896);
    expect(messageOf(() => coerceValue(born, 'T', 2_932_897))).toBe(
      "property 'born': 2932897 is not a date: integer epoch days must lie within the years 0000 to 9999",
    );
    expect(messageOf(() => coerceValue(born, 'T', -719_529))).toContain('is not a date');
    expect(coerceValue(at, 'T', 253_402_300_799_999)).toBe(253_402_300_799_999);
    expect(messageOf(() => coerceValue(at, 'T', 253_402_300_800_000))).toContain(
      'is not a date-time: integer epoch milliseconds must lie within',
    );
    expect(messageOf(() => coerceValue(at, 'T', -62_167_219_200_001))).toContain(
      'is not a date-time',
    );
  });
});
