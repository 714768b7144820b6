import { assertNever } from '../../util/assert-never.js';
import type { PropertyType, ScalarType } from './catalog.js';

const NUMERIC_SCALARS: ReadonlySet<ScalarType> = new Set([
  'I32',
  'I64',
  'U32',
  'U64',
  'F32',
  'F64',
]);

/** True for the scalars `@range` accepts: I32, I64, U32, U64, F32, F64. */
export function isNumericScalar(scalar: ScalarType): boolean {
  return NUMERIC_SCALARS.has(scalar);
}

/** True when `type` is exactly the scalar `scalar` (not a list of it). */
export function isScalarOf(type: PropertyType, scalar: ScalarType): boolean {
  return type.kind === 'scalar' && type.scalar === scalar;
}

/**
 * The `.pg` spelling of a property type, with `?` when nullable.
 *
 * @example formatPropertyType({ kind: 'list', element: 'I32' }, true) // '[I32]?'
 */
export function formatPropertyType(type: PropertyType, nullable: boolean): string {
  return formatCoreType(type) + (nullable ? '?' : '');
}

function formatCoreType(type: PropertyType): string {
  switch (type.kind) {
    case 'scalar':
      return type.scalar;
    case 'list':
      return `[${type.element}]`;
    case 'enum':
      return `enum(${type.values.join(', ')})`;
    case 'vector':
      return `Vector(${type.dimension})`;
    default:
      return assertNever(type, 'property type');
  }
}
