import type { ExprIR } from '../../compiler/ir/expr-ir.js';
import type { ProjectionIR } from '../../compiler/ir/query-ir.js';
import { where, type Filter } from '../lance/filter.js';
import type { Cell } from '../lance/row.js';
import type { ExecContext } from './exec-context.js';

/** The rows of one node variable of a fast-path aggregation: their ids and some columns. */
export interface SideRows {
  readonly length: number;
  readonly ids: readonly string[];
  readonly columns: Readonly<Record<string, readonly Cell[]>>;
}

/**
 * The rows of `nodeType` passing `filters`, with `columns`: from the column cache when there is
 * no filter (the whole table is read anyway, and the cached ids keep their topology node numbers
 * across queries), else from a Lance scan.
 */
export async function sideRows(
  ctx: ExecContext,
  nodeType: string,
  filters: readonly Filter[],
  columns: readonly string[],
): Promise<SideRows> {
  const key = `node:${nodeType}`;
  const reader = await ctx.snapshot.reader(key);
  if (filters.length === 0) {
    const image = await ctx.services.columns.image(
      reader,
      columns,
      ctx.snapshot.entry(key).rowCount,
    );
    if (image !== undefined) {
      const cells: Record<string, readonly Cell[]> = {};
      for (const column of columns) cells[column] = image.column(column) ?? [];
      return { length: image.length, ids: image.ids, columns: cells };
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
  };
}

/** The value of an id or property expression in one row of `rows` (NULL for anything else). */
export function sideValue(expr: ExprIR, rows: SideRows, row: number): Cell {
  if (expr.kind === 'entity-id') return rows.ids[row] ?? null;
  if (expr.kind === 'property') return rows.columns[expr.property]?.[row] ?? null;
  return null;
}

/** The values of an id or property expression in the rows `rows` numbered in `picked`. */
export function sideColumn(expr: ExprIR, rows: SideRows, picked: readonly number[]): Cell[] {
  const cells: readonly Cell[] =
    expr.kind === 'entity-id'
      ? rows.ids
      : expr.kind === 'property'
        ? (rows.columns[expr.property] ?? [])
        : [];
  return picked.map((row) => cells[row] ?? null);
}

/**
 * True when the group keys include the node's id or its key (which the id spells): every row of
 * the node type is then a group of its own, with no need to compare keys.
 */
export function uniqueKeys(
  ctx: ExecContext,
  nodeType: string,
  keyProjections: readonly ProjectionIR[],
): boolean {
  const derived = ctx.nodePool(nodeType).source.derived;
  return keyProjections.some(
    ({ expr }) =>
      expr.kind === 'entity-id' || (expr.kind === 'property' && derived.has(expr.property)),
  );
}
