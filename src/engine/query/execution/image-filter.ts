import type { Filter, FilterValue, Cell, TableReader } from '../../lance/index.js';
import type { TableImage } from './column-cache.js';

/**
 * Column types whose equality is evaluated in memory exactly as Lance does. Floats are left to
 * Lance: a literal compared with a float32 column may be cast either way.
 */
const EXACT_KINDS: ReadonlySet<string> = new Set([
  'utf8',
  'bool',
  'int32',
  'int64',
  'uint32',
  'uint64',
]);

/** Per-row test of a filter on an image. */
type RowTest = (row: number) => boolean;

/** What an in-memory filter needs to know about the table beyond the image. */
export interface ImageFilterSource {
  readonly reader: TableReader;
  /** Columns derived from the id (a keyed type's key), whose canonical spelling is the id. */
  readonly derived: ReadonlyMap<string, (id: string) => Cell>;
}

/**
 * The rows of an image passing `filter`, in row order, when the filter is made of equalities,
 * `IN` lists and NULL tests on exactly comparable columns (and `and` of those); undefined
 * otherwise (Lance evaluates it). An equality on the id or on a value derived from it finds its
 * row through the image's id index; the others test every row.
 */
export function imageRows(
  image: TableImage,
  filter: Filter,
  source: ImageFilterSource,
): number[] | undefined {
  const test = rowTest(image, filter, source);
  if (test === undefined) return undefined;
  const seed = keyRows(image, filter, source);
  if (seed !== undefined) return seed.filter(test);
  const rows: number[] = [];
  for (let row = 0; row < image.length; row += 1) if (test(row)) rows.push(row);
  return rows;
}

function rowTest(
  image: TableImage,
  filter: Filter,
  source: ImageFilterSource,
): RowTest | undefined {
  switch (filter.kind) {
    case 'and': {
      const tests = filter.filters.map((part) => rowTest(image, part, source));
      if (tests.some((test) => test === undefined)) return undefined;
      const all = tests as RowTest[];
      return (row) => all.every((test) => test(row));
    }
    case 'compare':
      if (filter.op !== '=') return undefined;
      return membership(image, filter.column, [filter.value], source);
    case 'in':
      return membership(image, filter.column, filter.values, source);
    case 'is_null': {
      const cell = cellReader(image, filter.column, source);
      if (cell === undefined) return undefined;
      return filter.negated ? (row) => cell(row) !== null : (row) => cell(row) === null;
    }
    case 'or':
    case 'not':
      return undefined;
  }
}

/** A test that a row's cell equals one of `values`; undefined when not exactly comparable. */
function membership(
  image: TableImage,
  column: string,
  values: readonly FilterValue[],
  source: ImageFilterSource,
): RowTest | undefined {
  const cell = cellReader(image, column, source);
  if (cell === undefined || !values.every(isPlainValue)) return undefined;
  return (row) => {
    const value = cell(row);
    return value !== null && values.some((wanted) => equalsFilterValue(value, wanted));
  };
}

/** Reads a column's cell by row: from the image, or derived from the id. */
function cellReader(
  image: TableImage,
  column: string,
  source: ImageFilterSource,
): ((row: number) => Cell) | undefined {
  if (column === 'id') return (row) => image.ids[row] ?? null;
  const derive = source.derived.get(column);
  if (derive !== undefined) return (row) => derive(image.ids[row] ?? '');
  const kind = source.reader.columns.find((spec) => spec.name === column)?.type.kind;
  if (kind === undefined || !EXACT_KINDS.has(kind)) return undefined;
  const cells = image.column(column);
  return cells === undefined ? undefined : (row) => cells[row] ?? null;
}

/** Candidate rows of an equality on the id or a derived key: the rows of those ids. */
function keyRows(
  image: TableImage,
  filter: Filter,
  source: ImageFilterSource,
): number[] | undefined {
  if (filter.kind === 'and') {
    for (const part of filter.filters) {
      const rows = keyRows(image, part, source);
      if (rows !== undefined) return rows;
    }
    return undefined;
  }
  if (filter.kind !== 'in' && (filter.kind !== 'compare' || filter.op !== '=')) return undefined;
  const values = filter.kind === 'in' ? filter.values : [filter.value];
  if (filter.column !== 'id' && !source.derived.has(filter.column)) return undefined;
  const rows = new Set<number>();
  for (const value of values) {
    if (!isPlainValue(value)) return undefined;
    const row = image.rowOf(String(value));
    if (row !== undefined) rows.add(row);
  }
  return [...rows].sort((a, b) => a - b);
}

function isPlainValue(value: FilterValue): value is string | number | bigint | boolean {
  return typeof value !== 'object';
}

/** SQL equality of a non-NULL cell and a literal: numbers and bigints by value, no coercion else. */
function equalsFilterValue(cell: Cell, value: FilterValue): boolean {
  if (typeof cell === 'bigint') {
    if (typeof value === 'bigint') return cell === value;
    return typeof value === 'number' && Number.isInteger(value) && BigInt(value) === cell;
  }
  if (typeof cell === 'number') {
    if (typeof value === 'number') return cell === value;
    return typeof value === 'bigint' && Number.isInteger(cell) && BigInt(cell) === value;
  }
  return cell === value;
}
