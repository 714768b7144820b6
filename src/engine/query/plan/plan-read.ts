import type { ReadQueryIR } from '../../../compiler/ir/query-ir.js';
import { planCountPushdown } from '../execution/count-pushdown.js';
import { planReachAggregate } from '../execution/reach-aggregation.js';
import { planReachCount } from '../execution/reach-count-aggregation.js';
import { planRankedScan } from '../search/ranked-scan.js';
import { planOutput } from './output-plan.js';
import type { MatchReadPlan } from './match-read-plan.js';
import type { PhysicalPlan } from './physical-plan.js';
import type { PlanInputs } from './plan-inputs.js';
import { planMatch } from './plan-match.js';
import { planRowFlow } from './row-flow.js';

/**
 * The plan of a read query: the first fast path whose shape the query has (count pushdown,
 * reach count, reach aggregation with the general plan as its fallback, ranked scan), else the
 * general match. Pure: it reads no table and depends on the query and `inputs` only.
 */
export function planRead(query: ReadQueryIR, inputs: PlanInputs): PhysicalPlan {
  return (
    planCountPushdown(query, inputs) ??
    planReachCount(query, inputs) ??
    planReachAggregate(query, inputs, () => planGeneral(query, inputs)) ??
    planRankedScan(query, inputs) ??
    planGeneral(query, inputs)
  );
}

/**
 * The general plan: the match block from the unit relation, then the output stages, streamed
 * when the read is limited (see `planRowFlow`).
 */
function planGeneral(query: ReadQueryIR, inputs: PlanInputs): MatchReadPlan {
  const match = planMatch(query.match, [], 1, inputs);
  const output = planOutput(query, match.estimatedRows, inputs);
  const estimatedRows =
    output.kind === 'rows' ? output.project.estimatedRows : output.order.estimatedRows;
  const flow = planRowFlow(query, match, output, inputs);
  return { kind: 'match', query, match, output, flow, estimatedRows };
}
