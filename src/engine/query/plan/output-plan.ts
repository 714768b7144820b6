import type { MatchIR } from '../../../compiler/ir/match-ir.js';
import type { OrderingIR, ProjectionIR, ReadQueryIR } from '../../../compiler/ir/query-ir.js';
import { OmniError } from '../../../util/omni-error.js';
import type { PlanInputs } from './plan-inputs.js';
import { groupedRows, limitedRows } from './row-estimates.js';

/** What a read does with the rows its match binds: plain rows, or groups. */
export type OutputPlan = RowsOutput | GroupsOutput;

/** Plain rows: ordered totally, limited, then projected for the rows kept only. */
export interface RowsOutput {
  readonly kind: 'rows';
  readonly order: RowOrderStage;
  readonly limit: LimitStage | undefined;
  readonly project: ProjectStage;
}

/**
 * Orders the rows by the `order` entries, then by the ids of `ties`; ordering by a ranking keeps
 * only the rows it ranks.
 */
export interface RowOrderStage {
  readonly kind: 'order';
  /** The `order` entries, aliases resolved to the expressions of the projections they name. */
  readonly keys: readonly OrderingIR[];
  /** The variables whose ids break ties: node variables in binding order, then edge variables. */
  readonly ties: readonly string[];
  readonly estimatedRows: number;
}

/** Keeps the first `count` rows. */
export interface LimitStage {
  readonly kind: 'limit';
  readonly count: number;
  readonly estimatedRows: number;
}

/** Computes the projections of the rows kept. */
export interface ProjectStage {
  readonly kind: 'project';
  readonly projections: readonly ProjectionIR[];
  readonly estimatedRows: number;
}

/** Groups: aggregated, then ordered and limited. */
export interface GroupsOutput {
  readonly kind: 'groups';
  readonly aggregate: AggregateStage;
  readonly order: GroupOrderStage;
}

/** Groups the rows by the group keys and computes each aggregate per group. */
export interface AggregateStage {
  readonly kind: 'aggregate';
  readonly projections: readonly ProjectionIR[];
  readonly estimatedRows: number;
}

/**
 * Orders groups by the `order` entries (aliases of projections), ties by the group keys, keeping
 * the first `limit` (selected without sorting the rest).
 */
export interface GroupOrderStage {
  readonly kind: 'group-order';
  readonly keys: readonly OrderingIR[];
  readonly limit: number | undefined;
  readonly estimatedRows: number;
}

/** The output stages of `query` over about `rows` matched rows. */
export function planOutput(query: ReadQueryIR, rows: number, inputs: PlanInputs): OutputPlan {
  if (!query.aggregated) return planRows(query, rows);
  const groups = groupedRows(inputs, query.projections, rows);
  return {
    kind: 'groups',
    aggregate: { kind: 'aggregate', projections: query.projections, estimatedRows: groups },
    order: planGroupOrder(query, groups),
  };
}

/** The output stages of a read of plain rows over about `rows` matched rows. */
export function planRows(query: ReadQueryIR, rows: number): RowsOutput {
  const keys = query.order.map((entry) => ({
    expr: resolveAlias(entry, query.projections),
    direction: entry.direction,
  }));
  const kept = limitedRows(rows, query.limit);
  return {
    kind: 'rows',
    order: { kind: 'order', keys, ties: tieVariables(query.match), estimatedRows: rows },
    limit:
      query.limit === undefined
        ? undefined
        : { kind: 'limit', count: query.limit, estimatedRows: kept },
    project: { kind: 'project', projections: query.projections, estimatedRows: kept },
  };
}

/** The ordering of about `groups` groups. */
export function planGroupOrder(query: ReadQueryIR, groups: number): GroupOrderStage {
  return {
    kind: 'group-order',
    keys: query.order,
    limit: query.limit,
    estimatedRows: limitedRows(groups, query.limit),
  };
}

/** An ordering by alias names a projection: order by that projection's expression. */
function resolveAlias(entry: OrderingIR, projections: readonly ProjectionIR[]): OrderingIR['expr'] {
  const { expr } = entry;
  if (expr.kind !== 'alias') return expr;
  const projection = projections[expr.index];
  if (projection === undefined) throw new OmniError('internal', `no projection ${expr.index}`);
  return projection.expr;
}

/**
 * The variables whose ids break ties, in a fixed order that depends on the query only: node
 * variables as the match binds them (declared, then implied), then edge variables.
 */
function tieVariables(match: MatchIR): string[] {
  return [
    ...match.bindings.map((binding) => binding.variable),
    ...match.traversals.flatMap((traversal) =>
      traversal.edgeVariable === undefined ? [] : [traversal.edgeVariable],
    ),
  ];
}
