import { describe, expect, it } from 'vitest';
import { SCALAR_TYPES } from './catalog.js';
import { formatPropertyType, isNumericScalar, isScalarOf } from './property-type.js';

describe('property type helpers', () => {
  it('format types as .pg spells them', () => {
    expect(formatPropertyType({ kind: 'scalar', scalar: 'DateTime' }, false)).toBe('DateTime');
    expect(formatPropertyType({ kind: 'list', element: 'I32' }, true)).toBe('[I32]?');
    expect(formatPropertyType({ kind: 'enum', values: ['a', 'b'] }, false)).toBe('enum(a, b)');
    expect(formatPropertyType({ kind: 'vector', dimension: 3 }, true)).toBe('Vector(3)?');
  });

  it('know the numeric scalars', () => {
    expect(SCALAR_TYPES.filter(isNumericScalar)).toEqual([
      'I32',
      'I64',
      'U32',
      'U64',
      'F32',
      'F64',
    ]);
  });

  it('tell a scalar from a list of it', () => {
    expect(isScalarOf({ kind: 'list', element: 'String' }, 'String')).toBe(false);
    expect(isScalarOf({ kind: 'scalar', scalar: 'String' }, 'String')).toBe(true);
  });
});
