// Recovery of interrupted graph-moving operations: the sweep and what read-only commands see.
export { decideSweep, type SweepDecision, type SweepFacts } from './sweep-decision.js';
export { sweepRecoveries, type SweepInput, type SweepResult } from './recovery-sweep.js';
export { pendingRecoveries, type PendingRecoveries } from './pending-recoveries.js';
