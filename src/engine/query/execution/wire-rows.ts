import type { ResultRow } from '../../../api/read-output.js';
import type { PropertyType } from '../../../compiler/catalog/catalog.js';
import type { Cell } from '../../lance/index.js';
import { resultValue } from './result-value.js';
import type { RowBlock } from './row-block.js';

/**
 * Makes wire row `row` of `cells`, one column per projection, each value by `value`; a column
 * with a selection vector in `selections` is read at the row it names.
 */
type RowMaker = (
  cells: readonly ArrayLike<Cell>[],
  selections: readonly (ArrayLike<number> | undefined)[],
  row: number,
  types: readonly PropertyType[],
  value: typeof resultValue,
) => ResultRow;

/** The selection vectors of a block that has none: every column is read at the row. */
const NO_SELECTIONS: readonly (ArrayLike<number> | undefined)[] = [];

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
  block: RowBlock,
): ResultRow[] {
  const { size } = block;
  const cells = block.columns;
  const selections = block.selections ?? NO_SELECTIONS;
  const selected = columns.map((_, index) => selections[index] !== undefined);
  const makeRow = rowMaker(columns, types, selected);
  const rows = new Array<ResultRow>(size);
  for (let row = 0; row < size; row += 1)
    rows[row] = makeRow(cells, selections, row, types, resultValue);
  return rows;
}

function rowMaker(
  columns: readonly string[],
  types: readonly PropertyType[],
  selected: readonly boolean[],
): RowMaker {
  const forms = types.map(cellForm);
  const key = JSON.stringify([columns, forms, selected]);
  let maker = MAKERS.get(key);
  if (maker === undefined) {
    if (MAKERS.size >= MAX_MAKERS) MAKERS.clear();
    maker = compileRowMaker(columns, forms, selected);
    MAKERS.set(key, maker);
  }
  return maker;
}

/**
 * How a row maker turns a column's cells into result values:
 * - `own`: the cell is its own result value (strings, booleans, 32-bit integers, enums);
 * - `bigint`: a 64-bit integer, whose cell is its own value when it is a bigint;
 * - `float`: an `F64`, whose cell is its own value when it is a finite number;
 * - `call`: `resultValue` converts it.
 * A row copies a cell with no call where it can: a read of 410k names made 410k calls that
 * changed nothing, and the company average at 1M persons 200k calls for its ids and averages.
 */
type CellForm = 'own' | 'bigint' | 'float' | 'call';

function cellForm(type: PropertyType): CellForm {
  if (type.kind === 'enum') return 'own';
  if (type.kind !== 'scalar') return 'call';
  switch (type.scalar) {
    case 'String':
    case 'Bool':
    case 'I32':
    case 'U32':
      return 'own';
    case 'I64':
    case 'U64':
      return 'bigint';
    case 'F64':
      return 'float';
    case 'F32':
    case 'Date':
    case 'DateTime':
    case 'Blob':
      return 'call';
  }
}

/**
 * A function returning an object literal with each column as a property, in order, each value
 * made as its form says, read at the row or, for a selected column, at the row its selection
 * vector names. Column names only ever appear as JSON string literals (escaped, never code).
 */
function compileRowMaker(
  columns: readonly string[],
  forms: readonly CellForm[],
  selected: readonly boolean[],
): RowMaker {
  const cells = columns.map((_, index) => {
    const at = selected[index] === true ? `selections[${index}][row]` : 'row';
    return `const c${index} = cells[${index}][${at}] ?? null;`;
  });
  const properties = columns
    .map((column, index) => property(column, index, forms[index] ?? 'call'))
    .join(', ');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the body is built above
  return new Function(
    'cells',
    'selections',
    'row',
    'types',
    'value',
    `${cells.join(' ')} return { ${properties} };`,
  ) as RowMaker;
}

/**
 * The literal's property for column `index` (its cell is `c<index>`). A column named `__proto__`
 * (an alias may be) is a computed key, which defines an own property: as a plain key it would
 * set the prototype.
 */
function property(column: string, index: number, form: CellForm): string {
  const name = JSON.stringify(column);
  const key = column === '__proto__' ? `[${name}]` : name;
  const cell = `c${index}`;
  const converted = `value(types[${index}], ${cell})`;
  switch (form) {
    case 'own':
      return `${key}: ${cell}`;
    case 'bigint':
      return `${key}: typeof ${cell} === 'bigint' ? ${cell} : ${converted}`;
    case 'float':
      return `${key}: Number.isFinite(${cell}) ? ${cell} : ${converted}`;
    case 'call':
      return `${key}: ${converted}`;
  }
}
