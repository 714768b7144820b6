import type { EdgeType, NodeType } from '../../compiler/catalog/catalog.js';

/**
 * The Lance dataset name of a type: its kind and stable id, so a renamed type keeps its data
 * and a type dropped and added again gets a new table.
 */
export function tableNameFor(type: NodeType | EdgeType): string {
  return `${type.kind}_${type.id}`;
}
