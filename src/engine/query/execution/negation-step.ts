import type { TraversalIR } from '../../../compiler/ir/match-ir.js';
import type { ExecContext } from './exec-context.js';
import type { AntiJoinStep, MatchPlan } from '../plan/match-plan.js';
import { slotSet } from './slot-set.js';
import { Relation } from './relation.js';
import { hopSpecOf } from '../traversal/hop-spec.js';

/** Runs a match plan on a seed relation (the executor, passed in to keep modules acyclic). */
export type MatchRunner = (ctx: ExecContext, plan: MatchPlan, seed: Relation) => Promise<Relation>;

/**
 * `not { … }`: keeps the rows for which the block has no match. The block's plan runs once,
 * seeded with the distinct bindings of the outer variables it reads.
 */
export async function antiJoin(
  ctx: ExecContext,
  relation: Relation,
  step: AntiJoinStep,
  runMatch: MatchRunner,
): Promise<Relation> {
  const outer = step.seed.map((name) => relation.variable(name));
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
  const matched = await runMatch(ctx, step.plan, seed);
  const matchedColumns = outer.map((v) => matched.slots(v.name));
  const found = new Set<string>();
  for (let row = 0; row < matched.size; row += 1) found.add(keyOf(matchedColumns, row));
  const keep: number[] = [];
  for (let row = 0; row < relation.size; row += 1) {
    if (!found.has(keyOf(outerColumns, row))) keep.push(row);
  }
  return relation.pick(keep);
}

/** The rows whose bound endpoint of `traversal` reaches nothing (an anti-join on existence). */
export async function withoutEdges(
  ctx: ExecContext,
  relation: Relation,
  traversal: TraversalIR,
): Promise<Relation> {
  const fromSource = relation.has(traversal.source);
  const bound = fromSource ? traversal.source : traversal.target;
  const { pool } = relation.variable(bound);
  const slots = relation.slots(bound);
  const distinct = relation.distinctSlots(bound);
  const table = await ctx.edgeTable(traversal, fromSource);
  const ids = pool.imageIds(distinct) ?? distinct.map((slot) => pool.id(slot));
  const spec = hopSpecOf(traversal, fromSource);
  // Each row holds a slot of its own (a whole table, say): the unreached positions are the rows.
  if (distinct === slots) return relation.pick(await ctx.planner.unreached(table, ids, spec));
  const counts = await ctx.planner.reachCounts(table, ids, spec);
  const slotBound = distinct.reduce((max, slot) => Math.max(max, slot), -1) + 1;
  const connected = slotSet(slotBound, distinct.length);
  distinct.forEach((slot, index) => {
    if ((counts[index] ?? 0) > 0) connected.add(slot);
  });
  const keep: number[] = [];
  for (let row = 0; row < relation.size; row += 1)
    if (!connected.has(slots[row] ?? -1)) keep.push(row);
  return relation.pick(keep);
}
