import type { CompareOp, Filter, FilterValue, Cell, TableReader } from '../../lance/index.js';
import { wellFormedTextProblem } from '../../../util/well-formed-text.js';
import { compareStrings, orderHolds } from '../../values/index.js';
import type { TableImage } from './table-image.js';
import { knownDistinct } from './slot-set.js';

/** Column types evaluated in memory (see {@link EXACT_KINDS}). */
type ExactKind = 'utf8' | 'bool' | 'int32' | 'int64' | 'uint32' | 'uint64';

/**
 * Column types whose comparisons are evaluated in memory exactly as Lance does. Floats are left
 * to Lance: a literal compared with a float32 column may be cast either way. Dates too: their
 * literals are typed values Lance casts.
 */
const EXACT_KINDS: ReadonlySet<string> = new Set<ExactKind>([
  'utf8',
  'bool',
  'int32',
  'int64',
  'uint32',
  'uint64',
]);

/** The values of each integer type, both bounds included. */
const INTEGER_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

/** A literal converted to a column's type, in that type's cell encoding (see `row.ts`). */
type Literal = string | number | bigint | boolean;

/** SQL truth of a filter on a row: null is unknown (a comparison with NULL). */
type Truth = boolean | null;

/**
 * Per-row truth of a filter on an image. A test that is never unknown, because it reads only
 * packed columns (which hold no NULL, see `packed-column.ts`), also has `fill`: it writes every
 * row's truth (1 or 0) into a byte per row at once, in a loop with no call and no branch per
 * row. Rows pass at random (a third of persons are over 60), so a branch per row is often
 * mispredicted: 1M ages tested in 1.4 ms by `fill`, in 6–10 ms a call a row.
 */
type RowTest = ((row: number) => Truth) & { readonly fill?: (truths: Uint8Array) => void };

/** A column as a filter reads it: its type and each row's cell. */
interface ColumnRead {
  readonly kind: ExactKind;
  readonly cells: ArrayLike<Cell>;
}

/** Where a filter is evaluated. */
interface Scope {
  readonly image: TableImage;
  readonly source: ImageFilterSource;
  /** The only rows tested, when the filter pins the id (see {@link keyRows}); else all. */
  readonly rows: readonly number[] | undefined;
}

/** The names of the columns derived from the id (a map or a set of them). */
interface DerivedColumns {
  has(column: string): boolean;
}

/** What an in-memory filter needs to know about the table beyond the image. */
export interface ImageFilterSource {
  readonly reader: TableReader;
  /** Columns derived from the id (a keyed type's key), whose canonical spelling is the id. */
  readonly derived: ReadonlyMap<string, (id: string) => Cell>;
}

/**
 * Rows in id order when ordering `count` passing rows is worth it: every row of the image in id
 * order (see {@link TableImage.rowsInIdOrder}); else undefined, and the passing rows are sorted.
 */
export type IdOrder = (count: number) => Int32Array | undefined;

/**
 * The rows of an image passing `filter`, in row order (in id order with `idOrder`), when the
 * filter is made of comparisons, `IN` lists and NULL tests on exactly comparable columns
 * (combined with `and`, `or`, `not`) whose literals are values of their column's type; undefined
 * otherwise (Lance evaluates it, or raises its error). NULLs follow SQL: a comparison with NULL
 * is unknown, and a row passes only when the filter is true. An equality on the id or on a value
 * derived from it finds its row through the image's id index; the others test every row.
 */
export function imageRows(
  image: TableImage,
  filter: Filter,
  source: ImageFilterSource,
  idOrder?: IdOrder,
): number[] | undefined {
  const seed = keyRows(image, filter, source);
  const test = rowTest(filter, { image, source, rows: seed });
  if (test === undefined) return undefined;
  const byId = (rows: number[]): number[] =>
    idOrder === undefined
      ? rows
      : rows.sort((a, b) => compareStrings(image.ids[a] ?? '', image.ids[b] ?? ''));
  if (seed !== undefined) return knownDistinct(byId(seed.filter((row) => test(row) === true)));
  const { truths, count } = passingTruths(image.length, test);
  const order = idOrder?.(count);
  return knownDistinct(order ? rowsWhere(truths, count, order) : byId(rowsWhere(truths, count)));
}

