import type { TextSearchIR } from '../../../compiler/ir/expr-ir.js';
import type {
  BindingIR,
  FilterIR,
  MatchIR,
  NegationIR,
  TraversalIR,
} from '../../../compiler/ir/match-ir.js';
import {
  filterVariables,
  matchVariables,
  readProperties,
  walkExpr,
} from '../execution/expr-walk.js';
import { pushdownFilter } from '../execution/filter-pushdown.js';
import { anchorShape } from '../../../util/shape-anchor.js';
import type { MatchPlan, MatchStep, PushedMatchFilter } from './match-plan.js';
import { derivedOf, nodeRows, type PlanInputs } from './plan-inputs.js';
import { ANTI_JOIN_KEEPS, constrainedRows, filteredRows, traversedRows } from './row-estimates.js';

/** A variable bound before a block runs or by one of its steps, with the type of its table. */
export interface ScopeVariable {
  readonly name: string;
  readonly entity: 'node' | 'edge';
  readonly typeName: string;
}

/** The constraints of a match block, sorted by where the steps apply them. */
interface Constraints {
  /** Filters pushed into the scans and lookups of one variable. */
  readonly pushed: ReadonlyMap<string, readonly PushedMatchFilter[]>;
  /** Text predicates on one variable. */
  readonly searches: ReadonlyMap<string, readonly TextSearchIR[]>;
  /** Filters evaluated in memory once their variables are bound. */
  readonly residual: readonly FilterIR[];
}

/**
 * Plans a match block on a seed binding `seed` (nothing at top level; inside a `not { }`, the
 * outer variables it reads, in binding order) of about `seedRows` rows. The join order starts
 * from the most constrained variable and follows traversals from bound variables; filters run as
 * soon as their variables are bound. The order is found by tracking which variables are bound
 * after each step: it depends on the query and its operands only, never on data.
 */
export function planMatch(
  match: MatchIR,
  seed: readonly ScopeVariable[],
  seedRows: number,
  inputs: PlanInputs,
): MatchPlan {
  const order = new JoinOrder(match, seed, seedRows, inputs);
  return { match, steps: order.steps, estimatedRows: order.rows };
}

/** The steps of one block, chosen in turn as the executor will run them. */
class JoinOrder {
  readonly steps: MatchStep[] = [];
  /** Estimated rows after the steps so far. */
  rows: number;
  readonly #match: MatchIR;
  readonly #inputs: PlanInputs;
  readonly #constraints: Constraints;
  /** Bound variables, in the order the relation binds them. */
  readonly #bound: ScopeVariable[];
  /** The names of `#bound`, for constant-time checks (a match may bind thousands). */
  readonly #boundNames: Set<string>;
  readonly #residual: FilterIR[];

