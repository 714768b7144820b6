import { assertNever } from '../../../util/assert-never.js';
import type { TextSearchIR } from '../../ir/expr-ir.js';
import type { BindingIR, FilterIR, MatchIR, NegationIR } from '../../ir/match-ir.js';
import type {
  BindingClause,
  Clause,
  FilterClause,
  NegationClause,
  SearchClause,
  TraversalClause,
} from '../ast.js';
import { checkBinding } from './check-binding.js';
import { fail, type CheckContext } from './check-context.js';
import { checkFilter } from './check-filter.js';
import { checkTextSearch } from './check-search.js';
import { checkTraversal } from './check-traversal.js';
import { Scope } from './scope.js';

/**
 * Types a `match` block (or the inside of a `not { }`) in `scope`. Clauses are checked in
 * phases — bindings, then traversals, then filters and searches, then negations — so a clause
 * may use a variable that a later line binds, and a traversal knows the declared types of both
 * endpoints.
 */
export function checkMatch(ctx: CheckContext, scope: Scope, clauses: readonly Clause[]): MatchIR {
  const phases = byPhase(clauses);
  const bindings: BindingIR[] = [];
  const filters: FilterIR[] = [];
  for (const clause of phases.bindings) checkBinding(ctx, scope, clause, { bindings, filters });
  const traversals = phases.traversals.map((clause) =>
    checkTraversal(ctx, scope, clause, bindings),
  );
  const searches: TextSearchIR[] = [];
  for (const clause of phases.predicates) {
    if (clause.kind === 'filter') filters.push(checkFilter(ctx, scope, clause));
    else searches.push(checkTextSearch(ctx, scope, clause.call));
  }
  const negations = phases.negations.map((clause) => checkNegation(ctx, scope, clause));
  return { bindings, traversals, filters, searches, negations };
}

/** How deeply `not { }` blocks may nest (bounded work for the checker and the executor). */
export const MAX_NEGATION_DEPTH = 32;

function checkNegation(ctx: CheckContext, scope: Scope, clause: NegationClause): NegationIR {
  const inner = new Scope(scope);
  if (inner.depth > MAX_NEGATION_DEPTH) {
    fail(ctx, 'T9', clause.at, `not { } blocks nest deeper than ${MAX_NEGATION_DEPTH} levels`);
  }
  const match = checkMatch(ctx, inner, clause.clauses);
  const outerVariables = inner.outerReferences;
  if (outerVariables.length === 0) {
    fail(ctx, 'T9', clause.at, 'not { } must refer to a variable bound outside it');
  }
  return { outerVariables, match };
}

interface Phases {
  readonly bindings: BindingClause[];
  readonly traversals: TraversalClause[];
  readonly predicates: (FilterClause | SearchClause)[];
  readonly negations: NegationClause[];
}

function byPhase(clauses: readonly Clause[]): Phases {
  const phases: Phases = { bindings: [], traversals: [], predicates: [], negations: [] };
  for (const clause of clauses) {
    switch (clause.kind) {
      case 'binding':
        phases.bindings.push(clause);
        break;
      case 'traversal':
        phases.traversals.push(clause);
        break;
      case 'filter':
      case 'search-clause':
        phases.predicates.push(clause);
        break;
      case 'negation':
        phases.negations.push(clause);
        break;
      default:
        assertNever(clause, 'clause');
    }
  }
  return phases;
}
