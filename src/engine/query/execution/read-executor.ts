import { assertNever } from '../../../util/assert-never.js';
import { executeCountPushdown } from './count-pushdown.js';
import type { ExecContext } from './exec-context.js';
import { executeMatch } from './match-executor.js';
import { executeOutput, inOrderRows } from './output-executor.js';
import type { PhysicalPlan } from '../plan/physical-plan.js';
import { measured } from '../plan/plan-profile.js';
import { executeReachAggregate } from './reach-aggregation.js';
import { executeReachCount } from './reach-count-aggregation.js';
import { Relation } from './relation.js';
import { blockOfRows, type RowBlock } from './row-block.js';
import type { ResultRow } from '../../../api/read-output.js';
import { executeRankedScan } from '../search/ranked-scan.js';
import type { MatchReadPlan } from '../plan/match-read-plan.js';
import { OmniError } from '../../../util/omni-error.js';
import { streamedRows } from './streamed-rows.js';
import { wireRows } from './wire-rows.js';

/** The columns and rows of a read, before the result envelope. */
export interface ReadRows {
  readonly columns: readonly string[];
  readonly rows: readonly ResultRow[];
}

/**
 * Runs a read plan against the context's snapshot and projects its rows into wire values, in
 * the query's column order.
 */
export async function executePlan(ctx: ExecContext, plan: PhysicalPlan): Promise<ReadRows> {
  const { projections } = plan.query;
  const block = await executeRows(ctx, plan);
  const columns = projections.map((projection) => projection.column);
  const types = projections.map((projection) => projection.expr.valueType.type);
  return { columns, rows: wireRows(columns, types, block) };
}

/** The rows of a plan before they become wire values (measured as its root stage when profiling). */
function executeRows(ctx: ExecContext, plan: PhysicalPlan): Promise<RowBlock> {
  return measured(
    ctx.profile,
    plan,
    () => runPlan(ctx, plan),
    (block) => block.size,
  );
}

async function runPlan(ctx: ExecContext, plan: PhysicalPlan): Promise<RowBlock> {
  switch (plan.kind) {
    case 'count-pushdown':
      return blockOfRows(await executeCountPushdown(ctx, plan), plan.query.projections.length);
    case 'reach-count':
      return executeReachCount(ctx, plan);
    case 'reach-aggregate': {
      const outcome = await executeReachAggregate(ctx, plan);
      return outcome.kind === 'exact' ? outcome.rows : executeRows(ctx, plan.fallback);
    }
    case 'ranked-scan': {
      const start = await measured(
        ctx.profile,
        plan.scan,
        () => executeRankedScan(ctx, plan.scan),
        (ranked) => ranked.relation.size,
      );
      return executeOutput(ctx, plan.query, plan.output, start.relation, start.values);
    }
    case 'match':
      return executeGeneral(ctx, plan);
    default:
      return assertNever(plan, 'read plan');
  }
}

/** The general plan: every row built then output, or the rows streamed into a limited output. */
async function executeGeneral(ctx: ExecContext, plan: MatchReadPlan): Promise<RowBlock> {
  const { flow, output } = plan;
  switch (flow.kind) {
    case 'materialized': {
      const relation = await executeMatch(ctx, plan.match, Relation.unit());
      return executeOutput(ctx, plan.query, output, relation);
    }
    case 'id-ordered': {
      if (output.kind !== 'rows')
        throw new OmniError('internal', 'only plain rows come in id order');
      const relation = await executeMatch(ctx, plan.match, Relation.unit(), true);
      return inOrderRows(ctx, output, relation);
    }
    case 'limit-pushdown':
    case 'top-k':
      if (output.kind !== 'rows') throw new OmniError('internal', 'only plain rows stream');
      return streamedRows(ctx, plan.match, output, flow);
    default:
      return assertNever(flow, 'row flow');
  }
}
