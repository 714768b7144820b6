import type { ExprIR } from '../../../compiler/ir/expr-ir.js';
import type { FilterIR, TraversalIR } from '../../../compiler/ir/match-ir.js';
import type { Value } from '../../../compiler/ir/value.js';
import { formatStringLiteral } from '../../../compiler/common/string-literal.js';
import { assertNever } from '../../../util/assert-never.js';
import { formatDate32, formatDate64 } from '../../values/index.js';

/** The default `k` of `rrf`, left out of its text. */
const RRF_DEFAULT_K = 60;

/** A variable as a query spells it; anonymous ones (`_#N`) as `$_`. */
export function variableText(name: string): string {
  return name.startsWith('_#') ? '$_' : `$${name}`;
}

/** An expression in `.gq` syntax, for plans. */
export function exprText(expr: ExprIR): string {
  switch (expr.kind) {
    case 'property':
      return `${variableText(expr.variable)}.${expr.property}`;
    case 'entity-id':
      return variableText(expr.variable);
    case 'param':
      return `$${expr.name}`;
    case 'literal':
      return valueText(expr.value);
    case 'now':
      return 'now()';
    case 'aggregate':
      return `${expr.fn}(${exprText(expr.arg)})`;
    case 'alias':
      return expr.name;
    case 'nearest':
    case 'bm25':
      return `${expr.kind}(${exprText(expr.field)}, ${exprText(expr.query)})`;
    case 'rrf': {
      const k = expr.k === RRF_DEFAULT_K ? '' : `, ${expr.k}`;
      return `rrf(${exprText(expr.left)}, ${exprText(expr.right)}${k})`;
    }
    case 'text-search': {
      const edits = expr.maxEdits === undefined ? '' : `, ${exprText(expr.maxEdits)}`;
      return `${expr.mode}(${exprText(expr.field)}, ${exprText(expr.query)}${edits})`;
    }
    default:
      return assertNever(expr, 'expression');
  }
}

/** A match filter in `.gq` syntax. */
export function filterText(filter: FilterIR): string {
  return `${exprText(filter.left)} ${filter.op} ${exprText(filter.right)}`;
}

/** A traversal as an arrow: `$p -Knows-> $f`, `$p -Knows{1,3}-> $f`, `$p <-$w:Knows-> $f`. */
export function traversalText(traversal: TraversalIR): string {
  const hops =
    traversal.minHops === 1 && traversal.maxHops === 1
      ? ''
      : `{${traversal.minHops},${traversal.maxHops}}`;
  const edge =
    traversal.edgeVariable === undefined
      ? traversal.edgeType
      : `${variableText(traversal.edgeVariable)}:${traversal.edgeType}`;
  const left = traversal.undirected ? '<-' : '-';
  return `${variableText(traversal.source)} ${left}${edge}${hops}-> ${variableText(traversal.target)}`;
}

function valueText(value: Value): string {
  switch (value.kind) {
    case 'null':
      return 'null';
    case 'string':
      return formatStringLiteral(value.value);
    case 'bool':
    case 'int':
    case 'bigint':
    case 'float':
      return String(value.value);
    case 'date':
      return formatDate32(value.days);
    case 'datetime':
      return formatDate64(value.ms);
    case 'blob':
      return '<blob>';
    case 'vector':
      return `<vector(${value.values.length})>`;
    case 'list':
      return `[${value.items.map(valueText).join(', ')}]`;
    default:
      return assertNever(value, 'value');
  }
}