/**
 * Which of the rows `0 … length - 1` pass `test` (1 in `truths`), and how many. Tested into a
 * byte per row, the rows are then listed by a loop with nothing else in it: collecting them as
 * they are tested costs more than the tests.
 */
function passingTruths(length: number, test: RowTest): { truths: Uint8Array; count: number } {
  const truths = new Uint8Array(length);
  let count = 0;
  if (test.fill !== undefined) {
    test.fill(truths);
    for (let row = 0; row < length; row += 1) count += truths[row] ?? 0;
    return { truths, count };
  }
  for (let row = 0; row < length; row += 1) {
    const passes = test(row) === true ? 1 : 0;
    truths[row] = passes;
    count += passes;
  }
  return { truths, count };
}

/**
 * The `count` rows whose truth is 1, in row order or in the order of `order` (a permutation of
 * the rows). Each row is written at the next free place, which moves on only when the row
 * passes: no branch on its truth, often a coin toss (a third of the rows pass, at random) that
 * would cost a mispredicted branch each time. The array holds one spare place for that write.
 */
function rowsWhere(truths: Uint8Array, count: number, order?: Int32Array): number[] {
  const rows = new Array<number>(count + 1);
  let at = 0;
  if (order === undefined) {
    for (let row = 0; row < truths.length; row += 1) {
      rows[at] = row;
      at += truths[row] ?? 0;
    }
  } else {
    for (let rank = 0; rank < order.length; rank += 1) {
      const row = order[rank] ?? 0;
      rows[at] = row;
      at += truths[row] ?? 0;
    }
  }
  rows.length = count;
  return rows;
}

function rowTest(filter: Filter, scope: Scope): RowTest | undefined {
  switch (filter.kind) {
    case 'and':
    case 'or': {
      const tests: RowTest[] = [];
      for (const part of filter.filters) {
        const test = rowTest(part, scope);
        if (test === undefined) return undefined;
        tests.push(test);
      }
      return filter.kind === 'and' ? allOf(tests) : anyOf(tests);
    }
    case 'not': {
      const test = rowTest(filter.filter, scope);
      if (test === undefined) return undefined;
      const negated = (row: number): Truth => {
        const truth = test(row);
        return truth === null ? null : !truth;
      };
      const { fill } = test;
      if (fill === undefined) return negated;
      return withFill(negated, (truths) => {
        fill(truths);
        for (let row = 0; row < truths.length; row += 1) truths[row] = (truths[row] ?? 0) ^ 1;
      });
    }
    case 'compare': {
      const column = columnRead(filter.column, scope);
      if (column === undefined) return undefined;
      const literal = literalOf(column.kind, filter.value);
      return literal === undefined ? undefined : comparison(column, filter.op, literal);
    }
    case 'in':
      return membership(filter.column, filter.values, scope);
    case 'is_null': {
      const column = columnRead(filter.column, scope);
      if (column === undefined) return undefined;
      const { cells } = column;
      return filter.negated
        ? (row) => (cells[row] ?? null) !== null
        : (row) => (cells[row] ?? null) === null;
    }
  }
}

/** SQL `AND`: false when a part is false, else unknown when one is unknown; true for none. */
function allOf(tests: readonly RowTest[]): RowTest {
  if (tests.length === 1) return tests[0] as RowTest;
  const test = (row: number): Truth => {
    let truth: Truth = true;
    for (let index = 0; index < tests.length; index += 1) {
      const part = (tests[index] as RowTest)(row);
      if (part === false) return false;
      if (part === null) truth = null;
    }
    return truth;
  };
  return withCombinedFill(test, tests, true);
}

