import { assertNever } from '../../util/assert-never.js';
import { formatStringLiteral } from '../common/string-literal.js';
import type { Constraint, RangeBound } from './catalog.js';

/**
 * The `.pg` body form of a constraint.
 *
 * @example formatConstraint({ kind: 'unique', properties: ['a', 'b'] }) // '@unique(a, b)'
 */
export function formatConstraint(constraint: Constraint): string {
  switch (constraint.kind) {
    case 'key':
    case 'unique':
    case 'index':
      return `@${constraint.kind}(${constraint.properties.join(', ')})`;
    case 'range':
      return `@range(${constraint.property}, ${formatBound(constraint.min)}..${formatBound(constraint.max)})`;
    case 'check':
      return `@check(${constraint.property}, ${formatStringLiteral(constraint.pattern)})`;
    default:
      return assertNever(constraint, 'constraint');
  }
}

function formatBound(bound: RangeBound | null): string {
  if (bound === null) return '';
  // A float bound keeps a fraction so it reads back as a float.
  return bound.kind === 'float' && Number.isInteger(bound.value)
    ? bound.value.toFixed(1)
    : String(bound.value);
}
