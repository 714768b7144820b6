import type { ExprIR, PropertyRefIR } from '../../../compiler/ir/expr-ir.js';
import type { FilterIR, MatchIR } from '../../../compiler/ir/match-ir.js';
import { assertNever } from '../../../util/assert-never.js';

/** The direct sub-expressions of an expression. */
export function exprChildren(expr: ExprIR): readonly ExprIR[] {
  switch (expr.kind) {
    case 'property':
    case 'entity-id':
    case 'param':
    case 'literal':
    case 'now':
    case 'alias':
      return [];
    case 'aggregate':
      return [expr.arg];
    case 'nearest':
    case 'bm25':
      return [expr.field, expr.query];
    case 'rrf':
      return [expr.left, expr.right];
    case 'text-search':
      return expr.maxEdits === undefined
        ? [expr.field, expr.query]
        : [expr.field, expr.query, expr.maxEdits];
    default:
      return assertNever(expr, 'expression');
  }
}

/** Every expression in `expr`, itself included, parents first. */
export function* walkExpr(expr: ExprIR): Generator<ExprIR> {
  yield expr;
  for (const child of exprChildren(expr)) yield* walkExpr(child);
}

/** The variables an expression reads. */
export function exprVariables(expr: ExprIR): Set<string> {
  const names = new Set<string>();
  for (const node of walkExpr(expr)) {
    if (node.kind === 'property' || node.kind === 'entity-id') names.add(node.variable);
  }
  return names;
}

/** The variables a filter reads. */
export function filterVariables(filter: FilterIR): Set<string> {
  return new Set([...exprVariables(filter.left), ...exprVariables(filter.right)]);
}

/** Every expression of a match block, nested negations included. */
export function* matchExprs(match: MatchIR): Generator<ExprIR> {
  const filters = [...match.bindings.flatMap((binding) => binding.filters), ...match.filters];
  for (const filter of filters) {
    yield filter.left;
    yield filter.right;
  }
  yield* match.searches;
  for (const negation of match.negations) yield* matchExprs(negation.match);
}

/** Every variable a match block reads or binds, nested negations included. */
export function matchVariables(match: MatchIR): Set<string> {
  const names = new Set<string>();
  for (const binding of match.bindings) names.add(binding.variable);
  for (const traversal of match.traversals) {
    names.add(traversal.source);
    names.add(traversal.target);
    if (traversal.edgeVariable !== undefined) names.add(traversal.edgeVariable);
  }
  for (const expr of matchExprs(match)) {
    for (const name of exprVariables(expr)) names.add(name);
  }
  for (const negation of match.negations) {
    for (const name of matchVariables(negation.match)) names.add(name);
  }
  return names;
}

/** The property references in `expr` whose values the executor reads row by row. */
export function* readProperties(expr: ExprIR): Generator<PropertyRefIR> {
  if (expr.kind === 'property') {
    yield expr;
    return;
  }
  // Search fields are read by the search layer, not row by row.
  if (expr.kind === 'nearest' || expr.kind === 'bm25' || expr.kind === 'text-search') return;
  for (const child of exprChildren(expr)) yield* readProperties(child);
}
