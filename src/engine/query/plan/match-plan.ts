import type { TextSearchIR } from '../../../compiler/ir/expr-ir.js';
import type { FilterIR, MatchIR, NegationIR, TraversalIR } from '../../../compiler/ir/match-ir.js';
import type { Filter } from '../../lance/index.js';

/**
 * A `match` block with its join order fixed at plan time: steps applied in turn to a seed
 * relation (the unit relation at top level, the outer rows' bindings inside a `not { }`). What
 * depends on data stays inside a step: the traversal strategy of each hop, and stopping early
 * once no row is left (before a binding step or an anti-join).
 */
export interface MatchPlan {
  readonly match: MatchIR;
  readonly steps: readonly MatchStep[];
  readonly estimatedRows: number;
}

/** One step of a {@link MatchPlan}. */
export type MatchStep =
  | ScanStep
  | KeySeedStep
  | TraverseStep
  | ConstrainStep
  | FilterStep
  | AntiJoinStep
  | EdgeAntiJoinStep;

/** A match filter pushed into one variable's Lance reads: as written, and as a Lance filter. */
export interface PushedMatchFilter {
  readonly ir: FilterIR;
  readonly filter: Filter;
}

/**
 * Binds a start variable to every entity of its type passing its pushed filters and text
 * predicates (starting from the first predicate's matches when there is one), crossed with the
 * rows so far.
 */
export interface ScanStep {
  readonly kind: 'scan';
  readonly variable: string;
  readonly nodeType: string;
  readonly filters: readonly PushedMatchFilter[];
  readonly searches: readonly TextSearchIR[];
  readonly estimatedRows: number;
}

/**
 * Binds a start variable to the one id its key equality spells, without reading its table: a
 * traversal of the block uses it, so only an existing node can keep rows.
 */
export interface KeySeedStep {
  readonly kind: 'key-seed';
  readonly variable: string;
  readonly nodeType: string;
  readonly id: string;
  readonly filter: FilterIR;
  readonly estimatedRows: number;
}

/**
 * Applies a traversal from its bound endpoint `from`: binds `binds` (the edge variable, then the
 * other endpoint), or keeps the rows whose endpoints are connected when `binds` is empty.
 */
export interface TraverseStep {
  readonly kind: 'traverse';
  readonly traversal: TraversalIR;
  readonly from: string;
  readonly binds: readonly string[];
  readonly estimatedRows: number;
}

/**
 * The pushed filters and text predicates of a variable bound by a traversal (or by the seed of a
 * `not { }`): those reading only the id or values derived from it are checked in memory, the
 * others pushed into one Lance lookup of the distinct entities.
 */
export interface ConstrainStep {
  readonly kind: 'constrain';
  readonly variable: string;
  readonly inMemory: readonly FilterIR[];
  readonly lance: readonly PushedMatchFilter[];
  readonly searches: readonly TextSearchIR[];
  readonly estimatedRows: number;
}

/** Filters evaluated in memory, as soon as all their variables are bound. */
export interface FilterStep {
  readonly kind: 'filter';
  readonly filters: readonly FilterIR[];
  readonly estimatedRows: number;
}

/**
 * `not { … }`: its block planned on its own, run once on the distinct bindings of `seed` (the
 * outer variables it reads, in binding order); the outer rows it matches are dropped.
 */
export interface AntiJoinStep {
  readonly kind: 'anti-join';
  readonly negation: NegationIR;
  readonly seed: readonly string[];
  readonly plan: MatchPlan;
  readonly estimatedRows: number;
}

/**
 * `not { $a edge $_ }`: the block only asks whether the bound endpoint `from` has an edge, so the
 * rows whose endpoint reaches nothing are kept, from reach counts.
 */
export interface EdgeAntiJoinStep {
  readonly kind: 'anti-join-edge';
  readonly traversal: TraversalIR;
  readonly from: string;
  readonly estimatedRows: number;
}
