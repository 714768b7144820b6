import type { TraversalIR } from '../../../compiler/ir/match-ir.js';
import type { ExecContext } from './exec-context.js';
import type { Relation } from './relation.js';
import { hopSpecOf } from '../traversal/hop-spec.js';

/**
 * Applies a traversal to a relation that binds at least one of its endpoints: binds the other
 * endpoint (an expansion), or keeps the rows whose endpoints are connected (a check). With an
 * edge variable there is one row per matching edge, parallel edges distinct; without one, each
 * reached node once per source.
 */
export async function applyTraversal(
  ctx: ExecContext,
  relation: Relation,
  traversal: TraversalIR,
): Promise<Relation> {
  const fromSource = relation.has(traversal.source);
  const bound = fromSource ? traversal.source : traversal.target;
  const other = fromSource ? traversal.target : traversal.source;
  const spec = hopSpecOf(traversal, fromSource);
  const boundPool = relation.variable(bound).pool;
  const boundSlots = relation.slots(bound);
  const table = await ctx.edgeTable(traversal, fromSource);
  const otherPool = ctx.nodePool(fromSource ? traversal.targetType : traversal.sourceType);
  const otherSlots = relation.has(other) ? relation.slots(other) : undefined;

  if (traversal.edgeVariable === undefined) {
    const reach = await ctx.planner.reachSlots(table, boundSlots, boundPool, spec, otherPool);
    if (otherSlots !== undefined) {
      const sets = new Map<number, Set<number>>();
      const keep: number[] = [];
      for (let row = 0; row < relation.size; row += 1) {
        const source = boundSlots[row] ?? -1;
        let set = sets.get(source);
        if (set === undefined) sets.set(source, (set = new Set(reach.get(source) ?? [])));
        if (set.has(otherSlots[row] ?? -1)) keep.push(row);
      }
      return relation.pick(keep);
    }
    const rows: number[] = [];
    const slots: number[] = [];
    for (let row = 0; row < relation.size; row += 1) {
      for (const target of reach.get(boundSlots[row] ?? -1) ?? []) {
        rows.push(row);
        slots.push(target);
      }
    }
    return relation.extend(rows, { name: other, pool: otherPool }, slots);
  }

  const sourceIds = [...new Set(boundSlots)].map((slot) => boundPool.id(slot));
  const steps = await ctx.planner.steps(table, sourceIds, spec.direction);
  const edgePool = ctx.edgePool(traversal.edgeType);
  const rows: number[] = [];
  const edgeSlots: number[] = [];
  const nodeSlots: number[] = [];
  for (let row = 0; row < relation.size; row += 1) {
    const source = boundPool.id(boundSlots[row] ?? -1);
    const wanted = otherSlots === undefined ? undefined : otherPool.id(otherSlots[row] ?? -1);
    for (const step of steps.get(source) ?? []) {
      if (wanted !== undefined && step.neighbor !== wanted) continue;
      rows.push(row);
      edgeSlots.push(edgePool.slot(step.edgeId));
      if (wanted === undefined) nodeSlots.push(otherPool.slot(step.neighbor));
    }
  }
  const withEdge = relation.extend(
    rows,
    { name: traversal.edgeVariable, pool: edgePool },
    edgeSlots,
  );
  if (otherSlots !== undefined) return withEdge;
  const identity = rows.map((_, index) => index);
  return withEdge.extend(identity, { name: other, pool: otherPool }, nodeSlots);
}
