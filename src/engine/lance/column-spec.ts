import type { ArrowScalarType, ArrowType } from '../../compiler/catalog/catalog.js';
import { OmniError } from '../../util/omni-error.js';
import { validateColumnName } from './lance-names.js';

/** Kinds of a single value, usable as a column type or as the element of a list. */
export type ScalarKind = ArrowScalarType['kind'];

/** Every scalar kind, in a stable order. */
export const SCALAR_KINDS: readonly ScalarKind[] = [
  'utf8',
  'bool',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'float32',
  'float64',
  'date32',
  'date64',
  'large_binary',
];

/**
 * The type of a column: the compiler's physical type description, so catalog columns are
 * table columns as they are. `date32` values are epoch days, `date64` values epoch
 * milliseconds; `fixed_size_list` is a vector of `dimension` float32 elements.
 */
export type ColumnType = ArrowType;

/**
 * One column of a table, as plain data (the compiler's catalog produces these).
 *
 * @example
 * const embedding: ColumnSpec = {
 *   name: 'embedding',
 *   type: { kind: 'fixed_size_list', dimension: 384 },
 *   nullable: true,
 * };
 */
export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
}

/** The key column every table has: non-null Utf8, Lance's unenforced primary key. */
export const ID_COLUMN = 'id';

/** Largest vector dimension accepted; far above any embedding model, it stops absurd specs. */
const MAX_DIMENSION = 65_536;

/** True when `kind` is one of the scalar kinds. */
export function isScalarKind(kind: string): kind is ScalarKind {
  return (SCALAR_KINDS as readonly string[]).includes(kind);
}

/**
 * Checks the columns of a new table: valid unique names, sane vector dimensions, and an `id`
 * column of non-null Utf8.
 */
export function validateTableColumns(columns: readonly ColumnSpec[]): void {
  const seen = new Set<string>();
  for (const column of columns) {
    validateColumnName(column.name);
    if (seen.has(column.name)) throw badColumns(`column '${column.name}' is declared twice`);
    seen.add(column.name);
    const { type } = column;
    if (type.kind === 'fixed_size_list') {
      const { dimension } = type;
      if (!Number.isInteger(dimension) || dimension < 1 || dimension > MAX_DIMENSION) {
        throw badColumns(
          `vector column '${column.name}' has dimension ${dimension}; expected an integer 1..${MAX_DIMENSION}`,
        );
      }
    }
  }
  const id = columns.find((column) => column.name === ID_COLUMN);
  if (id?.type.kind !== 'utf8' || id.nullable) {
    throw badColumns(`a table needs a non-nullable utf8 column '${ID_COLUMN}'`);
  }
}

function badColumns(message: string): OmniError {
  return new OmniError('bad_request', message);
}

/** A short name of a column type for messages, e.g. `list<int64>` or `vector(384)`. */
export function describeColumnType(type: ColumnType): string {
  if (type.kind === 'list') return `list<${type.element.kind}>`;
  if (type.kind === 'fixed_size_list') return `vector(${type.dimension})`;
  return type.kind;
}
