import { assertNever } from '../../../util/assert-never.js';
import { closestName } from '../../../util/closest-name.js';
import type { PropertyType, ScalarType } from '../../catalog/catalog.js';
import { formatPropertyType } from '../../catalog/property-type.js';
import { blobValue } from '../../ir/blob-value.js';
import type { Fit } from '../../ir/fit.js';
import {
  floatValue,
  integerValue,
  isFloatScalar,
  isIntegerScalar,
} from '../../ir/numeric-value.js';
import type { Value } from '../../ir/value.js';
import type { Literal } from '../ast.js';

/**
 * A literal converted to a type, or why it cannot be: `type` when the literal is of another
 * type altogether, `value` when it is of the right type but does not fit (out of range, not an
 * enum member, wrong vector length). A string that is not an enum member comes with the closest
 * member as `suggestion` when one is close.
 */
export type LiteralResult =
  | { readonly ok: true; readonly value: Value }
  | {
      readonly ok: false;
      readonly problem: 'type' | 'value';
      readonly message: string;
      readonly suggestion?: string | undefined;
    };

/**
 * Converts a literal to the value of `target`.
 *
 * @example literalAs({ kind: 'integer', value: 30n }, { kind: 'scalar', scalar: 'I32' })
 * // { ok: true, value: { kind: 'int', type: 'I32', value: 30 } }
 */
export function literalAs(literal: Literal, target: PropertyType): LiteralResult {
  switch (target.kind) {
    case 'scalar':
      return scalarLiteral(literal, target.scalar);
    case 'enum':
      return enumLiteral(literal, target.values);
    case 'list':
      return listLiteral(literal, target.element);
    case 'vector':
      return vectorLiteral(literal, target.dimension);
    default:
      return assertNever(target, 'property type');
  }
}

/**
 * The type a literal has on its own (with nothing to compare it to): integers are I64, floats
 * F64, and a list takes its items' type. Undefined for a list that mixes types.
 */
export function defaultLiteralType(literal: Literal): PropertyType | undefined {
  if (literal.kind !== 'list') return { kind: 'scalar', scalar: defaultScalar(literal) };
  const scalars = new Set(literal.items.map(defaultScalar));
  if (scalars.size === 2 && scalars.has('I64') && scalars.has('F64')) scalars.delete('I64');
  if (scalars.size > 1) return undefined;
  return { kind: 'list', element: [...scalars][0] ?? 'String' };
}

function defaultScalar(literal: Literal): ScalarType {
  const scalars: Record<Exclude<Literal['kind'], 'list'>, ScalarType> = {
    string: 'String',
    integer: 'I64',
    float: 'F64',
    bool: 'Bool',
    date: 'Date',
    datetime: 'DateTime',
  };
  return literal.kind === 'list' ? 'String' : scalars[literal.kind];
}

/** How a literal is named in messages: `string "x"`, `integer 5`, `list`, … */
export function describeLiteral(literal: Literal): string {
  switch (literal.kind) {
    case 'string':
      return `string ${JSON.stringify(literal.value)}`;
    case 'integer':
    case 'float':
    case 'bool':
      return `${literal.kind} ${String(literal.value)}`;
    case 'date':
    case 'datetime':
    case 'list':
      return `${literal.kind} literal`;
    default:
      return assertNever(literal, 'literal');
  }
}

function scalarLiteral(literal: Literal, scalar: ScalarType): LiteralResult {
  if (literal.kind === 'integer' && isIntegerScalar(scalar)) {
    return fitted(integerValue(scalar, literal.value));
  }
  if ((literal.kind === 'integer' || literal.kind === 'float') && isFloatScalar(scalar)) {
    return fitted(floatValue(scalar, Number(literal.value)));
  }
  if (literal.kind === 'string' && scalar === 'String') {
    return { ok: true, value: { kind: 'string', value: literal.value } };
  }
  if (literal.kind === 'string' && scalar === 'Blob') return fitted(blobValue(literal.value));
  if (literal.kind === 'bool' && scalar === 'Bool') {
    return { ok: true, value: { kind: 'bool', value: literal.value } };
  }
  if (literal.kind === 'date' && scalar === 'Date') {
    return { ok: true, value: { kind: 'date', days: literal.days } };
  }
  if (literal.kind === 'datetime' && scalar === 'DateTime') {
    return { ok: true, value: { kind: 'datetime', ms: literal.ms } };
  }
  return mismatch(literal, { kind: 'scalar', scalar });
}

function enumLiteral(literal: Literal, values: readonly string[]): LiteralResult {
  if (literal.kind !== 'string') return mismatch(literal, { kind: 'enum', values });
  if (values.includes(literal.value)) {
    return { ok: true, value: { kind: 'string', value: literal.value } };
  }
  return {
    ok: false,
    problem: 'value',
    message: `expects one of [${values.join(', ')}], got '${literal.value}'`,
    suggestion: closestName(literal.value, values),
  };
}

function listLiteral(literal: Literal, element: ScalarType): LiteralResult {
  if (literal.kind !== 'list') return mismatch(literal, { kind: 'list', element });
  const items: Value[] = [];
  for (const item of literal.items) {
    const result = scalarLiteral(item, element);
    if (!result.ok) return result;
    items.push(result.value);
  }
  return { ok: true, value: { kind: 'list', element, items } };
}

function vectorLiteral(literal: Literal, dimension: number): LiteralResult {
  const target: PropertyType = { kind: 'vector', dimension };
  if (literal.kind !== 'list') return mismatch(literal, target);
  const values: number[] = [];
  for (const item of literal.items) {
    if (item.kind !== 'integer' && item.kind !== 'float') return mismatch(literal, target);
    const fit = floatValue('F32', Number(item.value));
    if (!fit.ok) return { ok: false, problem: 'value', message: fit.message };
    values.push(fit.value.value);
  }
  if (values.length !== dimension) {
    return {
      ok: false,
      problem: 'value',
      message: `vector literal has ${values.length} values, expected ${dimension}`,
    };
  }
  return { ok: true, value: { kind: 'vector', values } };
}

function fitted(fit: Fit<Value>): LiteralResult {
  return fit.ok ? fit : { ok: false, problem: 'value', message: fit.message };
}

function mismatch(literal: Literal, target: PropertyType): LiteralResult {
  return {
    ok: false,
    problem: 'type',
    message: `expects ${formatPropertyType(target, false)}, got ${describeLiteral(literal)}`,
  };
}
