import { where, type Row } from '../lance/index.js';
import { type Snapshot, CHUNK, chunks } from '../snapshot/index.js';

/**
 * The ids of `ids` the base holds in a table: checked against the ids the read caches hold
 * when they do (see `Snapshot.lookups`), so that ids new to the graph cost no table read.
 */
export async function heldIds(
  base: Snapshot,
  tableKey: string,
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0 || base.entry(tableKey).rowCount === 0) return [];
  const held = await base.lookups().existingIds(tableKey, ids);
  return ids.filter((id) => held.has(id));
}

/**
 * The base rows of a table whose `column` is one of `values` (an `id`, `src` or `dst` lookup),
 * read in bounded IN-list chunks with only `columns`.
 */
export async function rowsWhereIn(
  base: Snapshot,
  tableKey: string,
  column: string,
  values: readonly string[],
  columns: readonly string[],
): Promise<Row[]> {
  if (values.length === 0) return [];
  const reader = await base.reader(tableKey);
  const rows: Row[] = [];
  for (const chunk of chunks(values, CHUNK)) {
    rows.push(...(await reader.scan({ filter: where.in(column, chunk), columns })));
  }
  return rows;
}
