import type { ResultRow } from '../../../api/read-output.js';
import type { PropertyType } from '../../../compiler/catalog/catalog.js';
import type { Cell } from '../../lance/index.js';
import { resultValue } from './result-value.js';

/** Makes wire row `row` of `cells`, one column per projection, each value by `value`. */
type RowMaker = new (
  cells: readonly ArrayLike<Cell>[],
  row: number,
  types: readonly PropertyType[],
  value: typeof resultValue,
) => ResultRow;

/** Row makers by column list: one per query shape, kept while few. */
const MAKERS = new Map<string, RowMaker>();
const MAX_MAKERS = 256;

/**
 * The wire rows of a result held column by column, in order. Each row is made by a constructor
 * compiled once per column list, which assigns the columns in order: V8 sizes the objects of a
 * constructor to the properties it assigns (40 bytes for one column), where an object literal
 * filled key by key keeps room for four (64 bytes). Every row of a result lives until the read
 * returns, so each young-generation collection copies the rows made so far: at 1M persons, 410k
 * rows read 5-7% faster and a 96k-row aggregation about 12%.
 */
export function wireRows(
  columns: readonly string[],
  types: readonly PropertyType[],
  cells: readonly ArrayLike<Cell>[],
  size: number,
): ResultRow[] {
  const Row = rowMaker(columns);
  const rows = new Array<ResultRow>(size);
  for (let row = 0; row < size; row += 1) rows[row] = new Row(cells, row, types, resultValue);
  return rows;
}

function rowMaker(columns: readonly string[]): RowMaker {
  const key = JSON.stringify(columns);
  let maker = MAKERS.get(key);
  if (maker === undefined) {
    if (MAKERS.size >= MAX_MAKERS) MAKERS.clear();
    maker = compileRowMaker(columns);
    MAKERS.set(key, maker);
  }
  return maker;
}

/**
 * A constructor assigning each column as a property, in order. Column names only ever appear as
 * JSON string literals (escaped, never code).
 */
function compileRowMaker(columns: readonly string[]): RowMaker {
  const body = columns.map((column, index) => assignment(column, index)).join('\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the body is built above
  const maker = new Function('cells', 'row', 'types', 'value', body) as unknown as RowMaker;
  // Rows stay plain objects, as literals were: their prototype is Object's, not the maker's.
  maker.prototype = Object.prototype;
  return maker;
}

/**
 * The statement setting column `index`. A column named `__proto__` (an alias may be) is defined
 * as an own property: assigned, it would call the prototype setter and the row would lack it.
 */
function assignment(column: string, index: number): string {
  const value = `value(types[${index}], cells[${index}][row] ?? null)`;
  const name = JSON.stringify(column);
  return column === '__proto__'
    ? `Object.defineProperty(this, ${name}, { value: ${value}, enumerable: true, writable: true, configurable: true });`
    : `this[${name}] = ${value};`;
}
