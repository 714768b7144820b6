import type { ReadQueryIR } from '../../../compiler/ir/query-ir.js';
import type { MatchPlan } from './match-plan.js';
import type { OutputPlan } from './output-plan.js';
import type { RowFlow } from './row-flow.js';

/**
 * The general path of a read: the match block's steps, then the output stages, the rows passing
 * from one to the other as `flow` says (all at once, or streamed).
 */
export interface MatchReadPlan {
  readonly kind: 'match';
  readonly query: ReadQueryIR;
  readonly match: MatchPlan;
  readonly output: OutputPlan;
  readonly flow: RowFlow;
  readonly estimatedRows: number;
}
