import type { ResultRow } from '../../../api/read-output.js';
import type { PropertyType } from '../../../compiler/catalog/catalog.js';
import type { Cell } from '../../lance/index.js';
import { youngGenerationBytes } from '../../../util/young-generation.js';
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

/** Row makers by column list and allocation: one per query shape, kept while few. */
const MAKERS = new Map<string, RowMaker>();
const MAX_MAKERS = 256;

/**
 * Where a result's rows are made. `young`: by a constructor, whose objects V8 allocates in the
 * young generation, where a result that fits is built without a collection copying it and dies
 * on pages reused from read to read. `old`: by an object literal: V8 tracks how long the objects
 * of each literal live, and once they outlive young collections (every row of a result lives
 * until the read returns) allocates them in the old generation directly, on pages it takes from
 * the system for each large result and gives back after.
 */
export type RowAllocation = 'young' | 'old';

/** Results from this many rows on are made young when the young generation can hold them. */
const LARGE_RESULT_ROWS = 16_384;

/**
 * The wire rows of a result held column by column, in order. Each row is made by a function
 * compiled once per column list and allocation ({@link allocationFor} by default), so V8 sizes
 * the objects to their columns (an object filled key by key keeps room for four).
 */
export function wireRows(
  columns: readonly string[],
  types: readonly PropertyType[],
  block: RowBlock,
  allocation: RowAllocation = allocationFor(block.size, columns.length),
): ResultRow[] {
  const { size } = block;
  const cells = block.columns;
  const selections = block.selections ?? NO_SELECTIONS;
  const selected = columns.map((_, index) => selections[index] !== undefined);
  const makeRow = rowMaker(columns, types, selected, allocation);
  const rows = new Array<ResultRow>(size);
  for (let row = 0; row < size; row += 1)
    rows[row] = makeRow(cells, selections, row, types, resultValue);
  return rows;
}

/**
 * `young` for a large result that the young generation's current capacity holds, else `old`.
 * Fresh pages are what a large result made old costs most where page faults are slow: at 1M
 * persons, a read of 410k names faulted up to 5,000 pages made old and 2,300–2,500 made young,
 * and took 10.6–152 ms (median of 40 reads, three runs) against 9.5–10.5
 * (docs/reference/query.md). Small results cost little either way and keep the literal.
 */
export function allocationFor(rows: number, columns: number): RowAllocation {
  if (rows < LARGE_RESULT_ROWS) return 'old';
  // An object's header (three words) and its columns, and the result array's slot.
  const bytes = rows * 8 * (4 + columns);
  return bytes <= youngGenerationBytes() ? 'young' : 'old';
}

function rowMaker(
  columns: readonly string[],
  types: readonly PropertyType[],
  selected: readonly boolean[],
  allocation: RowAllocation,
): RowMaker {
  const forms = types.map(cellForm);
  const key = JSON.stringify([columns, forms, selected, allocation]);
  let maker = MAKERS.get(key);
  if (maker === undefined) {
    if (MAKERS.size >= MAX_MAKERS) MAKERS.clear();
    maker = compileRowMaker(columns, forms, selected, allocation);
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
 * A function returning a row of each column as a property, in order, each value made as its
 * form says, read at the row or, for a selected column, at the row its selection vector names:
 * an object literal, or for `young` an object of a constructor whose prototype is
 * `Object.prototype` (a plain object all the same). A column named `__proto__` always gets the
 * literal, where a computed key defines it (a constructor's assignment would set the prototype).
 * Column names only ever appear as JSON string literals (escaped, never code).
 */
function compileRowMaker(
  columns: readonly string[],
  forms: readonly CellForm[],
  selected: readonly boolean[],
  allocation: RowAllocation,
): RowMaker {
  const cells = columns.map((_, index) => {
    const at = selected[index] === true ? `selections[${index}][row]` : 'row';
    return `const c${index} = cells[${index}][${at}] ?? null;`;
  });
  const values = columns.map((_, index) => cellValue(index, forms[index] ?? 'call'));
  const parameters = 'cells, selections, row, types, value';
  if (allocation === 'young' && !columns.includes(PROTO)) {
    const fields = columns.map((_, index) => `v${index}`).join(', ');
    const assignments = columns
      .map((column, index) => `this[${JSON.stringify(column)}] = v${index};`)
      .join(' ');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the body is built above
    const makeMaker = new Function(
      `function Row(${fields}) { ${assignments} }
      Row.prototype = Object.prototype;
      return function (${parameters}) { ${cells.join(' ')} return new Row(${values.join(', ')}); };`,
    ) as () => RowMaker;
    return makeMaker();
  }
  const properties = columns.map((column, index) => `${literalKey(column)}: ${values[index]}`);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the body is built above
  return new Function(
    'cells',
    'selections',
    'row',
    'types',
    'value',
    `${cells.join(' ')} return { ${properties.join(', ')} };`,
  ) as RowMaker;
}

const PROTO = '__proto__';

/**
 * A column's key in an object literal. A column named `__proto__` (an alias may be) is a
 * computed key, which defines an own property: as a plain key it would set the prototype.
 */
function literalKey(column: string): string {
  const name = JSON.stringify(column);
  return column === PROTO ? `[${name}]` : name;
}

/** The value of column `index` (its cell is `c<index>`), made as its form says. */
function cellValue(index: number, form: CellForm): string {
  const cell = `c${index}`;
  const converted = `value(types[${index}], ${cell})`;
  switch (form) {
    case 'own':
      return cell;
    case 'bigint':
      return `typeof ${cell} === 'bigint' ? ${cell} : ${converted}`;
    case 'float':
      return `Number.isFinite(${cell}) ? ${cell} : ${converted}`;
    case 'call':
      return converted;
  }
}