/** SQL `OR`: true when a part is true, else unknown when one is unknown; false for none. */
function anyOf(tests: readonly RowTest[]): RowTest {
  if (tests.length === 1) return tests[0] as RowTest;
  const test = (row: number): Truth => {
    let truth: Truth = false;
    for (let index = 0; index < tests.length; index += 1) {
      const part = (tests[index] as RowTest)(row);
      if (part === true) return true;
      if (part === null) truth = null;
    }
    return truth;
  };
  return withCombinedFill(test, tests, false);
}

/** `test`, able to fill its truths by `fill` (see {@link RowTest}). */
function withFill(test: (row: number) => Truth, fill: (truths: Uint8Array) => void): RowTest {
  return Object.assign(test, { fill });
}

/**
 * `test` of `parts` combined by `AND` (`and`) or `OR`, with a fill when every part has one: the
 * first part fills the truths, each other part a scratch array combined into them.
 */
function withCombinedFill(
  test: (row: number) => Truth,
  parts: readonly RowTest[],
  and: boolean,
): RowTest {
  const fills = parts.flatMap((part) => (part.fill === undefined ? [] : [part.fill]));
  const [first, ...others] = fills;
  if (first === undefined || fills.length !== parts.length) return test;
  return withFill(test, (truths) => {
    first(truths);
    const scratch = new Uint8Array(truths.length);
    for (const fill of others) {
      fill(scratch);
      if (and)
        for (let row = 0; row < truths.length; row += 1)
          truths[row] = (truths[row] ?? 0) & (scratch[row] ?? 0);
      else
        for (let row = 0; row < truths.length; row += 1)
          truths[row] = (truths[row] ?? 0) | (scratch[row] ?? 0);
    }
  });
}

/** A test that a row's cell is one of `values`; undefined when not exactly comparable. */
function membership(
  column: string,
  values: readonly FilterValue[],
  scope: Scope,
): RowTest | undefined {
  const read = columnRead(column, scope);
  if (read === undefined) return undefined;
  const wanted = new Set<Cell>();
  for (const value of values) {
    const literal = literalOf(read.kind, value);
    if (literal === undefined) return undefined;
    wanted.add(literal);
  }
  // The SQL of an empty list is FALSE, which is false even for a NULL cell.
  if (wanted.size === 0) return () => false;
  const { cells } = read;
  return (row) => {
    const value = cells[row] ?? null;
    return value === null ? null : wanted.has(value);
  };
}

/** A test of `cell op literal`, the literal already converted to the column's type. */
function comparison(column: ColumnRead, op: CompareOp, literal: Literal): RowTest {
  const { cells } = column;
  if (typeof literal === 'boolean') {
    // Two possible cells: decide each once (false < true).
    const ifTrue = holds(op, Number(true) - Number(literal));
    const ifFalse = holds(op, Number(false) - Number(literal));
    return (row) => {
      const value = cells[row] ?? null;
      return value === null ? null : value === true ? ifTrue : ifFalse;
    };
  }
  if (typeof literal === 'string' && op !== '=' && op !== '<>' && ABOVE_SURROGATES.test(literal)) {
    return (row) => {
      const value = (cells[row] ?? null) as string | null;
      return value === null ? null : holds(op, compareStrings(value, literal));
    };
  }
  const test = operatorTest(cells as ArrayLike<number | bigint | string | null>, op, literal);
  const packed = cells instanceof Int32Array || cells instanceof Uint32Array;
  return packed && typeof literal === 'number'
    ? withFill(test, packedComparison(cells, op, literal))
    : test;
}

/**
 * Fills the truth of `cell op literal` for every row of a packed integer column: `+(a < b)`
 * compiles to no branch.
 */
