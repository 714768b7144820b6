import type { EdgeType } from '../../compiler/catalog/catalog.js';
import { typeKey } from '../../compiler/catalog/catalog-lookup.js';
import type { ConstraintViolation, TableChanges } from './change-set.js';
import { violationOf, type ChangeContext } from './change-context.js';
import { heldIds, rowsWhereIn } from './change-lookups.js';

/**
 * The sources whose out-degree the change may move: sources of upserted edges, the base
 * sources of deleted or replaced edges, and (when a minimum applies) upserted source nodes.
 * Sources the change deletes are gone, not counted.
 */
async function affectedSources(
  context: ChangeContext,
  key: string,
  edge: EdgeType,
  changes: TableChanges,
): Promise<string[]> {
  const sources = new Set<string>();
  for (const row of changes.upserts.values()) sources.add(String(row.src));
  // An upsert under an id the base does not hold (generated) replaces no base edge.
  const replacing = [...changes.upserts.keys()].filter((id) => changes.absent?.has(id) !== true);
  const touched = [...changes.deletes, ...replacing];
  for (const row of await rowsWhereIn(context.base, key, 'id', touched, ['src']))
    sources.add(String(row.src));
  const fromChanges = context.of(typeKey(context.endpointType(edge, 'from')));
  if (edge.cardinality.min > 0) for (const id of fromChanges.upserts.keys()) sources.add(id);
  return [...sources].filter((id) => !fromChanges.deletes.has(id)).sort();
}

async function edgeTypeViolations(
  context: ChangeContext,
  key: string,
  edge: EdgeType,
): Promise<ConstraintViolation[]> {
  const changes = context.of(key);
  const sources = await affectedSources(context, key, edge, changes);
  if (sources.length === 0) return [];
  const replaced = new Set([...changes.deletes, ...changes.upserts.keys()]);
  // A source node the base does not hold has no edge there: every edge's endpoints exist.
  const held = await heldIds(context.base, typeKey(context.endpointType(edge, 'from')), sources);
  const kept =
    held.length === 0
      ? new Map<string, number>()
      : await context.base.lookups().outDegrees(key, held, replaced);
  const added = new Map<string, number>();
  for (const row of changes.upserts.values()) {
    const src = String(row.src);
    added.set(src, (added.get(src) ?? 0) + 1);
  }
  const { min, max } = edge.cardinality;
  const found: ConstraintViolation[] = [];
  for (const source of sources) {
    const total = (kept.get(source) ?? 0) + (added.get(source) ?? 0);
    const bound = max !== null && total > max ? `max ${max}` : total < min ? `min ${min}` : null;
    if (bound === null) continue;
    const message = `@card violation on edge ${edge.name}: source '${source}' has ${total} edges (${bound})`;
    found.push(violationOf('cardinality_violation', edge, source, message));
  }
  return found;
}

/** `@card(min..max)` per source of every edge type whose counts the change may move. */
export async function cardinalityViolations(
  context: ChangeContext,
): Promise<ConstraintViolation[]> {
  const found: ConstraintViolation[] = [];
  for (const edge of context.base.catalog.edgeTypes) {
    const { min, max } = edge.cardinality;
    if (min === 0 && max === null) continue;
    const key = typeKey(edge);
    const fromKey = typeKey(context.endpointType(edge, 'from'));
    const relevant = context.changes.has(key) || (min > 0 && context.of(fromKey).upserts.size > 0);
    if (relevant) found.push(...(await edgeTypeViolations(context, key, edge)));
  }
  return found;
}
