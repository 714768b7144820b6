import type { Cell } from '../../lance/index.js';
import type { TableImage } from './table-image.js';
import { idRanksOf, inverseOf } from './id-ranks.js';
import { everyRow } from './slot-set.js';

/**
 * An image of a few rows of a table version (`ids` and the cells of `columns`, row by row), made
 * for one read and never cached: what it derives is computed on each call.
 */
export function smallImage(
  ids: readonly string[],
  columns: ReadonlyMap<string, readonly Cell[]>,
): TableImage {
  const rows = new Map(ids.map((id, row) => [id, row]));
  const image: TableImage = {
    length: ids.length,
    ids,
    rowOf: (id) => rows.get(id),
    column: (name) => columns.get(name),
    idRanks: () => idRanksOf(ids),
    rowsInIdOrder: () => inverseOf(image.idRanks()),
    allRows: () => everyRow(ids.length),
    derivedColumn: (_name, derive) => ids.map(derive),
  };
  return image;
}
