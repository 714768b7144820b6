import type { TextSearchIR } from '../../compiler/ir/expr-ir.js';
import type { FilterIR, MatchIR, TraversalIR } from '../../compiler/ir/match-ir.js';
import { where, type Filter } from '../lance/filter.js';
import type { ExecContext } from './exec-context.js';
import type { EntityPool } from './entity-pool.js';
import { filterVariables, readProperties, walkExpr } from './expr-walk.js';
import { pushdownFilter } from './filter-pushdown.js';
import type { Relation, RelationVar } from './relation.js';
import { RowScope } from './row-scope.js';
import { searchValuesFor } from './search/search-values.js';
import { antiJoin } from './negation-step.js';
import { applyTraversal } from './traversal-step.js';
import { textMatches } from './search/text-search.js';

/** The constraints of a match block, sorted by where the executor applies them. */
interface MatchPlan {
  /** Filters pushed into the scans and lookups of one variable. */
  readonly pushed: Map<string, Filter[]>;
  /** The match filters behind {@link pushed}, by variable. */
  readonly pushedIr: Map<string, FilterIR[]>;
  /** Text predicates on one variable. */
  readonly searches: Map<string, TextSearchIR[]>;
  /** Filters evaluated in memory once their variables are bound. */
  readonly residual: FilterIR[];
}

/**
 * Executes a `match` block on top of `seed` (the unit relation at top level, the outer rows'
 * distinct bindings inside a `not { }`): binds every variable of the block and returns the rows
 * satisfying all its clauses. The join order starts from the most constrained variable and
 * follows traversals from bound endpoints; filters run as soon as their variables are bound.
 */
export async function executeMatch(
  ctx: ExecContext,
  match: MatchIR,
  seed: Relation,
): Promise<Relation> {
  const plan = planMatch(ctx, match);
  let relation = seed;
  for (const name of seed.vars.map((v) => v.name)) {
    relation = await constrain(ctx, relation, name, plan);
  }
  const unbound = match.bindings.filter((binding) => !relation.has(binding.variable));
  const pending = [...match.traversals];
  while (unbound.length > 0 || pending.length > 0) {
    relation = await applyResidual(ctx, relation, plan);
    if (relation.size === 0) return emptyFor(ctx, match, relation);
    const next = nextTraversal(relation, pending);
    if (next !== undefined) {
      pending.splice(pending.indexOf(next), 1);
      const before = new Set(relation.vars.map((v) => v.name));
      relation = await applyTraversal(ctx, relation, next);
      for (const name of relation.vars.map((v) => v.name)) {
        if (!before.has(name)) relation = await constrain(ctx, relation, name, plan);
      }
    } else {
      const start = startBinding(unbound, plan);
      unbound.splice(unbound.indexOf(start), 1);
      const seed = keySeed(ctx, match, plan, start.variable, start.nodeType);
      relation =
        seed === undefined
          ? await bindStart(ctx, relation, start.variable, start.nodeType, plan)
          : crossWith(relation, { name: start.variable, pool: ctx.nodePool(start.nodeType) }, [
              ctx.nodePool(start.nodeType).slot(seed),
            ]);
    }
    removeBound(unbound, relation);
  }
  relation = await applyResidual(ctx, relation, plan);
  for (const negation of match.negations) {
    if (relation.size === 0) break;
    relation = await antiJoin(ctx, relation, negation, executeMatch);
  }
  return relation;
}

function planMatch(ctx: ExecContext, match: MatchIR): MatchPlan {
  const pushed = new Map<string, Filter[]>();
  const pushedIr = new Map<string, FilterIR[]>();
  const residual: FilterIR[] = [];
  const filters = [...match.bindings.flatMap((binding) => binding.filters), ...match.filters];
  for (const filter of filters) {
    const down = pushdownFilter(filter, ctx.operands);
    if (down === undefined) residual.push(filter);
    else {
      pushed.set(down.variable, [...(pushed.get(down.variable) ?? []), down.filter]);
      pushedIr.set(down.variable, [...(pushedIr.get(down.variable) ?? []), filter]);
    }
  }
  const searches = new Map<string, TextSearchIR[]>();
  for (const search of match.searches) {
    const name = search.field.variable;
    searches.set(name, [...(searches.get(name) ?? []), search]);
  }
  return { pushed, pushedIr, searches, residual };
}

