import type { TraversalIR } from '../../../compiler/ir/match-ir.js';
import { compareStrings } from '../../values/index.js';
import { checkQueryRows } from '../query-rows.js';
import type { ExecContext } from './exec-context.js';
import type { Relation } from './relation.js';
import { hopSpecOf, type EdgeStep } from '../traversal/hop-spec.js';
import { slotsById } from './slots-by-id.js';

/**
 * Applies a traversal to a relation that binds at least one of its endpoints: binds the other
 * endpoint (an expansion), or keeps the rows whose endpoints are connected (a check). With an
 * edge variable there is one row per matching edge, parallel edges distinct; without one, each
 * reached node once per source. With `ordered`, each row's new bindings come in id order (the
 * node's, then the edge's), as a stream in result order needs. More rows than `ctx.maxRows` is a
 * `resource_limit` error, raised before the row that passes it is built.
 */
export async function applyTraversal(
  ctx: ExecContext,
  relation: Relation,
  traversal: TraversalIR,
  ordered = false,
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
    const sorted = new Map<number, readonly number[]>();
    const targetsOf = (source: number): readonly number[] => {
      const targets = reach.get(source) ?? [];
      if (!ordered) return targets;
      let inOrder = sorted.get(source);
      if (inOrder === undefined) sorted.set(source, (inOrder = slotsById(targets, otherPool)));
      return inOrder;
    };
    const rows: number[] = [];
    const slots: number[] = [];
    for (let row = 0; row < relation.size; row += 1) {
      const targets = targetsOf(boundSlots[row] ?? -1);
      checkQueryRows(rows.length + targets.length, ctx.maxRows);
      for (const target of targets) {
        rows.push(row);
        slots.push(target);
      }
    }
    return relation.extend(rows, { name: other, pool: otherPool }, slots);
  }

  const sourceIds = [...new Set(boundSlots)].map((slot) => boundPool.id(slot));
  const steps = await ctx.planner.steps(table, sourceIds, spec.direction);
  const sorted = new Map<string, readonly EdgeStep[]>();
  const stepsOf = (source: string): readonly EdgeStep[] => {
    const found = steps.get(source) ?? [];
    if (!ordered) return found;
    let inOrder = sorted.get(source);
    if (inOrder === undefined) sorted.set(source, (inOrder = [...found].sort(compareSteps)));
    return inOrder;
  };
  const edgePool = ctx.edgePool(traversal.edgeType);
  const rows: number[] = [];
  const edgeSlots: number[] = [];
  const nodeSlots: number[] = [];
  for (let row = 0; row < relation.size; row += 1) {
    const source = boundPool.id(boundSlots[row] ?? -1);
    const wanted = otherSlots === undefined ? undefined : otherPool.id(otherSlots[row] ?? -1);
    const found = stepsOf(source);
    checkQueryRows(rows.length + found.length, ctx.maxRows);
    for (const step of found) {
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

/** Edges by the id of the node they lead to, then by their own id. */
function compareSteps(a: EdgeStep, b: EdgeStep): number {
  return compareStrings(a.neighbor, b.neighbor) || compareStrings(a.edgeId, b.edgeId);
}
