import type { ExprIR } from '../../../compiler/ir/expr-ir.js';
import type { BindingIR, FilterIR } from '../../../compiler/ir/match-ir.js';
import type { ProjectionIR } from '../../../compiler/ir/query-ir.js';
import { filterColumns, where, type Filter, type Cell } from '../../lance/index.js';
import type { TableImage } from './table-image.js';
import { derivedColumns } from './derived-columns.js';
import { imageRows } from './image-filter.js';
import type { PackedColumn } from './packed-column.js';
import type { ExecContext } from './exec-context.js';
import { measured } from '../plan/plan-profile.js';
import { nodeRows, type PlanInputs } from '../plan/plan-inputs.js';
import { constrainedRows } from '../plan/row-estimates.js';
import type { TraversalAggregateShape } from './traversal-aggregate-shape.js';
import { checkQueryRows } from '../query-rows.js';

/** The read of one side of a fast-path aggregation: its node type, filters and columns. */
export interface SideScan {
  readonly kind: 'side-scan';
  readonly variable: string;
  readonly nodeType: string;
  /** The match filters on this side, as written, and pushed. */
  readonly filters: readonly FilterIR[];
  readonly pushed: readonly Filter[];
  readonly columns: readonly string[];
  readonly estimatedRows: number;
}

/** The rows of one node variable of a fast-path aggregation: their ids and some columns. */
export interface SideRows {
  readonly length: number;
  readonly ids: readonly string[];
  readonly columns: Readonly<Record<string, ArrayLike<Cell>>>;
  /**
   * Which rows pass the side's filters (1), when they are a cached image's rows filtered in
   * memory: the image's ids and columns then serve as they are, and so do the walks the topology
   * index keeps for them. Absent when every row passes.
   */
  readonly passing?: Uint8Array;
  /** How many rows pass. */
  readonly passingCount: number;
}

/** The scan of `side` reading `columns`, with the shape's filters when they are on this side. */
export function planSideScan(
  inputs: PlanInputs,
  shape: TraversalAggregateShape,
  side: BindingIR,
  columns: readonly string[],
): SideScan {
  const mine = shape.filtered === side.variable;
  const pushed = mine ? shape.filters : [];
  const rows = nodeRows(inputs, side.nodeType);
  return {
    kind: 'side-scan',
    variable: side.variable,
    nodeType: side.nodeType,
    filters: mine ? shape.filterIr : [],
    pushed,
    columns: [...new Set(columns)],
    estimatedRows: constrainedRows(inputs, side.nodeType, rows, pushed, 0),
  };
}

/** The rows of a side scan, within `ctx.maxRows` (measured as its stage when profiling). */
export function scanSide(ctx: ExecContext, scan: SideScan): Promise<SideRows> {
  return measured(
    ctx.profile,
    scan,
    async () => {
      const rows = await sideRows(ctx, scan.nodeType, scan.pushed, scan.columns);
      checkQueryRows(rows.passingCount, ctx.maxRows);
      return rows;
    },
    (rows) => rows.passingCount,
  );
}

/**
 * The rows of `nodeType` passing `filters`, with `columns`: from the column cache when there is
 * no filter (the whole table is read anyway, and the cached ids keep their topology node numbers
 * across queries) or when the cache evaluates the filters in memory, else from a Lance scan.
 */
async function sideRows(
  ctx: ExecContext,
  nodeType: string,
  filters: readonly Filter[],
  columns: readonly string[],
): Promise<SideRows> {
  const key = `node:${nodeType}`;
  const reader = await ctx.snapshot.reader(key);
  const rowCount = ctx.snapshot.entry(key).rowCount;
  if (filters.length === 0) {
    const image = await ctx.services.columns.image(reader, columns, rowCount);
    if (image !== undefined) return imageSide(image, columns);
  } else {
    const derived = derivedColumns(ctx.nodeType(nodeType));
    const filter = where.and(...filters);
    const read = [...columns, ...filterColumns(filter).filter((column) => !derived.has(column))];
    const image = await ctx.services.columns.image(reader, read, rowCount);
    const passing = image && imageRows(image, filter, { reader, derived });
    if (image !== undefined && passing !== undefined) {
      return passing.length * MASKED_SHARE >= image.length
        ? maskedImage(image, passing, columns)
        : pickedRows(image, passing, columns);
    }
  }
  const rows = await reader.scanColumns({
    ...(filters.length > 0 ? { filter: where.and(...filters) } : {}),
    columns: ['id', ...columns],
  });
  return {
    length: rows.length,
    ids: (rows.columns.id ?? []) as readonly string[],
    columns: rows.columns,
    passingCount: rows.length,
  };
}

