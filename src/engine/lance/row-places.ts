import type { Table } from 'apache-arrow';

/** Where each row of an Arrow result is, by position across its batches. */
export interface RowPlaces {
  /** The index of the row's batch. */
  readonly batch: Int32Array;
  /** The row's slot in its batch. */
  readonly slot: Int32Array;
}

/**
 * The batch and slot of each row of `table`, for callers that reach rows by position: a load's
 * window holds a batch per 128 KiB of input, so walking the batches for each row would cost
 * one step per batch before it.
 */
export function rowPlaces(table: Table): RowPlaces {
  const batch = new Int32Array(table.numRows);
  const slot = new Int32Array(table.numRows);
  let position = 0;
  table.batches.forEach((recordBatch, index) => {
    for (let at = 0; at < recordBatch.numRows; at += 1, position += 1) {
      batch[position] = index;
      slot[position] = at;
    }
  });
  return { batch, slot };
}
