import type { EdgeType, NodeType } from '../../../compiler/catalog/catalog.js';

/**
 * The columns of a type's table that its schema gives a scalar (BTREE) index: `id`, endpoints,
 * keys and `@index` properties. A Lance filter on these alone reads the rows it passes; a filter
 * on any other column reads that column of every row.
 */
export function scalarIndexedColumns(type: NodeType | EdgeType): ReadonlySet<string> {
  return new Set(
    type.columns.filter((column) => column.indexes.includes('btree')).map((column) => column.name),
  );
}