function packedComparison(
  cells: Int32Array | Uint32Array,
  op: CompareOp,
  literal: number,
): (truths: Uint8Array) => void {
  switch (op) {
    case '=':
      return (truths) => {
        for (let row = 0; row < truths.length; row += 1) truths[row] = +(cells[row] === literal);
      };
    case '<>':
      return (truths) => {
        for (let row = 0; row < truths.length; row += 1) truths[row] = +(cells[row] !== literal);
      };
    case '<':
      return (truths) => {
        for (let row = 0; row < truths.length; row += 1)
          truths[row] = +((cells[row] ?? 0) < literal);
      };
    case '<=':
      return (truths) => {
        for (let row = 0; row < truths.length; row += 1)
          truths[row] = +((cells[row] ?? 0) <= literal);
      };
    case '>':
      return (truths) => {
        for (let row = 0; row < truths.length; row += 1)
          truths[row] = +((cells[row] ?? 0) > literal);
      };
    case '>=':
      return (truths) => {
        for (let row = 0; row < truths.length; row += 1)
          truths[row] = +((cells[row] ?? 0) >= literal);
      };
  }
}

/**
 * `cell op literal` with JavaScript's operators: exact for numbers and bigints of one integer
 * type, and for strings when the literal has no code unit from U+D800 up (see
 * {@link ABOVE_SURROGATES}). One closure per operator keeps the per-row work to a compare.
 */
function operatorTest(
  cells: ArrayLike<number | bigint | string | null>,
  op: CompareOp,
  literal: number | bigint | string,
): RowTest {
  switch (op) {
    case '=':
      return (row) => {
        const value = cells[row] ?? null;
        return value === null ? null : value === literal;
      };
    case '<>':
      return (row) => {
        const value = cells[row] ?? null;
        return value === null ? null : value !== literal;
      };
    case '<':
      return (row) => {
        const value = cells[row] ?? null;
        return value === null ? null : value < literal;
      };
    case '<=':
      return (row) => {
        const value = cells[row] ?? null;
        return value === null ? null : value <= literal;
      };
    case '>':
      return (row) => {
        const value = cells[row] ?? null;
        return value === null ? null : value > literal;
      };
    case '>=':
      return (row) => {
        const value = cells[row] ?? null;
        return value === null ? null : value >= literal;
      };
  }
}

/** Whether `op` holds between two values whose order is `order` (negative, zero or positive). */
function holds(op: CompareOp, order: number): boolean {
  if (op === '=') return order === 0;
  if (op === '<>') return order !== 0;
  return orderHolds(op, order);
}

/**
 * A code unit from U+D800 up: a surrogate, or a character JavaScript orders after them. Against
 * a string with none, JavaScript's `<` orders as code points do (at a first difference its unit
 * is below every surrogate), so {@link operatorTest} serves it; else {@link compareStrings}.
 */
const ABOVE_SURROGATES = /[\ud800-\uffff]/;

/**
 * The value Lance compares a column of `kind` with for a literal, in the kind's cell encoding;
 * undefined when the literal has no exact value of the column's type (a string or a boolean for
 * a number column, a fraction, an integer out of range). Lance converts literals to the column's
 * type and rejects the filter when it cannot; under a NOT it casts them as DataFusion does
 * instead, so such literals are left to Lance either way. A lone surrogate in a string becomes
 * U+FFFD on its way to Lance: such a literal is left to Lance too.
 */
function literalOf(kind: ExactKind, value: FilterValue): Literal | undefined {
  switch (kind) {
    case 'utf8':
      return typeof value === 'string' && wellFormedTextProblem(value) === undefined
        ? value
        : undefined;
    case 'bool':
      return typeof value === 'boolean' ? value : undefined;
    case 'int32':
    case 'uint32':
    case 'int64':
    case 'uint64': {
      const integer = integerOf(value);
      const [min, max] = INTEGER_RANGES[kind] as readonly [bigint, bigint];
      if (integer === undefined || integer < min || integer > max) return undefined;
      // 32-bit cells are numbers, 64-bit cells bigints (see column-decoder.ts).
      return kind === 'int32' || kind === 'uint32' ? Number(integer) : integer;
    }
  }
}

