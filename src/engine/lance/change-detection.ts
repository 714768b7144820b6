import { OmniError } from '../../util/omni-error.js';
import { ID_COLUMN } from './column-spec.js';
import { where } from './filter.js';
import type { Row } from './row.js';
import type { TableReader } from './table-reader.js';
import { validateVersion } from './table-pin.js';

const CREATED_AT = '_row_created_at_version';
const UPDATED_AT = '_row_last_updated_at_version';

/** A row that was written after a given version. */
export interface RowChange {
  /** `inserted` when the row was created after the version, else `updated`. */
  readonly kind: 'inserted' | 'updated';
  /** The row's table columns at the reader's version. */
  readonly row: Row;
  /** Version that created the row (its id's current incarnation). */
  readonly createdAt: number;
  /** Version that last wrote the row. */
  readonly updatedAt: number;
}

/**
 * Rows of `reader` written after `sinceVersion` (typically the fork version of a branch), from
 * Lance's row-version metadata. Correct only on tables with stable row ids, which this layer
 * always creates; without them Lance reports every row as written at version 1. Deleted rows
 * are not reported: compare {@link idsAt} of the two versions for those.
 */
export async function rowsChangedSince(
  reader: TableReader,
  sinceVersion: number,
): Promise<RowChange[]> {
  validateVersion(sinceVersion);
  if (sinceVersion > reader.pin.version) {
    throw new OmniError(
      'bad_request',
      `version ${sinceVersion} is after the reader's version ${reader.pin.version}`,
      { details: { table: reader.name, ...reader.pin, since: sinceVersion } },
    );
  }
  const columns = reader.columns.map((column) => column.name);
  const rows = await reader.scan({
    filter: where.gt(UPDATED_AT, BigInt(sinceVersion)),
    columns: [...columns, CREATED_AT, UPDATED_AT],
  });
  return rows.map((full) => {
    const row: Record<string, Row[string]> = {};
    for (const column of columns) row[column] = full[column] ?? null;
    const createdAt = Number(full[CREATED_AT]);
    return {
      kind: createdAt > sinceVersion ? 'inserted' : 'updated',
      row,
      createdAt,
      updatedAt: Number(full[UPDATED_AT]),
    };
  });
}

/** Every id present at the reader's version. */
export async function idsAt(reader: TableReader): Promise<Set<string>> {
  const rows = await reader.scan({ columns: [ID_COLUMN] });
  return new Set(rows.map((row) => row[ID_COLUMN] as string));
}

/** Ids present at `base` but gone at `head`: the rows deleted between the two versions. */
export async function idsDeletedBetween(base: TableReader, head: TableReader): Promise<string[]> {
  const [before, after] = await Promise.all([idsAt(base), idsAt(head)]);
  return [...before].filter((id) => !after.has(id)).sort();
}
