import { assertNever } from '../../../util/assert-never.js';
import type { PropertyType, ScalarType } from '../../catalog/catalog.js';
import { formatPropertyType } from '../../catalog/property-type.js';
import type { ExprType } from '../../ir/expr-ir.js';
import { isFloatScalar, isIntegerScalar } from '../../ir/numeric-value.js';

/** Groups of types whose values compare with each other. */
type Family = 'string' | 'number' | 'bool' | 'date' | 'datetime' | 'blob' | 'list' | 'vector';

const SCALAR_FAMILY: Readonly<Record<ScalarType, Family>> = {
  String: 'string',
  Blob: 'blob',
  Bool: 'bool',
  I32: 'number',
  I64: 'number',
  U32: 'number',
  U64: 'number',
  F32: 'number',
  F64: 'number',
  Date: 'date',
  DateTime: 'datetime',
};

/** The {@link ExprType} of a scalar. */
export function scalarType(scalar: ScalarType, nullable = false): ExprType {
  return { type: { kind: 'scalar', scalar }, nullable };
}

/** The `.pg` spelling of an expression type (`I32?`, `[String]`, …), for messages. */
export function describeType(type: ExprType): string {
  return formatPropertyType(type.type, type.nullable);
}

function familyOf(type: PropertyType): Family {
  switch (type.kind) {
    case 'scalar':
      return SCALAR_FAMILY[type.scalar];
    case 'enum':
      return 'string';
    case 'list':
      return 'list';
    case 'vector':
      return 'vector';
    default:
      return assertNever(type, 'property type');
  }
}

/** True for `String` and enums (stored as strings). */
export function isStringLike(type: PropertyType): boolean {
  return familyOf(type) === 'string';
}

/** True for the integer and float scalars. */
export function isNumeric(type: PropertyType): boolean {
  return familyOf(type) === 'number';
}

/** True for `Blob`. */
export function isBlob(type: PropertyType): boolean {
  return familyOf(type) === 'blob';
}

/** True for lists and vectors, which compare with nothing. */
export function isCollection(type: PropertyType): boolean {
  const family = familyOf(type);
  return family === 'list' || family === 'vector';
}

/**
 * Whether `=`, `<`, … may compare values of `a` and `b`: the same scalar family (numbers of any
 * width together, enums with strings); never lists, vectors or blobs.
 */
export function comparable(a: PropertyType, b: PropertyType): boolean {
  const family = familyOf(a);
  return family === familyOf(b) && !['blob', 'list', 'vector'].includes(family);
}

/**
 * Whether a value of type `value` may be stored in a property of type `target`: the same type,
 * or a widening the engine checks at write time (integers into any number, floats into floats,
 * a String into an enum).
 */
export function assignable(value: PropertyType, target: PropertyType): boolean {
  switch (target.kind) {
    case 'scalar':
      return value.kind === 'scalar' && scalarAssignable(value.scalar, target.scalar);
    case 'enum':
      return isStringLike(value);
    case 'list':
      return value.kind === 'list' && scalarAssignable(value.element, target.element);
    case 'vector':
      return value.kind === 'vector' && value.dimension === target.dimension;
    default:
      return assertNever(target, 'property type');
  }
}

function scalarAssignable(value: ScalarType, target: ScalarType): boolean {
  if (value === target) return true;
  if (isIntegerScalar(value)) return isIntegerScalar(target) || isFloatScalar(target);
  return isFloatScalar(value) && isFloatScalar(target);
}
