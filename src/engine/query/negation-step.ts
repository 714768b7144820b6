import type { MatchIR, NegationIR, TraversalIR } from '../../compiler/ir/match-ir.js';
import type { ExecContext } from './exec-context.js';
import { matchVariables } from './expr-walk.js';
import { Relation } from './relation.js';
import { hopSpecOf } from './traversal/hop-spec.js';

/** Runs a match block on a seed relation (the executor, passed in to keep modules acyclic). */
export type MatchRunner = (ctx: ExecContext, match: MatchIR, seed: Relation) => Promise<Relation>;

/**
 * `not { … }`: keeps the rows for which the block has no match. The block runs once, seeded with
 * the distinct bindings of the outer variables it reads.
 */
export async function antiJoin(
  ctx: ExecContext,
  relation: Relation,
  negation: NegationIR,
  runMatch: MatchRunner,
): Promise<Relation> {
  const existence = existenceTraversal(negation.match, relation);
  if (existence !== undefined) return withoutEdges(ctx, relation, existence);
  const inner = matchVariables(negation.match);
  const outer = relation.vars.filter((v) => inner.has(v.name));
  const keyOf = (columns: readonly (readonly number[])[], row: number): string =>
    columns.map((column) => column[row]).join(',');
  const outerColumns = outer.map((v) => relation.slots(v.name));
  const seedRows: number[] = [];
  const seen = new Set<string>();
  for (let row = 0; row < relation.size; row += 1) {
    const key = keyOf(outerColumns, row);
    if (!seen.has(key)) {
      seen.add(key);
      seedRows.push(row);
    }
  }
  const seed = new Relation(
    outer,
    outerColumns.map((column) => seedRows.map((row) => column[row] ?? -1)),
    seedRows.length,
  );
  const matched = await runMatch(ctx, negation.match, seed);
  const matchedColumns = outer.map((v) => matched.slots(v.name));
  const found = new Set<string>();
  for (let row = 0; row < matched.size; row += 1) found.add(keyOf(matchedColumns, row));
  const keep: number[] = [];
  for (let row = 0; row < relation.size; row += 1) {
    if (!found.has(keyOf(outerColumns, row))) keep.push(row);
  }
  return relation.pick(keep);
}

/**
 * The traversal of a `not { }` block that only asks whether a bound variable has an edge: the
 * block is that one traversal, from a bound variable to a fresh one that nothing else mentions.
 */
function existenceTraversal(match: MatchIR, relation: Relation): TraversalIR | undefined {
  const [traversal, ...others] = match.traversals;
  if (traversal === undefined || others.length > 0 || traversal.edgeVariable !== undefined)
    return undefined;
  if (match.filters.length > 0 || match.searches.length > 0 || match.negations.length > 0)
    return undefined;
  const sourceBound = relation.has(traversal.source);
  const free = sourceBound ? traversal.target : traversal.source;
  if (sourceBound === relation.has(traversal.target)) return undefined;
  const [binding, ...more] = match.bindings;
  if (binding?.variable !== free || more.length > 0 || binding.filters.length > 0) return undefined;
  return traversal;
}

/** The rows whose bound endpoint of `traversal` reaches nothing (an anti-join on existence). */
async function withoutEdges(
  ctx: ExecContext,
  relation: Relation,
  traversal: TraversalIR,
): Promise<Relation> {
  const fromSource = relation.has(traversal.source);
  const bound = fromSource ? traversal.source : traversal.target;
  const { pool } = relation.variable(bound);
  const slots = relation.slots(bound);
  const distinct = relation.distinctSlots(bound);
  const table = await ctx.edgeTable(
    traversal.edgeType,
    fromSource ? traversal.sourceType : traversal.targetType,
  );
  const counts = await ctx.planner.reachCounts(
    table,
    pool.imageIds(distinct) ?? distinct.map((slot) => pool.id(slot)),
    hopSpecOf(traversal, fromSource),
  );
  const connected = new Uint8Array(distinct.reduce((max, slot) => Math.max(max, slot), -1) + 1);
  distinct.forEach((slot, index) => {
    if ((counts[index] ?? 0) > 0) connected[slot] = 1;
  });
  const keep: number[] = [];
  for (let row = 0; row < relation.size; row += 1)
    if (connected[slots[row] ?? -1] !== 1) keep.push(row);
  return relation.pick(keep);
}
