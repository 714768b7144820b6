import type { FilterOp } from '../../../compiler/query/ast.js';
import type { TraversalIR } from '../../../compiler/ir/match-ir.js';
import type { ProjectionIR } from '../../../compiler/ir/query-ir.js';
import { assertNever } from '../../../util/assert-never.js';
import type { Filter } from '../../lance/index.js';
import { edgeRows, nodeRows, type PlanInputs } from './plan-inputs.js';

// Rough fractions of rows a predicate keeps. Estimates are shown by explain and never steer a
// decision, so that plans (and answers) do not depend on how good a guess is.
const EQUAL = 0.1;
const NOT_EQUAL = 0.9;
const RANGE = 1 / 3;
const TEXT_MATCH = 0.25;
const SEARCH = 0.1;
const IS_NULL = 0.1;
/** Rows an anti-join keeps. */
export const ANTI_JOIN_KEEPS = 0.5;

/** The fraction of rows a filter evaluated in memory keeps. */
function filterSelectivity(op: FilterOp): number {
  switch (op) {
    case '=':
      return EQUAL;
    case '!=':
      return NOT_EQUAL;
    case '<':
    case '<=':
    case '>':
    case '>=':
      return RANGE;
    case 'contains':
    case 'starts_with':
      return TEXT_MATCH;
    default:
      return assertNever(op, 'filter operator');
  }
}

/** The fraction of rows a Lance filter keeps; an equality on the id or key keeps one row. */
function pushedSelectivity(filter: Filter, unique: ReadonlySet<string>, rows: number): number {
  switch (filter.kind) {
    case 'compare':
      if (filter.op === '=') return unique.has(filter.column) ? 1 / Math.max(1, rows) : EQUAL;
      return filter.op === '<>' ? NOT_EQUAL : RANGE;
    case 'in':
      return unique.has(filter.column)
        ? filter.values.length / Math.max(1, rows)
        : Math.min(1, filter.values.length * EQUAL);
    case 'is_null':
      return filter.negated ? 1 - IS_NULL : IS_NULL;
    case 'and':
      return filter.filters.reduce((kept, part) => kept * pushedSelectivity(part, unique, rows), 1);
    case 'or':
      return Math.min(
        1,
        filter.filters.reduce((kept, part) => kept + pushedSelectivity(part, unique, rows), 0),
      );
    case 'not':
      return 1 - pushedSelectivity(filter.filter, unique, rows);
    default:
      return assertNever(filter, 'filter');
  }
}

/** Rows of `rows` kept by pushed filters and text predicates on a node type. */
export function constrainedRows(
  inputs: PlanInputs,
  nodeType: string,
  rows: number,
  filters: readonly Filter[],
  searches: number,
): number {
  const unique = new Set(['id', ...(inputs.derivedColumns.get(nodeType) ?? [])]);
  const table = nodeRows(inputs, nodeType);
  const kept = filters.reduce(
    (fraction, filter) => fraction * pushedSelectivity(filter, unique, table),
    SEARCH ** searches,
  );
  return rows * kept;
}

/** Rows of `rows` kept by residual filters. */
export function filteredRows(rows: number, ops: readonly FilterOp[]): number {
  return ops.reduce((kept, op) => kept * filterSelectivity(op), rows);
}

/**
 * Rows after a traversal from `rows` rows: an expansion multiplies them by the nodes each
 * reaches (the average degree per hop, at most the target table), a check keeps the share of
 * targets reached.
 */
export function traversedRows(
  inputs: PlanInputs,
  rows: number,
  traversal: TraversalIR,
  fromSource: boolean,
  check: boolean,
): number {
  const fromType = fromSource ? traversal.sourceType : traversal.targetType;
  const toType = fromSource ? traversal.targetType : traversal.sourceType;
  const sides = traversal.undirected ? 2 : 1;
  const degree =
    (sides * edgeRows(inputs, traversal.edgeType)) / Math.max(1, nodeRows(inputs, fromType));
  if (traversal.edgeVariable !== undefined) return rows * degree;
  let reached = 0;
  for (let hop = traversal.minHops; hop <= traversal.maxHops; hop += 1) reached += degree ** hop;
  const targets = nodeRows(inputs, toType);
  return check
    ? rows * Math.min(1, reached / Math.max(1, targets))
    : rows * Math.min(targets, reached);
}

/**
 * Groups of `rows` rows by the group keys of `projections`: one without keys, at most the rows
 * of the keys' table when they read one variable, else at most the rows.
 */
export function groupedRows(
  inputs: PlanInputs,
  projections: readonly ProjectionIR[],
  rows: number,
): number {
  const keys = projections.filter((projection) => projection.role === 'group-key');
  if (keys.length === 0) return 1;
  const tables = new Map<string, string>();
  for (const { expr } of keys) {
    if (expr.kind === 'property') tables.set(expr.variable, `${expr.entity}:${expr.typeName}`);
    else if (expr.kind === 'entity-id') tables.set(expr.variable, `node:${expr.typeName}`);
    else return rows;
  }
  const [table] = tables.values();
  if (tables.size !== 1 || table === undefined) return rows;
  return Math.min(rows, inputs.rowCounts.get(table) ?? rows);
}

/** Rows kept by a limit. */
export function limitedRows(rows: number, limit: number | undefined): number {
  return limit === undefined ? rows : Math.min(rows, limit);
}
