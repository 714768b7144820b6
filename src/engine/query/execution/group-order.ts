import type { ReadQueryIR } from '../../../compiler/ir/query-ir.js';
import { OmniError } from '../../../util/omni-error.js';
import type { Cell } from '../../lance/index.js';
import type { GroupRow } from './aggregation.js';
import type { BlockColumn } from './block-column.js';
import { blockOf, type RowBlock } from './row-block.js';
import { isRanking, sortRows, type SortKey } from './row-order.js';

/**
 * The numbers `0 … size-1` of candidate groups in result order (by the `order` aliases, ties by
 * the group keys ascending), limited. `values(index)` holds the value of projection `index` in
 * each group: a fast path can order groups before building their rows, and build only those kept.
 * With `include`, only the numbers it accepts are groups.
 */
export function groupOrder(
  query: ReadQueryIR,
  size: number,
  values: (index: number) => ArrayLike<Cell>,
  include?: (group: number) => boolean,
): Int32Array {
  const columns = new Map<number, ArrayLike<Cell>>();
  const column = (index: number): ArrayLike<Cell> => {
    let cells = columns.get(index);
    if (cells === undefined) columns.set(index, (cells = values(index)));
    return cells;
  };
  const keys: SortKey[] = query.order.map((ordering) => {
    if (ordering.expr.kind !== 'alias') {
      throw new OmniError('internal', 'an aggregating query orders by returned columns only');
    }
    const projection = query.projections[ordering.expr.index];
    return {
      values: column(ordering.expr.index),
      direction: ordering.direction,
      ranking: projection !== undefined && isRanking(projection.expr),
    };
  });
  const ties = query.projections
    .map((projection, index) => ({ projection, index }))
    .filter(({ projection }) => projection.role === 'group-key')
    .map(({ index }) => column(index));
  return sortRows(size, keys, ties, query.limit, include);
}

/** Groups in result order (by the `order` aliases, ties by the group keys), limited. */
export function orderedGroups(groups: readonly GroupRow[], query: ReadQueryIR): RowBlock {
  return orderedBlock(query, {
    size: groups.length,
    column: (index) => groups.map((group) => group[index] ?? null),
    picked: pickedByValue((index, group) => groups[group]?.[index] ?? null),
  });
}

/**
 * Groups numbered `0 … size-1` (those `include` accepts, when given) whose values are read by
 * number: a fast path orders its groups on the columns it holds, and builds only the rows kept.
 */
export interface NumberedGroups {
  readonly size: number;
  readonly include?: (group: number) => boolean;
  /** The values of projection `index` in every group, as they order. */
  column(index: number): ArrayLike<Cell>;
  /**
   * The values of projection `index` in the groups `kept`, in that order: copied out, or a
   * column by group number read through `kept` as its selection vector.
   */
  picked(index: number, kept: Int32Array): BlockColumn;
}

/** {@link NumberedGroups.picked} of groups whose values are read one at a time by `value`. */
export function pickedByValue(
  value: (index: number, group: number) => Cell,
): NumberedGroups['picked'] {
  return (index, kept) => ({ cells: Array.from(kept, (group) => value(index, group)) });
}

/**
 * {@link NumberedGroups.picked} of groups whose values are columns by group number: each read in
 * place through the groups kept (100k groups' values copied out were three arrays a call that V8
 * allocates out of fresh pages).
 */
export function pickedInPlace(
  column: (index: number) => ArrayLike<Cell>,
): NumberedGroups['picked'] {
  return (index, kept) => ({ cells: column(index), rows: kept });
}

/** The rows of `groups` in result order, limited: only the rows kept are built. */
export function orderedBlock(query: ReadQueryIR, groups: NumberedGroups): RowBlock {
  const kept = groupOrder(query, groups.size, (index) => groups.column(index), groups.include);
  return blockOf(
    kept.length,
    query.projections.map((_, index) => groups.picked(index, kept)),
  );
}
