import { IdTable } from '../../util/id-table.js';
import { OmniError } from '../../util/omni-error.js';
import {
  eachUtf8,
  ROW_ID_COLUMN,
  uint64Chunks,
  utf8Chunks,
  type TableReader,
} from '../lance/index.js';

/**
 * The ids a table version holds, each with its stable row id: read once, in one scan of the id
 * column, then probed in memory. A lookup of thousands of ids in a table without an index on
 * `id` is an IN-list scan of the whole table per thousand; a merge load asks that per window of
 * rows, so merging 1M stored rows into a 1M-row table read the table's ids a thousand times.
 * Held by one `SnapshotLookups` (one load): some tens of bytes per row (see `IdTable`).
 */
export class StoredIds {
  readonly #rowIds: IdTable;

  private constructor(rowIds: IdTable) {
    this.#rowIds = rowIds;
  }

  /**
   * Reads the ids and row ids of the version `reader` is at, straight from Lance's buffers: no
   * array of a million strings and row ids is made to be thrown away.
   */
  static async read(reader: TableReader): Promise<StoredIds> {
    const table = await reader.scanArrow({ columns: ['id', ROW_ID_COLUMN] });
    const ids = utf8Chunks(table, 'id');
    const rowIds = uint64Chunks(table, ROW_ID_COLUMN);
    if (ids === undefined || rowIds === undefined)
      throw new OmniError(
        'internal',
        `table ${reader.name} returned ids or row ids of another type`,
      );
    const index = new IdTable(table.numRows);
    eachUtf8(ids, (id, chunk, slot) => {
      index.put(id, rowIdNumber(rowIds[chunk]?.[slot], reader));
    });
    return new StoredIds(index);
  }

  /** Whether the version holds `id`. */
  has(id: string): boolean {
    return this.#rowIds.has(id);
  }

  /**
   * The stable row ids of those of `ids` the version holds, ascending (Lance's take order; a take
   * returns a row once however often its id is named).
   */
  rowIdsOf(ids: readonly string[]): bigint[] {
    const found: number[] = [];
    for (const id of ids) {
      const rowId = this.#rowIds.get(id);
      if (rowId !== undefined) found.push(rowId);
    }
    return found.sort((a, b) => a - b).map((rowId) => BigInt(rowId));
  }
}

/** A stable row id as a number: Lance numbers rows from 0, far below 2^53. */
function rowIdNumber(rowId: bigint | undefined, reader: TableReader): number {
  const number = rowId === undefined ? Number.NaN : Number(rowId);
  if (!Number.isSafeInteger(number))
    throw new OmniError('internal', `table ${reader.name} has a row id out of range: ${rowId}`);
  return number;
}
