import type { TextSearchIR } from '../../../compiler/ir/expr-ir.js';
import type { FilterIR, MatchIR } from '../../../compiler/ir/match-ir.js';
import { assertNever } from '../../../util/assert-never.js';
import { where } from '../../lance/index.js';
import type { ExecContext } from './exec-context.js';
import { readProperties } from './expr-walk.js';
import { antiJoin, withoutEdges } from './negation-step.js';
import type { ConstrainStep, MatchPlan, MatchStep, ScanStep } from '../plan/match-plan.js';
import { measured } from '../plan/plan-profile.js';
import type { Relation, RelationVar } from './relation.js';
import { RowScope } from './row-scope.js';
import { searchValuesFor } from '../search/search-values.js';
import { textMatches } from '../search/text-search.js';
import { applyTraversal } from './traversal-step.js';
import { checkQueryRows } from '../query-rows.js';
import { slotsById } from './slots-by-id.js';

/**
 * Runs a match plan on top of `seed` (the unit relation at top level, the outer rows' distinct
 * bindings inside a `not { }`): applies its steps in order and returns the rows satisfying all
 * the block's clauses; with `ordered`, its binding steps yield their entities in id order (see
 * {@link applyStep}). Once no row is left before a binding step or an anti-join, it stops with
 * an empty relation that still declares every variable of the block.
 */
export async function executeMatch(
  ctx: ExecContext,
  plan: MatchPlan,
  seed: Relation,
  ordered = false,
): Promise<Relation> {
  let relation = seed;
  for (const step of plan.steps) {
    if (relation.size === 0 && stopsWhenEmpty(step)) return emptyFor(ctx, plan.match, relation);
    const input = relation;
    relation = await measured(
      ctx.profile,
      step,
      () => applyStep(ctx, input, step, ordered),
      (output) => output.size,
    );
  }
  return relation;
}

/** True for the steps skipped once no row is left: those that bind, and anti-joins. */
export function stopsWhenEmpty(step: MatchStep): boolean {
  switch (step.kind) {
    case 'scan':
    case 'key-seed':
    case 'traverse':
    case 'anti-join':
    case 'anti-join-edge':
      return true;
    case 'constrain':
    case 'filter':
      return false;
    default:
      return assertNever(step, 'match step');
  }
}

/**
 * Applies one step to the rows of `relation`, row by row: the rows of a subset of them are the
 * rows it gives that subset. With `ordered`, each row's new bindings come in id order.
 */
export function applyStep(
  ctx: ExecContext,
  relation: Relation,
  step: MatchStep,
  ordered = false,
): Promise<Relation> {
  switch (step.kind) {
    case 'scan':
      return bindStart(ctx, relation, step, ordered);
    case 'key-seed': {
      const pool = ctx.nodePool(step.nodeType);
      return Promise.resolve(
        crossWith(ctx, relation, { name: step.variable, pool }, [pool.slot(step.id)]),
      );
    }
    case 'traverse':
      return applyTraversal(ctx, relation, step.traversal, ordered);
    case 'constrain':
      return constrain(ctx, relation, step);
    case 'filter':
      return applyFilters(ctx, relation, step.filters);
    case 'anti-join':
      return antiJoin(ctx, relation, step, executeMatch);
    case 'anti-join-edge':
      return withoutEdges(ctx, relation, step.traversal);
    default:
      return assertNever(step, 'match step');
  }
}

/**
 * Binds a start variable to every entity of its type passing its constraints (in id order with
 * `ordered`), crossed with `relation`.
 */
async function bindStart(
  ctx: ExecContext,
  relation: Relation,
  step: ScanStep,
  ordered: boolean,
): Promise<Relation> {
  const pool = ctx.nodePool(step.nodeType);
  const filters = step.filters.map(({ filter }) => filter);
  const [first, ...others] = step.searches;
  if (first === undefined) {
    const filter = filters.length > 0 ? where.and(...filters) : undefined;
    return crossWith(
      ctx,
      relation,
      { name: step.variable, pool },
      await pool.scan(filter, ordered),
    );
  }
  // A text predicate is usually more selective than a scan: start from its matches.
  let slots: readonly number[] = [...(await textMatches(ctx, first))].map((id) => pool.slot(id));
  if (filters.length > 0) slots = await pool.filter(slots, where.and(...filters));
  slots = await keepMatching(ctx, pool, slots, others);
  return crossWith(
    ctx,
    relation,
    { name: step.variable, pool },
    ordered ? slotsById(slots, pool) : slots,
  );
}

/** Every row of `relation` paired with every slot of a new variable (within `ctx.maxRows`). */
function crossWith(
  ctx: ExecContext,
  relation: Relation,
  variable: RelationVar,
  slots: readonly number[],
): Relation {
  const size = relation.size * slots.length;
  checkQueryRows(size, ctx.maxRows);
  // From one row (a match's start) the new column is `slots` itself.
  if (relation.size === 1) return relation.extendOne(variable, slots);
  // Sized up front and filled by index: pushing a million rows costs several times more.
  const rows = new Array<number>(size);
  const column = new Array<number>(size);
  let at = 0;
  for (let row = 0; row < relation.size; row += 1) {
    for (const slot of slots) {
      rows[at] = row;
      column[at] = slot;
      at += 1;
    }
  }
  return relation.extend(rows, variable, column);
}

/**
 * Applies the pushed filters and text predicates of a bound variable: those on the id or a value
 * derived from it in memory, the others in one Lance lookup of the distinct entities.
 */
async function constrain(
  ctx: ExecContext,
  relation: Relation,
  step: ConstrainStep,
): Promise<Relation> {
  const name = step.variable;
  const { pool } = relation.variable(name);
  let current = relation;
  if (step.inMemory.length > 0) {
    const scope = new RowScope(current, ctx.operands);
    const rows: number[] = [];
    for (let row = 0; row < current.size; row += 1) {
      if (step.inMemory.every((filter) => scope.passes(filter, row))) rows.push(row);
    }
    current = current.pick(rows);
  }
  if (step.lance.length === 0 && step.searches.length === 0) return current;
  let passing = current.distinctSlots(name);
  if (step.lance.length > 0)
    passing = await pool.filter(passing, where.and(...step.lance.map(({ filter }) => filter)));
  passing = await keepMatching(ctx, pool, passing, step.searches);
  const keep = new Set(passing);
  const slots = current.slots(name);
  const rows: number[] = [];
  for (let row = 0; row < current.size; row += 1) if (keep.has(slots[row] ?? -1)) rows.push(row);
  return rows.length === current.size ? current : current.pick(rows);
}

async function keepMatching(
  ctx: ExecContext,
  pool: { id(slot: number): string },
  slots: readonly number[],
  searches: readonly TextSearchIR[],
): Promise<readonly number[]> {
  let kept = slots;
  for (const search of searches) {
    const matches = await textMatches(ctx, search);
    kept = kept.filter((slot) => matches.has(pool.id(slot)));
  }
  return kept;
}

/** Evaluates filters in memory on the rows of `relation` (their variables are all bound). */
async function applyFilters(
  ctx: ExecContext,
  relation: Relation,
  filters: readonly FilterIR[],
): Promise<Relation> {
  await loadRead(relation, filters);
  const search = await searchValuesFor(
    ctx,
    relation,
    filters.flatMap((filter) => [filter.left, filter.right]),
  );
  const scope = new RowScope(relation, ctx.operands, search);
  const rows: number[] = [];
  for (let row = 0; row < relation.size; row += 1) {
    if (filters.every((filter) => scope.passes(filter, row))) rows.push(row);
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
