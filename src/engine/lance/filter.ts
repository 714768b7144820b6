import { assertNever } from '../../util/assert-never.js';
import {
  date32Literal,
  date64Literal,
  numberLiteral,
  quoteIdentifier,
  stringLiteral,
  bigintLiteral,
} from './sql-literal.js';

/**
 * A typed date for a filter: Lance compares date columns only with date values, so a bare
 * number would be rejected. Build with {@link where.date32} / {@link where.date64}.
 */
export interface DateValue {
  readonly kind: 'date32' | 'date64';
  /** Epoch days for `date32`, epoch milliseconds for `date64`. */
  readonly value: number;
}

/** A value a filter compares with: it becomes a SQL literal, never raw text. */
export type FilterValue = string | number | bigint | boolean | DateValue;

/** Comparison operators. */
export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

/**
 * A filter over one table's rows, as immutable plain data. Every scan, count, delete and
 * update takes one of these instead of a SQL string, so caller text is never pasted into SQL.
 */
export type Filter =
  | {
      readonly kind: 'compare';
      readonly column: string;
      readonly op: CompareOp;
      readonly value: FilterValue;
    }
  | { readonly kind: 'in'; readonly column: string; readonly values: readonly FilterValue[] }
  | { readonly kind: 'is_null'; readonly column: string; readonly negated: boolean }
  | { readonly kind: 'and'; readonly filters: readonly Filter[] }
  | { readonly kind: 'or'; readonly filters: readonly Filter[] }
  | { readonly kind: 'not'; readonly filter: Filter };

const compare =
  (op: CompareOp) =>
  (column: string, value: FilterValue): Filter => ({ kind: 'compare', column, op, value });

/**
 * Filter constructors.
 *
 * @example
 * const filter = where.and(
 *   where.eq('name', userInput),
 *   where.in('status', ['active', 'trial']),
 *   where.ge('born', where.date32(7305)),
 *   where.isNotNull('email'),
 * );
 */
export const where = {
  eq: compare('='),
  ne: compare('<>'),
  lt: compare('<'),
  le: compare('<='),
  gt: compare('>'),
  ge: compare('>='),
  /** `column IN (values)`; an empty list matches nothing. */
  in: (column: string, values: readonly FilterValue[]): Filter => ({ kind: 'in', column, values }),
  isNull: (column: string): Filter => ({ kind: 'is_null', column, negated: false }),
  isNotNull: (column: string): Filter => ({ kind: 'is_null', column, negated: true }),
  /** All of `filters`; none matches every row. */
  and: (...filters: readonly Filter[]): Filter => ({ kind: 'and', filters }),
  /** Any of `filters`; none matches no row. */
  or: (...filters: readonly Filter[]): Filter => ({ kind: 'or', filters }),
  not: (filter: Filter): Filter => ({ kind: 'not', filter }),
  /** A `date32` value from epoch days. */
  date32: (days: number): DateValue => ({ kind: 'date32', value: days }),
  /** A `date64` value from epoch milliseconds. */
  date64: (ms: number): DateValue => ({ kind: 'date64', value: ms }),
} as const;

/** The Lance (DataFusion) SQL predicate of a filter. */
export function filterSql(filter: Filter): string {
  switch (filter.kind) {
    case 'compare':
      return `${quoteIdentifier(filter.column)} ${filter.op} ${valueSql(filter.value)}`;
    case 'in':
      // `IN ()` does not parse; an empty set is simply false.
      return filter.values.length === 0
        ? 'FALSE'
        : `${quoteIdentifier(filter.column)} IN (${filter.values.map(valueSql).join(', ')})`;
    case 'is_null':
      return `${quoteIdentifier(filter.column)} IS ${filter.negated ? 'NOT ' : ''}NULL`;
    case 'and':
      return joined(filter.filters, 'AND', 'TRUE');
    case 'or':
      return joined(filter.filters, 'OR', 'FALSE');
    case 'not':
      return `NOT (${filterSql(filter.filter)})`;
    default:
      return assertNever(filter, 'filter');
  }
}

/** The columns a filter reads, each once, in the order it names them. */
export function filterColumns(filter: Filter): string[] {
  const columns = new Set<string>();
  const visit = (part: Filter): void => {
    switch (part.kind) {
      case 'compare':
      case 'in':
      case 'is_null':
        columns.add(part.column);
        return;
      case 'and':
      case 'or':
        part.filters.forEach(visit);
        return;
      case 'not':
        visit(part.filter);
        return;
      default:
        assertNever(part, 'filter');
    }
  };
  visit(filter);
  return [...columns];
}

function joined(filters: readonly Filter[], operator: 'AND' | 'OR', empty: string): string {
  if (filters.length === 0) return empty;
  return filters.map((part) => `(${filterSql(part)})`).join(` ${operator} `);
}

function valueSql(value: FilterValue): string {
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') return numberLiteral(value);
  if (typeof value === 'bigint') return bigintLiteral(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return value.kind === 'date32' ? date32Literal(value.value) : date64Literal(value.value);
}
