import type { ResultRow } from '../../../api/read-output.js';
import type { PropertyType } from '../../../compiler/catalog/catalog.js';
import type { Cell } from '../../lance/index.js';
import { resultValue } from './result-value.js';

/** Makes wire row `row` of `cells`, one column per projection, each value by `value`. */
type RowMaker = (
  cells: readonly ArrayLike<Cell>[],
  row: number,
  types: readonly PropertyType[],
  value: typeof resultValue,
) => ResultRow;

/** Row makers by column list: one per query shape, kept while few. */
const MAKERS = new Map<string, RowMaker>();
const MAX_MAKERS = 256;

/**
 * The wire rows of a result held column by column, in order. Each row is made by a function
 * compiled once per column list, which returns an object literal of the columns in order. V8
 * sizes a literal's objects to its properties, and tracks how long the objects of each literal
 * live: every row of a result lives until the read returns, so V8 soon allocates them in the old
 * generation. Rows made one property at a time were copied by each young-generation collection
 * while the result was built: at 1M persons, a read of 410k rows took 95 ms (median) that way,
 * and takes 48 ms now.
 */
export function wireRows(
  columns: readonly string[],
  types: readonly PropertyType[],
  cells: readonly ArrayLike<Cell>[],
  size: number,
): ResultRow[] {
  const makeRow = rowMaker(columns, types);
  const rows = new Array<ResultRow>(size);
  for (let row = 0; row < size; row += 1) rows[row] = makeRow(cells, row, types, resultValue);
  return rows;
}

function rowMaker(columns: readonly string[], types: readonly PropertyType[]): RowMaker {
  const direct = types.map(isOwnResultValue);
  const key = JSON.stringify([columns, direct]);
  let maker = MAKERS.get(key);
  if (maker === undefined) {
    if (MAKERS.size >= MAX_MAKERS) MAKERS.clear();
    maker = compileRowMaker(columns, direct);
    MAKERS.set(key, maker);
  }
  return maker;
}

/**
 * True for a type whose cells are their own result values (see `result-value.ts`): strings,
 * booleans and 32-bit integers (numbers), and enums. Their rows copy the cell, with no call: a
 * read of 410k names made 410k calls that changed nothing.
 */
function isOwnResultValue(type: PropertyType): boolean {
  if (type.kind === 'enum') return true;
  if (type.kind !== 'scalar') return false;
  const { scalar } = type;
  return scalar === 'String' || scalar === 'Bool' || scalar === 'I32' || scalar === 'U32';
}

/**
 * A function returning an object literal with each column as a property, in order, each value
 * the cell itself where `direct`. Column names only ever appear as JSON string literals (escaped,
 * never code).
 */
function compileRowMaker(columns: readonly string[], direct: readonly boolean[]): RowMaker {
  const properties = columns
    .map((column, index) => property(column, index, direct[index] === true))
    .join(', ');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the body is built above
  return new Function('cells', 'row', 'types', 'value', `return { ${properties} };`) as RowMaker;
}

/**
 * The literal's property for column `index`. A column named `__proto__` (an alias may be) is a
 * computed key, which defines an own property: as a plain key it would set the prototype.
 */
function property(column: string, index: number, direct: boolean): string {
  const name = JSON.stringify(column);
  const key = column === '__proto__' ? `[${name}]` : name;
  const cell = `cells[${index}][row] ?? null`;
  return `${key}: ${direct ? cell : `value(types[${index}], ${cell})`}`;
}
