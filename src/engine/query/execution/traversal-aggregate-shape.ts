import type { BindingIR, FilterIR, TraversalIR } from '../../../compiler/ir/match-ir.js';
import type { ReadQueryIR } from '../../../compiler/ir/query-ir.js';
import type { Filter } from '../../lance/index.js';
import { pushdownFilter } from './filter-pushdown.js';
import type { OperandScope } from '../../values/index.js';

/**
 * An aggregation over one traversal between two distinct node variables: no edge variable, no
 * negation or search, and every filter pushed down to Lance on one of the two variables.
 */
export interface TraversalAggregateShape {
  readonly traversal: TraversalIR;
  /** The traversal's source and target bindings. */
  readonly source: BindingIR;
  readonly target: BindingIR;
  /** The match filters as written, and pushed. */
  readonly filterIr: readonly FilterIR[];
  readonly filters: readonly Filter[];
  /** The one variable the filters all read (undefined when there are none). */
  readonly filtered: string | undefined;
}

/** The shape of `query` when it is an aggregation over one traversal; else undefined. */
export function traversalAggregateShape(
  query: ReadQueryIR,
  operands: OperandScope,
): TraversalAggregateShape | undefined {
  const { match } = query;
  const [traversal, ...more] = match.traversals;
  if (!query.aggregated || traversal === undefined || more.length > 0) return undefined;
  if (traversal.edgeVariable !== undefined || traversal.source === traversal.target)
    return undefined;
  if (match.negations.length > 0 || match.searches.length > 0 || match.bindings.length !== 2)
    return undefined;
  const source = match.bindings.find((binding) => binding.variable === traversal.source);
  const target = match.bindings.find((binding) => binding.variable === traversal.target);
  if (source === undefined || target === undefined) return undefined;
  const filterIr = [...source.filters, ...target.filters, ...match.filters];
  const filters: Filter[] = [];
  let filtered: string | undefined;
  for (const filter of filterIr) {
    const pushed = pushdownFilter(filter, operands);
    if (pushed === undefined || (filtered !== undefined && pushed.variable !== filtered))
      return undefined;
    filtered = pushed.variable;
    filters.push(pushed.filter);
  }
  return { traversal, source, target, filterIr, filters, filtered };
}

/**
 * The topology walk of a traversal aggregation: the (group, reached) pairs of the join, counted
 * or visited but never built.
 */
export interface ReachStage {
  readonly kind: 'reach';
  readonly estimatedRows: number;
}
