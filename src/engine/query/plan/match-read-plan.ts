import type { ReadQueryIR } from '../../../compiler/ir/query-ir.js';
import type { MatchPlan } from './match-plan.js';
import type { OutputPlan } from './output-plan.js';

/** The general path of a read: the match block's steps, then the output stages. */
export interface MatchReadPlan {
  readonly kind: 'match';
  readonly query: ReadQueryIR;
  readonly match: MatchPlan;
  readonly output: OutputPlan;
  readonly estimatedRows: number;
}