  constructor(match: MatchIR, seed: readonly ScopeVariable[], rows: number, inputs: PlanInputs) {
    this.#match = match;
    this.#inputs = inputs;
    this.#constraints = constraintsOf(match, inputs);
    this.#bound = [...seed];
    this.#boundNames = new Set(seed.map((variable) => variable.name));
    this.#residual = [...this.#constraints.residual];
    this.rows = rows;
    for (const variable of seed) this.#constrain(variable);
    const unbound = match.bindings.filter((binding) => !this.#has(binding.variable));
    const pending = [...match.traversals];
    while (unbound.length > 0 || pending.length > 0) {
      this.#filterReady();
      const next = nextTraversal(pending, (name) => this.#has(name));
      if (next !== undefined) {
        pending.splice(pending.indexOf(next), 1);
        for (const variable of this.#traverse(next)) this.#constrain(variable);
      } else {
        const start = startBinding(unbound, this.#constraints);
        unbound.splice(unbound.indexOf(start), 1);
        this.#start(start);
      }
      for (let index = unbound.length - 1; index >= 0; index -= 1) {
        if (this.#has(unbound[index]?.variable ?? '')) unbound.splice(index, 1);
      }
    }
    this.#filterReady();
    for (const negation of match.negations) this.#antiJoin(negation);
  }

  #has(name: string): boolean {
    return this.#boundNames.has(name);
  }

  #bind(...variables: ScopeVariable[]): void {
    this.#bound.push(...variables);
    for (const variable of variables) this.#boundNames.add(variable.name);
  }

  #push(step: MatchStep): void {
    this.steps.push(step);
    this.rows = step.estimatedRows;
  }

  /** A filter step for the residual filters whose variables are all bound, if any. */
  #filterReady(): void {
    const ready = this.#residual.filter((filter) =>
      [...filterVariables(filter)].every((name) => this.#has(name)),
    );
    if (ready.length === 0) return;
    for (const filter of ready) this.#residual.splice(this.#residual.indexOf(filter), 1);
    const estimatedRows = filteredRows(
      this.rows,
      ready.map((filter) => filter.op),
    );
    this.#push({ kind: 'filter', filters: ready, estimatedRows });
  }

  /** The traversal step; returns the variables it binds (edge variable first). */
  #traverse(traversal: TraversalIR): ScopeVariable[] {
    const fromSource = this.#has(traversal.source);
    const other = fromSource ? traversal.target : traversal.source;
    const binds: ScopeVariable[] = [];
    if (traversal.edgeVariable !== undefined) {
      binds.push({ name: traversal.edgeVariable, entity: 'edge', typeName: traversal.edgeType });
    }
    if (!this.#has(other)) {
      const typeName = fromSource ? traversal.targetType : traversal.sourceType;
      binds.push({ name: other, entity: 'node', typeName });
    }
    const check = binds.length === 0;
    this.#push({
      kind: 'traverse',
      traversal,
      from: fromSource ? traversal.source : traversal.target,
      binds: binds.map((variable) => variable.name),
      estimatedRows: traversedRows(this.#inputs, this.rows, traversal, fromSource, check),
    });
    this.#bind(...binds);
    return binds;
  }

  /** A constrain step for a variable just bound by a traversal or the seed, if it has any. */
  #constrain(variable: ScopeVariable): void {
    const pushed = this.#constraints.pushed.get(variable.name) ?? [];
    const searches = this.#constraints.searches.get(variable.name) ?? [];
    if (pushed.length === 0 && searches.length === 0) return;
    const derived =
      variable.entity === 'node' ? derivedOf(this.#inputs, variable.typeName) : new Set<string>();
    const inMemory = pushed.filter(({ ir }) => readsOnlyIdentity(ir, derived));
    this.#push({
      kind: 'constrain',
      variable: variable.name,
      inMemory: inMemory.map(({ ir }) => ir),
      lance: pushed.filter((filter) => !inMemory.includes(filter)),
      searches,
      estimatedRows: constrainedRows(
        this.#inputs,
        variable.typeName,
        this.rows,
        pushed.map(({ filter }) => filter),
        searches.length,
      ),
    });
  }

  /** Binds a start variable: pinned by its key when it can be, else scanned. */
  #start(binding: BindingIR): void {
    const { variable, nodeType } = binding;
    const filters = this.#constraints.pushed.get(variable) ?? [];
    const searches = this.#constraints.searches.get(variable) ?? [];
    const derived = derivedOf(this.#inputs, nodeType);
    const seed = keySeed(this.#match, filters, searches, this.#residual, variable, derived);
    const [only] = filters;
    if (seed !== undefined && only !== undefined) {
      this.#push({
        kind: 'key-seed',
        variable,
        nodeType,
        id: seed,
        filter: only.ir,
        estimatedRows: this.rows,
      });
    } else {
      const scanned = constrainedRows(
        this.#inputs,
        nodeType,
        nodeRows(this.#inputs, nodeType),
        filters.map(({ filter }) => filter),
        searches.length,
      );
      this.#push({
        kind: 'scan',
        variable,
        nodeType,
        filters,
        searches,
        estimatedRows: this.rows * scanned,
      });
    }
    this.#bind({ name: variable, entity: 'node', typeName: nodeType });
  }

  /** An anti-join step: an edge-existence test when the block is one, else a nested plan. */
  #antiJoin(negation: NegationIR): void {
    const estimatedRows = this.rows * ANTI_JOIN_KEEPS;
    const existence = existenceTraversal(negation.match, (name) => this.#has(name));
    if (existence !== undefined) {
      const from = this.#has(existence.source) ? existence.source : existence.target;
      this.#push({ kind: 'anti-join-edge', traversal: existence, from, estimatedRows });
      return;
    }
    const inner = matchVariables(negation.match);
    const seed = this.#bound.filter((variable) => inner.has(variable.name));
    const plan = planMatch(negation.match, seed, this.rows, this.#inputs);
    this.#push({
      kind: 'anti-join',
      negation,
      seed: seed.map((variable) => variable.name),
      plan,
      estimatedRows,
    });
  }
}

/**
 * Join orders live for one plan: their layout is kept across collections. Its estimate is a
 * fraction, as estimates are.
 */
anchorShape(
  new JoinOrder(
    { bindings: [], traversals: [], filters: [], searches: [], negations: [] },
    [],
    0.5,
    { operands: { params: {}, nowMs: 0 }, rowCounts: new Map(), derivedColumns: new Map() },
  ),
);