/** A traversal to apply now: one connecting two bound variables first, else one expanding. */
function nextTraversal(
  relation: Relation,
  pending: readonly TraversalIR[],
): TraversalIR | undefined {
  const bound = (name: string) => relation.has(name);
  return (
    pending.find((t) => bound(t.source) && bound(t.target)) ??
    pending.find((t) => bound(t.source) || bound(t.target))
  );
}

/** The unbound variable to scan next: the most constrained, in declaration order on ties. */
function startBinding<B extends { readonly variable: string; readonly declared: boolean }>(
  unbound: readonly B[],
  plan: MatchPlan,
): B {
  const score = (binding: B): number => {
    const filters = plan.pushed.get(binding.variable) ?? [];
    if (filters.some((filter) => filter.kind === 'compare' && filter.op === '=')) return 4;
    if (filters.length > 0 || plan.searches.has(binding.variable)) return 3;
    return binding.declared ? 1 : 0;
  };
  let best = unbound[0] as B;
  for (const binding of unbound) if (score(binding) > score(best)) best = binding;
  return best;
}

function removeBound(unbound: { readonly variable: string }[], relation: Relation): void {
  for (let index = unbound.length - 1; index >= 0; index -= 1) {
    if (relation.has(unbound[index]?.variable ?? '')) unbound.splice(index, 1);
  }
}

/** Binds `name` to every entity of its type passing its constraints, crossed with `relation`. */
async function bindStart(
  ctx: ExecContext,
  relation: Relation,
  name: string,
  typeName: string,
  plan: MatchPlan,
): Promise<Relation> {
  const pool = ctx.nodePool(typeName);
  const searches = plan.searches.get(name) ?? [];
  let slots: number[];
  const [first, ...others] = searches;
  if (first !== undefined) {
    // A text predicate is usually more selective than a scan: start from its matches.
    slots = [...(await textMatches(ctx, first))].map((id) => pool.slot(id));
    const filters = plan.pushed.get(name) ?? [];
    if (filters.length > 0) slots = await pool.filter(slots, where.and(...filters));
    slots = await keepMatching(ctx, pool, slots, others);
  } else {
    const filters = plan.pushed.get(name) ?? [];
    slots = await pool.scan(filters.length > 0 ? where.and(...filters) : undefined);
  }
  return crossWith(relation, { name, pool }, slots);
}

/** Every row of `relation` paired with every slot of a new variable. */
function crossWith(relation: Relation, variable: RelationVar, slots: readonly number[]): Relation {
  const rows: number[] = [];
  const column: number[] = [];
  for (let row = 0; row < relation.size; row += 1) {
    for (const slot of slots) {
      rows.push(row);
      column.push(slot);
    }
  }
  return relation.extend(rows, variable, column);
}

/**
 * The id a start variable is pinned to without reading its table: its only constraint is an
 * equality on its key (or id), whose canonical spelling is the id, and a traversal of this block
 * uses it, so rows survive only if it has an edge, which proves it exists. Its other reads must
 * follow from the id too (they may run before the traversal). Undefined otherwise.
 */
function keySeed(
  ctx: ExecContext,
  match: MatchIR,
  plan: MatchPlan,
  name: string,
  typeName: string,
): string | undefined {
  const filters = plan.pushed.get(name) ?? [];
  const [only] = filters;
  if (
    filters.length !== 1 ||
    only?.kind !== 'compare' ||
    only.op !== '=' ||
    plan.searches.has(name)
  ) {
    return undefined;
  }
  const derived = ctx.nodePool(typeName).source.derived;
  if (only.column !== 'id' && !derived.has(only.column)) return undefined;
  if (!match.traversals.some((t) => t.source === name || t.target === name)) return undefined;
  const readsRows = plan.residual.some((filter) =>
    [filter.left, filter.right].some((side) =>
      [...readProperties(side)].some((p) => p.variable === name && !derived.has(p.property)),
    ),
  );
  if (readsRows) return undefined;
  const value = only.value;
  if (typeof value === 'object') return String(value.value);
  return typeof value === 'number' && !Number.isInteger(value) ? undefined : String(value);
}

/**
 * Applies the pushed filters and text predicates of a variable bound by a traversal. A filter on
 * the id or a value derived from it needs no read: it is checked in memory; the others are
 * pushed into one Lance lookup of the distinct entities.
 */
