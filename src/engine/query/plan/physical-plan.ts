import type { CountPushdownPlan } from '../execution/count-pushdown.js';
import type { ReachAggregatePlan } from '../execution/reach-aggregation.js';
import type { ReachCountPlan } from '../execution/reach-count-aggregation.js';
import type { RankedScanPlan } from '../search/ranked-scan.js';
import type { MatchReadPlan } from './match-read-plan.js';

/**
 * How a read query runs, decided before anything runs (see `planRead`): a fast path for the
 * shapes that have one, else the general match with a fixed join order. Every node carries the
 * query it answers and its estimated result rows.
 */
export type PhysicalPlan =
  CountPushdownPlan | ReachCountPlan | ReachAggregatePlan | RankedScanPlan | MatchReadPlan;

/** The kind tag of a {@link PhysicalPlan}. */
export type PhysicalPlanKind = PhysicalPlan['kind'];
