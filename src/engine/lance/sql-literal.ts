import { assertNever } from '../../util/assert-never.js';
import { OmniError } from '../../util/omni-error.js';
import type { CheckedCell, ScalarCell } from './cell-check.js';
import type { ColumnType, ScalarKind } from './column-spec.js';

/*
 * SQL text for Lance's DataFusion filter and update parser. Everything a caller supplies
 * reaches SQL through these functions, never by pasting: identifiers are checked and quoted,
 * strings have their single quotes doubled (the parser treats backslashes literally, so
 * nothing else escapes), and numbers must be finite.
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The Arrow type names `arrow_cast` understands, per scalar kind. */
const ARROW_CAST_NAMES: Readonly<Record<ScalarKind, string>> = {
  utf8: 'Utf8',
  bool: 'Boolean',
  int32: 'Int32',
  int64: 'Int64',
  uint32: 'UInt32',
  uint64: 'UInt64',
  float32: 'Float32',
  float64: 'Float64',
  date32: 'Date32',
  date64: 'Date64',
  large_binary: 'LargeBinary',
};

/**
 * A column name quoted with backticks. Unquoted names would be lower-cased by the parser, and a
 * name is checked to be a plain identifier (Lance system columns such as `_rowid` included).
 */
export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new OmniError('bad_request', `invalid column name '${name}' in a filter`, {
      details: { column: name },
    });
  }
  return `\`${name}\``;
}

/** A string literal: single quotes doubled. */
export function stringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A numeric literal; NaN and infinities have no SQL literal and are rejected. */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) {
    throw new OmniError('bad_request', `${value} cannot be used in a filter or update`);
  }
  return String(value);
}

const I64_MIN = -(2n ** 63n);

/**
 * A 64-bit integer literal. The parser reads `-9223372036854775808` as the negation of a literal
 * too large for Int64 (which it makes a float), so the smallest Int64 is written as arithmetic.
 */
export function bigintLiteral(value: bigint): string {
  return value === I64_MIN ? '(-9223372036854775807 - 1)' : String(value);
}

/** A `date32` literal from epoch days. */
export function date32Literal(days: number): string {
  return `arrow_cast(${integerLiteral(days, 'date32 epoch days')}, 'Date32')`;
}

/** A `date64` literal from epoch milliseconds. */
export function date64Literal(ms: number): string {
  return `arrow_cast(${integerLiteral(ms, 'date64 epoch milliseconds')}, 'Date64')`;
}

function integerLiteral(value: number, what: string): string {
  if (!Number.isSafeInteger(value)) {
    throw new OmniError('bad_request', `${value} is not an integer ${what}`);
  }
  return String(value);
}

/**
 * The SQL literal of a checked cell of a column type, for update assignments. Lists are cast to
 * their exact type (an untyped `[]` or `[TRUE, NULL]` does not parse), vectors to
 * `FixedSizeList` (a short untyped vector would silently become NULL).
 */
export function cellLiteral(type: ColumnType, cell: CheckedCell): string {
  if (cell === null) return 'NULL';
  if (type.kind === 'list') {
    const elements = (cell as readonly (ScalarCell | null)[]).map((element) =>
      element === null ? 'NULL' : scalarLiteral(type.element.kind, element),
    );
    return `arrow_cast([${elements.join(', ')}], 'List(${ARROW_CAST_NAMES[type.element.kind]})')`;
  }
  if (type.kind === 'fixed_size_list') {
    const elements = (cell as readonly number[]).map(numberLiteral);
    return `arrow_cast([${elements.join(', ')}], 'FixedSizeList(${type.dimension}, Float32)')`;
  }
  return scalarLiteral(type.kind, cell as ScalarCell);
}

function scalarLiteral(kind: ScalarKind, value: ScalarCell): string {
  switch (kind) {
    case 'utf8':
      return stringLiteral(value as string);
    case 'bool':
      return value === true ? 'TRUE' : 'FALSE';
    case 'int32':
    case 'uint32':
    case 'float32':
    case 'float64':
      return numberLiteral(value as number);
    case 'int64':
    case 'uint64':
      return bigintLiteral(BigInt(value as bigint | number));
    case 'date32':
      return date32Literal(value as number);
    case 'date64':
      return date64Literal(value as number);
    case 'large_binary':
      return `X'${Buffer.from(value as Uint8Array).toString('hex')}'`;
    default:
      return assertNever(kind, 'scalar kind');
  }
}
