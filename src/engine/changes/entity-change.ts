import type { EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import { compareStrings } from '../query/cell-order.js';
import type { Row } from '../lance/row.js';
import { cellJson } from '../values/json-text.js';

/** What happened to an entity. */
export type ChangeOp = 'insert' | 'update' | 'delete';

/** The state of an entity on one side of a change (`ChangeImageOutput`). */
export interface ChangeImage {
  /** Every declared property, nulls included, as JSON values. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** Edges only. */
  readonly endpoints?: { readonly from: string; readonly to: string };
}

/**
 * One entity change (`EntityChangeOutput`): an insert has only `after`, a delete only
 * `before`, an update both.
 */
export interface EntityChange {
  readonly kind: 'node' | 'edge';
  /** `id` is opaque: it survives renames and changes when a type is dropped and added again. */
  readonly type: { readonly id: string; readonly name: string };
  readonly id: string;
  readonly op: ChangeOp;
  readonly before: ChangeImage | null;
  readonly after: ChangeImage | null;
}

const OP_RANK: Readonly<Record<ChangeOp, number>> = { insert: 0, update: 1, delete: 2 };

/** The opaque type id of a change: the stable catalog id, fixed-width so it sorts as text. */
export function changeTypeId(type: NodeType | EdgeType): string {
  return type.id.toString(16).padStart(16, '0');
}

/** A row as a change image of its type. */
export function changeImage(type: NodeType | EdgeType, row: Row): ChangeImage {
  const properties: Record<string, unknown> = {};
  for (const column of type.columns) {
    if (column.propertyId === null) continue;
    properties[column.name] = JSON.parse(cellJson(column.type, row[column.name] ?? null));
  }
  if (type.kind === 'node') return { properties };
  return { properties, endpoints: { from: String(row.src), to: String(row.dst) } };
}

/** Block order (engine.md §7): nodes, then edges; then type id, entity id, op. */
export function compareChanges(a: EntityChange, b: EntityChange): number {
  if (a.kind !== b.kind) return a.kind === 'node' ? -1 : 1;
  return (
    compareStrings(a.type.id, b.type.id) ||
    compareStrings(a.id, b.id) ||
    OP_RANK[a.op] - OP_RANK[b.op]
  );
}