async function constrain(
  ctx: ExecContext,
  relation: Relation,
  name: string,
  plan: MatchPlan,
): Promise<Relation> {
  const filters = plan.pushedIr.get(name) ?? [];
  const searches = plan.searches.get(name) ?? [];
  if (filters.length === 0 && searches.length === 0) return relation;
  const { pool } = relation.variable(name);
  const inMemory = filters.filter((filter) => readsOnlyIdentity(filter, pool));
  const lance = (plan.pushed.get(name) ?? []).filter(
    (_, index) => !inMemory.includes(filters[index] as FilterIR),
  );
  let current = relation;
  if (inMemory.length > 0) {
    const scope = new RowScope(current, ctx.operands);
    const rows: number[] = [];
    for (let row = 0; row < current.size; row += 1) {
      if (inMemory.every((filter) => scope.passes(filter, row))) rows.push(row);
    }
    current = current.pick(rows);
  }
  if (lance.length === 0 && searches.length === 0) return current;
  let passing = current.distinctSlots(name);
  if (lance.length > 0) passing = await pool.filter(passing, where.and(...lance));
  passing = await keepMatching(ctx, pool, passing, searches);
  const keep = new Set(passing);
  const slots = current.slots(name);
  const rows: number[] = [];
  for (let row = 0; row < current.size; row += 1) if (keep.has(slots[row] ?? -1)) rows.push(row);
  return rows.length === current.size ? current : current.pick(rows);
}

/** True when a filter reads only the id of `pool`'s entities or values derived from it. */
function readsOnlyIdentity(filter: FilterIR, pool: EntityPool): boolean {
  return [filter.left, filter.right].every((side) =>
    [...walkExpr(side)].every(
      (expr) =>
        expr.kind !== 'property' ||
        expr.property === 'id' ||
        pool.source.derived.has(expr.property),
    ),
  );
}

async function keepMatching(
  ctx: ExecContext,
  pool: { id(slot: number): string },
  slots: number[],
  searches: readonly TextSearchIR[],
): Promise<number[]> {
  let kept = slots;
  for (const search of searches) {
    const matches = await textMatches(ctx, search);
    kept = kept.filter((slot) => matches.has(pool.id(slot)));
  }
  return kept;
}

/** Evaluates, in memory, the residual filters whose variables are all bound; removes them. */
async function applyResidual(
  ctx: ExecContext,
  relation: Relation,
  plan: MatchPlan,
): Promise<Relation> {
  const ready = plan.residual.filter((filter) =>
    [...filterVariables(filter)].every((name) => relation.has(name)),
  );
  if (ready.length === 0) return relation;
  for (const filter of ready) plan.residual.splice(plan.residual.indexOf(filter), 1);
  await loadRead(relation, ready);
  const search = await searchValuesFor(
    ctx,
    relation,
    ready.flatMap((filter) => [filter.left, filter.right]),
  );
  const scope = new RowScope(relation, ctx.operands, search);
  const rows: number[] = [];
  for (let row = 0; row < relation.size; row += 1) {
    if (ready.every((filter) => scope.passes(filter, row))) rows.push(row);
  }
  return rows.length === relation.size ? relation : relation.pick(rows);
}

/** Loads the rows of every variable whose properties `filters` read. */
async function loadRead(relation: Relation, filters: readonly FilterIR[]): Promise<void> {
  const names = new Set<string>();
  for (const filter of filters) {
    for (const side of [filter.left, filter.right]) {
      for (const property of readProperties(side)) names.add(property.variable);
    }
  }
  for (const name of names) {
    await relation.variable(name).pool.load(relation.distinctSlots(name));
  }
}

/** An empty relation that still declares every variable of the block. */
function emptyFor(ctx: ExecContext, match: MatchIR, relation: Relation): Relation {
  let empty = relation.pick([]);
  for (const binding of match.bindings) {
    if (!empty.has(binding.variable)) {
      empty = empty.extend(
        [],
        { name: binding.variable, pool: ctx.nodePool(binding.nodeType) },
        [],
      );
    }
  }
  for (const traversal of match.traversals) {
    if (traversal.edgeVariable !== undefined && !empty.has(traversal.edgeVariable)) {
      const pool = ctx.edgePool(traversal.edgeType);
      empty = empty.extend([], { name: traversal.edgeVariable, pool }, []);
    }
  }
  return empty;
}
