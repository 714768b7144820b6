import type { ArrowType } from '../../compiler/catalog/catalog.js';
import { assertNever } from '../../util/assert-never.js';
import { OmniError } from '../../util/omni-error.js';
import {
  arrowRowEquality,
  eachUtf8,
  rowDecoder,
  utf8Chunks,
  type ArrowRows,
  type Cell,
  type ColumnSpec,
  type Row,
  type RowEquality,
} from '../lance/index.js';
import type { Snapshot, SnapshotLookups } from '../snapshot/index.js';
import { cellsEqual } from '../values/index.js';

/** The rows of a merge window that change a table, by position in the window. */
export interface ChangedRows {
  /** Rows whose id the base snapshot does not hold: appended. Ascending. */
  readonly added: readonly number[];
  /** Rows that differ from the stored row of their id in some column: merge-inserted. Ascending. */
  readonly modified: readonly number[];
}

/** How {@link changedRows} reads the stored rows. */
export interface ChangedRowsOptions {
  /** Positions of rows whose id the load generated: added without a read. */
  readonly minted?: ReadonlySet<number>;
  /** The base's lookups, shared by a load's windows (a new one by default). */
  readonly lookups?: SnapshotLookups;
  /** Rows the load writes to the table in all (the window's by default). */
  readonly planned?: number | undefined;
}

/**
 * The rows of a merge window (Arrow, as the load encoded them) that change a table: rows whose
 * id the base snapshot does not hold, and rows that differ from the stored row in some column.
 * Lance's merge insert rewrites (and counts as updated) every matched row, identical or not, so
 * writing the identical ones would publish a commit that changes nothing; and it reads the table
 * to match ids, which the new rows do not need.
 *
 * Rows in `minted` carry an id the load generated (an entity with neither key nor `id`): no
 * table can hold it, so they are added without a read, which spares a lookup in a table that
 * may hold millions of rows. The other rows are read by id at the base snapshot through
 * `lookups` (a load passes the same ones for all its windows, with the rows it `planned` for the
 * table in all, so the ids of a table read whole for one window serve the next; from the read
 * caches when they hold the table, so a merge of new rows reads nothing): a merge load's records
 * hold each id of a table once (a later line supersedes an earlier one), so no earlier window of
 * the same load wrote them. An empty table is not read at all.
 *
 * Stored rows come a take (or a lookup) at a time, and each is compared with the window's row
 * of its id: a take's row in both Arrow results' buffers ({@link arrowRowEquality}), a decoded
 * one (or a take's row of a table with a column not read so) with the window's row decoded just
 * then. No row is made to outlive its comparison, where a window of rows held as objects while
 * the next rows were parsed outlived collections and piled up in the old generation (a merge of
 * a million stored rows peaked above 500 MB).
 */
export async function changedRows(
  base: Snapshot,
  tableKey: string,
  window: ArrowRows,
  options: ChangedRowsOptions = {},
): Promise<ChangedRows> {
  const minted = options.minted ?? new Set<number>();
  const all = Array.from({ length: window.numRows }, (_, position) => position);
  if (minted.size === window.numRows || base.entry(tableKey).rowCount === 0)
    return { added: all, modified: [] };
  const positions = new Map<string, number>();
  let next = 0;
  eachUtf8(utf8Chunks(window, 'id') ?? noIds(tableKey), (id) => {
    const position = next++;
    if (!minted.has(position)) positions.set(id, position);
  });
  const reader = await base.reader(tableKey);
  const rowAt = rowDecoder(window);
  const stored = new Uint8Array(window.numRows);
  const modified: number[] = [];
  /** Marks the window's row of stored id `id` as stored, and as modified unless `same`. */
  const compare = (id: string, same: (position: number) => boolean) => {
    const position = positions.get(id);
    if (position === undefined) return;
    stored[position] = 1;
    if (!same(position)) modified.push(position);
  };
  const lookups = options.lookups ?? base.lookups();
  const planned = options.planned ?? window.numRows;
  await lookups.eachStoredWithIds(tableKey, [...positions.keys()], planned, {
    rows(rows) {
      for (const old of rows)
        compare(String(old.id), (position) => sameStoredRow(reader.columns, old, rowAt(position)));
    },
    arrow(taken) {
      const same = takenRowEquality(reader.columns, taken, window, rowAt);
      let slot = 0;
      eachUtf8(utf8Chunks(taken, 'id') ?? noIds(tableKey), (id) => {
        const takenSlot = slot++;
        compare(id, (position) => same(takenSlot, position));
      });
    },
  });
  return {
    added: all.filter((position) => stored[position] === 0),
    modified: modified.sort((a, b) => a - b),
  };
}

/**
 * Whether a row of a take equals a row of the window: read from both results' buffers, or, for
 * a table with a column not read so, both rows decoded (the window's by `windowRowAt`).
 */
function takenRowEquality(
  columns: readonly ColumnSpec[],
  taken: ArrowRows,
  window: ArrowRows,
  windowRowAt: (position: number) => Row,
): RowEquality {
  const buffered = arrowRowEquality(columns, taken, window);
  if (buffered) return buffered;
  const storedAt = rowDecoder(taken);
  return (takenSlot, position) =>
    sameStoredRow(columns, storedAt(takenSlot), windowRowAt(position));
}

function noIds(tableKey: string): never {
  throw new OmniError('internal', `the rows of a merge into ${tableKey} have no ids`);
}

/**
 * True when writing `next` would store exactly `stored` again: every column of the table (a
 * column the row omits is written as null) holds the same value once stored.
 */
export function sameStoredRow(columns: readonly ColumnSpec[], stored: Row, next: Row): boolean {
  return columns.every((column) =>
    sameStoredCell(column.type, stored[column.name] ?? null, next[column.name] ?? null),
  );
}

/**
 * Exact equality of two cells of a column as stored: the engine's cell equality on scalars
 * (64-bit integers exactly, across `number` and `bigint`; floats by IEEE total order, so -0 and
 * +0 differ and NaN equals NaN), float32 values (vector elements too) after the rounding that
 * storing them applies, lists element by element and binaries byte by byte. Nulls equal nulls.
 */
export function sameStoredCell(type: ArrowType, a: Cell, b: Cell): boolean {
  if (a === null || b === null) return a === b;
  switch (type.kind) {
    case 'float32':
      return sameFloat32(a, b);
    case 'fixed_size_list':
      return sameLists(a, b, sameFloat32);
    case 'list':
      return sameLists(a, b, (x, y) => sameStoredCell(type.element, x, y));
    case 'large_binary':
      return sameBytes(a, b);
    case 'utf8':
    case 'bool':
    case 'int32':
    case 'uint32':
    case 'int64':
    case 'uint64':
    case 'float64':
    case 'date32':
    case 'date64':
      return cellsEqual(a, b);
    default:
      return assertNever(type, 'arrow type');
  }
}

function sameFloat32(a: Cell, b: Cell): boolean {
  if (typeof a !== 'number' || typeof b !== 'number') return a === b;
  return cellsEqual(Math.fround(a), Math.fround(b));
}

function sameLists(a: Cell, b: Cell, same: (x: Cell, y: Cell) => boolean): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) return false;
  const left = a as readonly Cell[];
  const right = b as readonly Cell[];
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index += 1) {
    if (!same(left[index] ?? null, right[index] ?? null)) return false;
  }
  return true;
}

function sameBytes(a: Cell, b: Cell): boolean {
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array)) return false;
  return Buffer.compare(a, b) === 0;
}