/** Sorts a block's filters into pushed (by variable) and residual ones, and its searches. */
function constraintsOf(match: MatchIR, inputs: PlanInputs): Constraints {
  const pushed = new Map<string, PushedMatchFilter[]>();
  const residual: FilterIR[] = [];
  const filters = [...match.bindings.flatMap((binding) => binding.filters), ...match.filters];
  for (const ir of filters) {
    const down = pushdownFilter(ir, inputs.operands);
    if (down === undefined) residual.push(ir);
    else
      pushed.set(down.variable, [
        ...(pushed.get(down.variable) ?? []),
        { ir, filter: down.filter },
      ]);
  }
  const searches = new Map<string, TextSearchIR[]>();
  for (const search of match.searches) {
    const name = search.field.variable;
    searches.set(name, [...(searches.get(name) ?? []), search]);
  }
  return { pushed, searches, residual };
}

/** A traversal to apply now: one connecting two bound variables first, else one expanding. */
function nextTraversal(
  pending: readonly TraversalIR[],
  bound: (name: string) => boolean,
): TraversalIR | undefined {
  return (
    pending.find((t) => bound(t.source) && bound(t.target)) ??
    pending.find((t) => bound(t.source) || bound(t.target))
  );
}

/** The unbound variable to scan next: the most constrained, in declaration order on ties. */
function startBinding(unbound: readonly BindingIR[], constraints: Constraints): BindingIR {
  const score = (binding: BindingIR): number => {
    const filters = constraints.pushed.get(binding.variable) ?? [];
    if (filters.some(({ filter }) => filter.kind === 'compare' && filter.op === '=')) return 4;
    if (filters.length > 0 || constraints.searches.has(binding.variable)) return 3;
    return binding.declared ? 1 : 0;
  };
  let best = unbound[0] as BindingIR;
  for (const binding of unbound) if (score(binding) > score(best)) best = binding;
  return best;
}

/**
 * The id a start variable is pinned to without reading its table: its only constraint is an
 * equality on its key (or id), whose canonical spelling is the id, and a traversal of this block
 * uses it, so rows survive only if it has an edge, which proves it exists. Its other reads must
 * follow from the id too (they may run before the traversal). Undefined otherwise.
 */
function keySeed(
  match: MatchIR,
  filters: readonly PushedMatchFilter[],
  searches: readonly TextSearchIR[],
  residual: readonly FilterIR[],
  name: string,
  derived: ReadonlySet<string>,
): string | undefined {
  const [only] = filters;
  const filter = only?.filter;
  if (filters.length !== 1 || filter?.kind !== 'compare' || filter.op !== '=') return undefined;
  if (searches.length > 0) return undefined;
  if (filter.column !== 'id' && !derived.has(filter.column)) return undefined;
  if (!match.traversals.some((t) => t.source === name || t.target === name)) return undefined;
  const readsRows = residual.some((residualFilter) =>
    [residualFilter.left, residualFilter.right].some((side) =>
      [...readProperties(side)].some((p) => p.variable === name && !derived.has(p.property)),
    ),
  );
  if (readsRows) return undefined;
  const value = filter.value;
  if (typeof value === 'object') return String(value.value);
  return typeof value === 'number' && !Number.isInteger(value) ? undefined : String(value);
}

/** True when a filter reads only the id of its variable or values derived from it. */
function readsOnlyIdentity(filter: FilterIR, derived: ReadonlySet<string>): boolean {
  return [filter.left, filter.right].every((side) =>
    [...walkExpr(side)].every(
      (expr) => expr.kind !== 'property' || expr.property === 'id' || derived.has(expr.property),
    ),
  );
}

/**
 * The traversal of a `not { }` block that only asks whether a bound variable has an edge: the
 * block is that one traversal, from a bound variable to a fresh one that nothing else mentions.
 */
function existenceTraversal(
  match: MatchIR,
  bound: (name: string) => boolean,
): TraversalIR | undefined {
  const [traversal, ...others] = match.traversals;
  if (traversal === undefined || others.length > 0 || traversal.edgeVariable !== undefined)
    return undefined;
  if (match.filters.length > 0 || match.searches.length > 0 || match.negations.length > 0)
    return undefined;
  const sourceBound = bound(traversal.source);
  const free = sourceBound ? traversal.target : traversal.source;
  if (sourceBound === bound(traversal.target)) return undefined;
  const [binding, ...more] = match.bindings;
  if (binding?.variable !== free || more.length > 0 || binding.filters.length > 0) return undefined;
  return traversal;
}
