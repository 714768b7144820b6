import type {
  ChangeImageOutput,
  ChangeOp,
  EntityChangeOutput,
} from '../../api/commit-changes-output.js';
import type { EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import { compareStrings, cellJson, parseStrictJson } from '../values/index.js';
import type { Row } from '../lance/index.js';

const OP_RANK: Readonly<Record<ChangeOp, number>> = { insert: 0, update: 1, delete: 2 };

/** The opaque type id of a change: the stable catalog id, fixed-width so it sorts as text. */
export function changeTypeId(type: NodeType | EdgeType): string {
  return type.id.toString(16).padStart(16, '0');
}

/** A row as a change image of its type. */
export function changeImage(type: NodeType | EdgeType, row: Row): ChangeImageOutput {
  const properties: Record<string, unknown> = {};
  for (const column of type.columns) {
    if (column.propertyId === null) continue;
    // Strict JSON keeps an I64/U64 beyond 2^53 exact (a bigint), as reads return it.
    properties[column.name] = parseStrictJson(cellJson(column.type, row[column.name] ?? null));
  }
  if (type.kind === 'node') return { properties };
  return { properties, endpoints: { from: String(row.src), to: String(row.dst) } };
}

/**
 * Block order (docs/guide/branches-and-merge.md): nodes, then edges; then type id, entity id,
 * op.
 */
export function compareChanges(a: EntityChangeOutput, b: EntityChangeOutput): number {
  if (a.kind !== b.kind) return a.kind === 'node' ? -1 : 1;
  return (
    compareStrings(a.type.id, b.type.id) ||
    compareStrings(a.id, b.id) ||
    OP_RANK[a.op] - OP_RANK[b.op]
  );
}
