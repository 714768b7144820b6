// Planning: the diff of desired against recorded state, with dispositions and approvals.
export { planCluster } from './plan-cluster.js';
export { computePlan, type ComputedPlan, type PlanInput } from './compute-plan.js';
export type {
  ApprovalRequirement,
  BlastRadius,
  ChangeDisposition,
  ChangeOperation,
  ChangeReason,
  MetadataChange,
  MigrationPreview,
  PlanChange,
  PlanOutput,
} from './plan-output.js';
