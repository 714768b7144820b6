import type { ExprIR } from '../../../compiler/ir/expr-ir.js';
import type { FilterIR } from '../../../compiler/ir/match-ir.js';
import { OmniError } from '../../../util/omni-error.js';
import { anchorShape } from '../../../util/shape-anchor.js';
import type { Cell } from '../../lance/index.js';
import {
  cellsEqual,
  compareCells,
  operandValue,
  orderHolds,
  valueCell,
  type OperandScope,
} from '../../values/index.js';
import type { EntityPool } from './entity-pool.js';
import { Relation } from './relation.js';
import type { BlockColumn } from './block-column.js';

/**
 * Per-entity values of search expressions (`nearest`, `bm25`, `rrf`, `search`, …), computed
 * before rows are evaluated: for each expression (by identity), the value of each slot of the
 * variable it searches. A slot without an entry has no score (NULL, or false for predicates).
 */
export type SearchValues = ReadonlyMap<ExprIR, ReadonlyMap<number, Cell>>;

/**
 * Evaluates expressions and filters on the rows of a relation whose entities are loaded.
 */
export class RowScope {
  readonly relation: Relation;
  readonly #operands: OperandScope;
  readonly #search: SearchValues;
  readonly #constants = new Map<ExprIR, Cell>();
  /** Each variable's pool and slot column, looked up once rather than per row. */
  readonly #vars = new Map<
    string,
    { readonly pool: EntityPool; readonly slots: readonly number[] }
  >();

  constructor(relation: Relation, operands: OperandScope, search: SearchValues = new Map()) {
    this.relation = relation;
    this.#operands = operands;
    this.#search = search;
    relation.vars.forEach((v, index) => {
      this.#vars.set(v.name, { pool: v.pool, slots: relation.columns[index] ?? [] });
    });
  }

  /** The value of `expr` in row `row`. */
  value(expr: ExprIR, row: number): Cell {
    switch (expr.kind) {
      case 'property': {
        const { pool, slots } = this.#var(expr.variable);
        return pool.value(slots[row] ?? -1, expr.property);
      }
      case 'entity-id': {
        const { pool, slots } = this.#var(expr.variable);
        return pool.id(slots[row] ?? -1);
      }
      case 'param':
      case 'literal':
      case 'now':
        return this.#constant(expr);
      case 'nearest':
      case 'bm25':
      case 'rrf':
      case 'text-search':
        return this.#searchValue(expr, row);
      case 'aggregate':
      case 'alias':
        throw new OmniError('internal', `${expr.kind} evaluated on a match row`);
    }
  }

  /** The value of `expr` in every row, in row order: a property is read column-wise. */
  column(expr: ExprIR): Cell[] {
    if (expr.kind === 'property') {
      const { pool, slots } = this.#var(expr.variable);
      return pool.values(slots, expr.property);
    }
    const values = new Array<Cell>(this.relation.size);
    for (let row = 0; row < values.length; row += 1) values[row] = this.value(expr, row);
    return values;
  }

  /**
   * {@link column} of `expr` where it may be the cached column itself (see `EntityPool.cells`):
   * for reading, never to be changed.
   */
  cells(expr: ExprIR): ArrayLike<Cell> {
    if (expr.kind !== 'property') return this.column(expr);
    const { pool, slots } = this.#var(expr.variable);
    return pool.cells(slots, expr.property);
  }

  /**
   * The cells of `expr` in every row as a column and, when it is read in place, a selection
   * vector: a property of cached rows is their image's column read at the variable's slots
   * (see `EntityPool.selected`); anything else is {@link column}, one value per row.
   */
  selected(expr: ExprIR): BlockColumn {
    if (expr.kind === 'property' || expr.kind === 'entity-id') {
      const { pool, slots } = this.#var(expr.variable);
      const read = pool.selected(slots, expr.kind === 'property' ? expr.property : 'id');
      if (read !== undefined) return read;
    }
    return { cells: this.column(expr) };
  }

  /** Whether row `row` passes `filter`. NULL never matches. */
  passes(filter: FilterIR, row: number): boolean {
    const left = this.value(filter.left, row);
    const right = this.value(filter.right, row);
    if (left === null || right === null) return false;
    switch (filter.op) {
      case '=':
        return cellsEqual(left, right);
      case '!=':
        return !cellsEqual(left, right);
      case '<':
      case '<=':
      case '>':
      case '>=':
        return orderHolds(filter.op, compareCells(left, right));
      case 'contains':
        if (Array.isArray(left)) return left.some((item: Cell) => cellsEqual(item, right));
        return typeof left === 'string' && typeof right === 'string' && left.includes(right);
      case 'starts_with':
        return typeof left === 'string' && typeof right === 'string' && left.startsWith(right);
    }
  }

  #var(variable: string): { readonly pool: EntityPool; readonly slots: readonly number[] } {
    const found = this.#vars.get(variable);
    if (found === undefined) throw new OmniError('internal', `variable $${variable} is not bound`);
    return found;
  }

  #slot(variable: string, row: number): number {
    const slot = this.#var(variable).slots[row];
    if (slot === undefined) throw new OmniError('internal', `row ${row} out of range`);
    return slot;
  }

  #constant(expr: ExprIR & { kind: 'param' | 'literal' | 'now' }): Cell {
    let cell = this.#constants.get(expr);
    if (cell === undefined) {
      cell = valueCell(operandValue(expr, this.#operands));
      this.#constants.set(expr, cell);
    }
    return cell;
  }

  #searchValue(
    expr: ExprIR & { kind: 'nearest' | 'bm25' | 'rrf' | 'text-search' },
    row: number,
  ): Cell {
    const values = this.#search.get(expr);
    if (values === undefined) throw new OmniError('internal', `${expr.kind}() was not computed`);
    const variable = searchVariable(expr);
    const value = values.get(this.#slot(variable, row));
    if (value !== undefined) return value;
    return expr.kind === 'text-search' ? false : null;
  }
}

/** Row scopes live for one query: their layout is kept across collections. */
anchorShape(new RowScope(Relation.unit(), { params: {}, nowMs: 0 }));

/** The variable a search expression ranks or tests. */
export function searchVariable(
  expr: ExprIR & { kind: 'nearest' | 'bm25' | 'rrf' | 'text-search' },
): string {
  return expr.kind === 'rrf' ? expr.left.field.variable : expr.field.variable;
}
