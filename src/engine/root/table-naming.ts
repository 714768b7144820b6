import type { EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import { newUlid } from '../../util/ulid.js';

/**
 * The Lance dataset name of a type: its kind and stable id, so a renamed type keeps its data
 * and a type dropped and added again gets a new table.
 */
export function tableNameFor(type: NodeType | EdgeType): string {
  return `${type.kind}_${type.id}`;
}

/**
 * A new Lance dataset name for a type whose table a write replaces (a large load: see
 * docs/reference/ndjson.md): the type's table name and a fresh ULID, so it names no other
 * table, ever.
 */
export function replacementTableNameFor(type: NodeType | EdgeType): string {
  return `${tableNameFor(type)}.${newUlid().toLowerCase()}`;
}
