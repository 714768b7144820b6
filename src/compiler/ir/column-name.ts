import { assertNever } from '../../util/assert-never.js';
import type { ExprIR } from './expr-ir.js';

/**
 * The result column of a projection (docs/reference/query.md): the alias wins; otherwise `$p.name`
 * → `p.name`, a bare variable → its name (it projects the id), a literal → `literal`, a parameter →
 * its name, an aggregate → `fn(arg)`, a search function → its name.
 *
 * @example columnName({ kind: 'entity-id', variable: 'p', … }, undefined) // 'p'
 */
export function columnName(expr: ExprIR, alias: string | undefined): string {
  return alias ?? defaultColumnName(expr);
}

function defaultColumnName(expr: ExprIR): string {
  switch (expr.kind) {
    case 'property':
      return `${expr.variable}.${expr.property}`;
    case 'entity-id':
      return expr.variable;
    case 'param':
      return expr.name;
    case 'literal':
      return 'literal';
    case 'now':
      return 'now';
    case 'aggregate':
      return `${expr.fn}(${defaultColumnName(expr.arg)})`;
    case 'alias':
      return expr.name;
    case 'nearest':
    case 'bm25':
    case 'rrf':
      return expr.kind;
    case 'text-search':
      return expr.mode;
    default:
      return assertNever(expr, 'expression');
  }
}
