import { wellFormedTextProblem } from '../../../util/well-formed-text.js';
import type { Cell, Row } from '../../lance/index.js';

/**
 * The cells of `column` in rows as written, as a scan of the table decodes them (`row.ts`), for a
 * column of `kind`; undefined when a cell may decode differently from how it was written (a
 * string with a lone surrogate, a kind not listed here) or is not of the column's type.
 */
export function carriedCells(
  kind: string | undefined,
  rows: readonly Row[],
  column: string,
): Cell[] | undefined {
  const decode = kind === undefined ? undefined : DECODED[kind];
  if (decode === undefined) return undefined;
  const cells: Cell[] = [];
  for (const row of rows) {
    const cell = row[column] ?? null;
    const decoded = cell === null ? null : decode(cell);
    if (decoded === undefined) return undefined;
    cells.push(decoded);
  }
  return cells;
}

/** A written cell as the scan decodes it, per column kind; undefined when it cannot tell. */
type Decode = (cell: Cell) => Cell | undefined;

const number: Decode = (cell) => (typeof cell === 'number' ? cell : undefined);
const integer64: Decode = (cell) => {
  if (typeof cell === 'bigint') return cell;
  // A safe-integer number is accepted on write for a 64-bit column; it reads back a bigint.
  return typeof cell === 'number' && Number.isSafeInteger(cell) ? BigInt(cell) : undefined;
};

const DECODED: Readonly<Record<string, Decode>> = {
  utf8: (cell) =>
    typeof cell === 'string' && wellFormedTextProblem(cell) === undefined ? cell : undefined,
  bool: (cell) => (typeof cell === 'boolean' ? cell : undefined),
  int32: number,
  uint32: number,
  float64: number,
  float32: (cell) => (typeof cell === 'number' ? Math.fround(cell) : undefined),
  int64: integer64,
  uint64: integer64,
};