/**
 * A filter passing at least one row in this many keeps the image's rows, masked (see
 * {@link SideRows.passing}): a walk over the whole table, kept across queries, then serves.
 * Fewer rows are picked out, so that a selective filter costs no pass over the table's pairs.
 * Picked rows are a new list per query, walked anew (and numbered, at 4 bytes a node of the
 * topology): at 1M persons, the average age per company of the 3% over 85 took 59 ms picked
 * and 15 masked; of the 0.2% with the smallest keys, 12 ms picked (walked back from them) and
 * 11 masked; at 100k, 1.9 ms picked and 2.5 masked.
 */
const MASKED_SHARE = 64;

/** Every row of a cached image with `columns`, those of `rows` marked as passing. */
function maskedImage(
  image: TableImage,
  rows: readonly number[],
  columns: readonly string[],
): SideRows {
  const passing = new Uint8Array(image.length);
  for (let at = 0; at < rows.length; at += 1) passing[rows[at] ?? 0] = 1;
  return { ...imageSide(image, columns), passing, passingCount: rows.length };
}

/** Every row of a cached image with `columns`, its cached ids and cells as they are. */
function imageSide(image: TableImage, columns: readonly string[]): SideRows {
  const cells: Record<string, ArrayLike<Cell>> = {};
  for (const column of columns) cells[column] = image.column(column) ?? [];
  return { length: image.length, ids: image.ids, columns: cells, passingCount: image.length };
}

/**
 * The rows `rows` of a cached image (in the order given), with `columns`. A packed column stays
 * packed (see `packed-column.ts`): the aggregations' typed loops read it.
 */
function pickedRows(
  image: TableImage,
  rows: readonly number[],
  columns: readonly string[],
): SideRows {
  const cells: Record<string, ArrayLike<Cell>> = {};
  for (const column of columns) cells[column] = pickedCells(image.column(column) ?? [], rows);
  return {
    length: rows.length,
    ids: rows.map((row) => image.ids[row] ?? ''),
    columns: cells,
    passingCount: rows.length,
  };
}

function pickedCells(cells: ArrayLike<Cell>, rows: readonly number[]): ArrayLike<Cell> {
  if (ArrayBuffer.isView(cells)) {
    const packed = cells as PackedColumn;
    const Packed = packed.constructor as new (length: number) => PackedColumn;
    const picked = new Packed(rows.length);
    for (let at = 0; at < rows.length; at += 1) picked[at] = packed[rows[at] ?? 0] ?? 0;
    return picked;
  }
  return rows.map((row) => cells[row] ?? null);
}

/** The value of an id or property expression in one row of `rows` (NULL for anything else). */
export function sideValue(expr: ExprIR, rows: SideRows, row: number): Cell {
  return sideCells(expr, rows)[row] ?? null;
}

/** The values of an id or property expression in every row of `rows` (none for anything else). */
export function sideCells(expr: ExprIR, rows: SideRows): ArrayLike<Cell> {
  if (expr.kind === 'entity-id') return rows.ids;
  if (expr.kind === 'property') return rows.columns[expr.property] ?? [];
  return [];
}

/**
 * True when the group keys include the node's id or its key (which the id spells): every row of
 * the node type is then a group of its own, with no need to compare keys.
 */
export function uniqueKeys(
  derived: ReadonlySet<string>,
  keyProjections: readonly ProjectionIR[],
): boolean {
  return keyProjections.some(
    ({ expr }) =>
      expr.kind === 'entity-id' || (expr.kind === 'property' && derived.has(expr.property)),
  );
}
