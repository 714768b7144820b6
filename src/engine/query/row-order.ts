import type { ExprIR } from '../../compiler/ir/expr-ir.js';
import type { OrderDirection } from '../../compiler/query/ast.js';
import type { Cell } from '../lance/row.js';
import { compareCells, compareStrings } from './cell-order.js';

/** One sort key: its value in every row, and how to order it. */
export interface SortKey {
  readonly values: readonly Cell[];
  readonly direction: OrderDirection;
  /**
   * A ranking (`nearest`, `bm25`, `rrf`): a row without a score sorts last either way, since it
   * is no match at all rather than a smallest value.
   */
  readonly ranking: boolean;
}

/** True for the expressions that rank rows by a search score. */
export function isRanking(expr: ExprIR): boolean {
  return expr.kind === 'nearest' || expr.kind === 'bm25' || expr.kind === 'rrf';
}

/**
 * The row numbers `0 … size-1` in result order: by each key in turn (NULLs first ascending and
 * last descending), then by `ties` (entity ids, group keys) ascending, which makes the order
 * total; then by row number. Sorting is stable and never depends on how rows were produced.
 */
export function sortRows(
  size: number,
  keys: readonly SortKey[],
  ties: readonly (readonly Cell[])[],
): number[] {
  const rows = Array.from({ length: size }, (_, row) => row);
  rows.sort((a, b) => {
    for (const key of keys) {
      const order = compareKey(key, key.values[a] ?? null, key.values[b] ?? null);
      if (order !== 0) return order;
    }
    for (const tie of ties) {
      const order = compareTie(tie[a] ?? null, tie[b] ?? null);
      if (order !== 0) return order;
    }
    return a - b;
  });
  return rows;
}

function compareKey(key: SortKey, a: Cell, b: Cell): number {
  if (a === null || b === null) {
    if (a === b) return 0;
    if (key.ranking) return a === null ? 1 : -1;
    const order = a === null ? -1 : 1;
    return key.direction === 'asc' ? order : -order;
  }
  const order = compareCells(a, b);
  return key.direction === 'asc' ? order : -order;
}

function compareTie(a: Cell, b: Cell): number {
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return compareCells(a, b);
}
