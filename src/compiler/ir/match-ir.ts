import type { FilterOp } from '../query/ast.js';
import type { ExprIR, TextSearchIR } from './expr-ir.js';

/**
 * The typed `match` block: what must hold, not how to evaluate it (the executor plans join
 * order). Variables are named without `$`; each anonymous `$_` gets a distinct name `_#N`, which
 * no source variable can spell.
 */
export interface MatchIR {
  /**
   * Every node variable this scope introduces: the declared ones in source order, then those
   * traversal endpoints imply.
   */
  readonly bindings: readonly BindingIR[];
  readonly traversals: readonly TraversalIR[];
  readonly filters: readonly FilterIR[];
  /** Text predicates used as clauses. */
  readonly searches: readonly TextSearchIR[];
  readonly negations: readonly NegationIR[];
}

/** A node variable and its type. */
export interface BindingIR {
  readonly variable: string;
  readonly nodeType: string;
  /** True when written as `$v: Type`; false when implied by a traversal endpoint. */
  readonly declared: boolean;
  /** Inline property matches (`{ name: $n }`), as filters on this variable. */
  readonly filters: readonly FilterIR[];
}

/**
 * `$source edge{min,max} $target`. `source` is on the edge's `from` side and `target` on its
 * `to` side (either side when `undirected`). `direction` says which side is known first in the
 * clause order: `out` expands from `source`, `in` from `target` (a reverse traversal).
 */
export interface TraversalIR {
  readonly source: string;
  readonly target: string;
  readonly sourceType: string;
  readonly targetType: string;
  readonly edgeType: string;
  readonly direction: 'out' | 'in';
  readonly undirected: boolean;
  readonly minHops: number;
  readonly maxHops: number;
  /** `$w` of `$p $w:knows $f`: one row per matching edge. */
  readonly edgeVariable: string | undefined;
}

/** `left op right` over typed operands; NULL never matches. */
export interface FilterIR {
  readonly left: ExprIR;
  readonly op: FilterOp;
  readonly right: ExprIR;
}

/** `not { … }`: rows of the outer scope with no match of `match` (an anti-join). */
export interface NegationIR {
  /** Outer variables the inner block refers to (at least one). */
  readonly outerVariables: readonly string[];
  readonly match: MatchIR;
}
