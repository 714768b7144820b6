import type { EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import { typeKey } from '../../compiler/catalog/catalog-lookup.js';
import type { ConstraintViolation, TableChanges } from './change-set.js';
import { violationOf, type ChangeContext } from './change-context.js';
import { rowsWhereIn } from './change-lookups.js';
import { settleAll } from '../../util/settle-all.js';

const SIDES = [
  { side: 'from', column: 'src' },
  { side: 'to', column: 'dst' },
] as const;

/** Of `ids`, those that are nodes of `node` once the change applies. */
async function existingAfter(
  context: ChangeContext,
  node: NodeType,
  ids: ReadonlySet<string>,
): Promise<ReadonlySet<string>> {
  const changes = context.of(typeKey(node));
  const present = new Set<string>();
  const unresolved: string[] = [];
  for (const id of ids) {
    if (changes.upserts.has(id)) present.add(id);
    else if (!changes.deletes.has(id)) unresolved.push(id);
  }
  const inBase = await context.base.lookups().existingIds(typeKey(node), unresolved);
  for (const id of inBase) present.add(id);
  return present;
}

/**
 * Upserted edges whose `src` or `dst` is not a node of the endpoint type afterwards. The
 * endpoints are looked up once per node type, both types at once: a self-edge's two ends are
 * one lookup (without an index on `id`, each reads every id of the table).
 */
async function danglingUpserts(
  context: ChangeContext,
  edge: EdgeType,
  upserts: ReadonlyMap<string, Readonly<Record<string, unknown>>>,
): Promise<ConstraintViolation[]> {
  const sides = SIDES.map(({ side, column }) => ({
    column,
    node: context.endpointType(edge, side),
  }));
  const wanted = new Map<string, { node: NodeType; ids: Set<string> }>();
  for (const { column, node } of sides) {
    const entry = wanted.get(typeKey(node)) ?? { node, ids: new Set<string>() };
    for (const row of upserts.values()) entry.ids.add(String(row[column]));
    wanted.set(typeKey(node), entry);
  }
  const keys = [...wanted.keys()];
  const present = await settleAll(
    [...wanted.values()].map(({ node, ids }) => existingAfter(context, node, ids)),
  );
  const presentIn = new Map(keys.map((key, index) => [key, present[index]]));
  const found: ConstraintViolation[] = [];
  for (const { column, node } of sides) {
    const nodes = presentIn.get(typeKey(node));
    for (const [id, row] of upserts) {
      const endpoint = String(row[column]);
      if (nodes?.has(endpoint) === true) continue;
      const message = `edge ${edge.name}: ${column} '${endpoint}' not found in ${node.name}`;
      found.push(violationOf('orphan_edge', edge, id, message));
    }
  }
  return found;
}

/**
 * Base edges the change keeps that point at a node it deletes; the edges of nodes deleted with
 * their edges (`TableChanges.cascaded`) are not read again.
 */
async function edgesOfDeletedNodes(
  context: ChangeContext,
  node: NodeType,
  changes: TableChanges,
): Promise<ConstraintViolation[]> {
  const deleted = [...changes.deletes].filter((id) => changes.cascaded?.has(id) !== true);
  const found: ConstraintViolation[] = [];
  if (deleted.length === 0) return found;
  for (const { key, type: edge } of context.incidentEdges(node)) {
    const edgeChanges = context.of(key);
    const seen = new Set<string>();
    for (const { side, column } of SIDES) {
      if ((side === 'from' ? edge.from : edge.to) !== node.name) continue;
      const rows = await rowsWhereIn(context.base, key, column, deleted, ['id', 'src', 'dst']);
      for (const row of rows) {
        const id = String(row.id);
        // A replaced edge is checked by its new row; a deleted one is gone.
        if (edgeChanges.deletes.has(id) || edgeChanges.upserts.has(id) || seen.has(id)) continue;
        seen.add(id);
        const endpoint = String(row[column]);
        const message = `edge ${edge.name} '${id}' (${String(row.src)} -> ${String(row.dst)}) would point at deleted ${node.name} '${endpoint}'`;
        found.push(violationOf('orphan_edge', edge, id, message));
      }
    }
  }
  return found;
}

/**
 * Referential integrity of the result: every upserted edge's endpoints exist, and no kept edge
 * points at a deleted node.
 */
export async function orphanViolations(context: ChangeContext): Promise<ConstraintViolation[]> {
  const found: ConstraintViolation[] = [];
  for (const { type, changes } of context.changedTables()) {
    if (type.kind === 'edge' && changes.upserts.size > 0)
      found.push(...(await danglingUpserts(context, type, changes.upserts)));
    if (type.kind === 'node' && changes.deletes.size > 0)
      found.push(...(await edgesOfDeletedNodes(context, type, changes)));
  }
  return found;
}
