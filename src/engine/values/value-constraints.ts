import type { Constraint, NodeType, EdgeType, RangeBound } from '../../compiler/catalog/catalog.js';
import { compileCheckPattern } from '../../compiler/catalog/check-pattern.js';
import { OmniError } from '../../util/omni-error.js';
import type { Cell, Row } from '../lance/index.js';

const PATTERNS = new Map<string, RegExp>();

/** The compiled `@check` pattern, cached; the catalog already rejected invalid ones. */
function compiled(type: string, property: string, pattern: string): RegExp {
  let regex = PATTERNS.get(pattern);
  if (!regex) {
    const result = compileCheckPattern(pattern);
    if (!result.ok) {
      throw new OmniError(
        'bad_request',
        `@check on ${type}.${property} has invalid regex: ${result.message}`,
      );
    }
    regex = result.regex;
    PATTERNS.set(pattern, regex);
  }
  return regex;
}

function compareToBound(value: number | bigint, bound: RangeBound): number {
  if (bound.kind === 'integer') {
    if (typeof value === 'bigint') return value < bound.value ? -1 : value > bound.value ? 1 : 0;
    return value < Number(bound.value) ? -1 : value > Number(bound.value) ? 1 : 0;
  }
  const n = Number(value);
  return n < bound.value ? -1 : n > bound.value ? 1 : 0;
}

function checkRange(type: string, c: Extract<Constraint, { kind: 'range' }>, value: Cell): void {
  if (typeof value !== 'number' && typeof value !== 'bigint') return;
  const where = `@range violation on ${type}.${c.property}`;
  if (typeof value === 'number' && Number.isNaN(value))
    throw new OmniError('bad_request', `${where}: value is NaN`);
  if (c.min && compareToBound(value, c.min) < 0) {
    throw new OmniError('bad_request', `${where}: value ${value} < min ${c.min.value}`);
  }
  if (c.max && compareToBound(value, c.max) > 0) {
    throw new OmniError('bad_request', `${where}: value ${value} > max ${c.max.value}`);
  }
}

function checkPattern(type: string, c: Extract<Constraint, { kind: 'check' }>, value: Cell): void {
  if (typeof value !== 'string') return;
  if (!compiled(type, c.property, c.pattern).test(value)) {
    throw new OmniError(
      'bad_request',
      `@check violation on ${type}.${c.property}: value '${value}' does not match pattern '${c.pattern}'`,
    );
  }
}

/**
 * Checks the per-row value constraints of a type (`@range`, `@check`) and nullability of
 * every property. Enum membership and value types are checked when values are coerced;
 * `@unique`, `@card` and endpoints need the whole change and live elsewhere.
 */
export function checkRowConstraints(type: NodeType | EdgeType, row: Row): void {
  for (const property of type.properties) {
    const value = row[property.name];
    if ((value === null || value === undefined) && !property.nullable) {
      throw new OmniError(
        'bad_request',
        `non-nullable property '${type.name}.${property.name}' has null or missing value`,
        { details: { property: property.name } },
      );
    }
  }
  for (const constraint of type.constraints) {
    if (constraint.kind === 'range')
      checkRange(type.name, constraint, row[constraint.property] ?? null);
    else if (constraint.kind === 'check')
      checkPattern(type.name, constraint, row[constraint.property] ?? null);
  }
}