/**
 * The integer Lance reads from a literal, if it reads an integer. A number reaches SQL as
 * `String(value)` (sql-literal.ts): from 2^53 up that is the shortest spelling that reads back
 * as the same double, not the double's exact value, and Lance takes the spelling's value.
 */
function integerOf(value: FilterValue): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value !== 'number') return undefined;
  const text = String(value);
  return /^-?\d+$/.test(text) ? BigInt(text) : undefined;
}

/**
 * The cells of a column a filter reads, when its type is exactly comparable: the image's, or
 * derived from the ids of the rows tested (a sparse array when the id is pinned; else every
 * row's, kept with the image).
 */
function columnRead(column: string, { image, source, rows }: Scope): ColumnRead | undefined {
  const { ids } = image;
  if (column === 'id') return { kind: 'utf8', cells: ids };
  const kind = source.reader.columns.find((spec) => spec.name === column)?.type.kind;
  if (kind === undefined || !isExactKind(kind)) return undefined;
  const cells = image.column(column);
  if (cells !== undefined) return { kind, cells };
  const derive = source.derived.get(column);
  if (derive === undefined) return undefined;
  if (rows === undefined) return { kind, cells: image.derivedColumn(column, derive) };
  const derived: Cell[] = [];
  for (const row of rows) derived[row] = derive(ids[row] ?? '');
  return { kind, cells: derived };
}

function isExactKind(kind: string): kind is ExactKind {
  return EXACT_KINDS.has(kind);
}

/** Candidate rows of an equality on the id or a derived key: the rows of those ids. */
function keyRows(
  image: TableImage,
  filter: Filter,
  source: ImageFilterSource,
): number[] | undefined {
  const ids = pinnedIds(filter, source.derived);
  if (ids === undefined) return undefined;
  const rows = new Set<number>();
  for (const id of ids) {
    const row = image.rowOf(id);
    if (row !== undefined) rows.add(row);
  }
  return [...rows].sort((a, b) => a - b);
}

/**
 * The ids a filter that is not an `AND` pins (see {@link pinsKey}), each spelled as the id; undefined
 * when it pins none, or pins one by a value that is no plain literal.
 */
function keyIds(filter: Filter, derived: DerivedColumns): string[] | undefined {
  const values = keyValues(filter, derived);
  if (values === undefined || !values.every(isPlainValue)) return undefined;
  return values.map((value) => String(value));
}

/**
 * The ids `filter` pins (see {@link pinsKey}): those of its first part that pins them, within an
 * `AND`. Undefined when it pins none.
 */
export function pinnedIds(filter: Filter, derived: DerivedColumns): string[] | undefined {
  if (filter.kind !== 'and') return keyIds(filter, derived);
  for (const part of filter.filters) {
    const ids = pinnedIds(part, derived);
    if (ids !== undefined) return ids;
  }
  return undefined;
}

/**
 * True when `filter` pins the id: an equality or `IN` list on the id or on a value derived from
 * it (`derived`), alone or within an `AND`. Such a filter finds its rows without a scan.
 */
export function pinsKey(filter: Filter, derived: DerivedColumns): boolean {
  if (filter.kind === 'and') return filter.filters.some((part) => pinsKey(part, derived));
  return keyValues(filter, derived) !== undefined;
}

/** The values a filter (not an `AND`) pins the id to, or undefined (see {@link pinsKey}). */
function keyValues(filter: Filter, derived: DerivedColumns): readonly FilterValue[] | undefined {
  if (filter.kind !== 'in' && (filter.kind !== 'compare' || filter.op !== '=')) return undefined;
  if (filter.column !== 'id' && !derived.has(filter.column)) return undefined;
  return filter.kind === 'in' ? filter.values : [filter.value];
}

function isPlainValue(value: FilterValue): value is string | number | bigint | boolean {
  return typeof value !== 'object';
}
