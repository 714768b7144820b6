// Apply and approve: the commands that converge a cluster and authorize irreversible changes.
export { applyCluster, type ApplyOptions } from './apply-cluster.js';
export { approveCluster, type ApproveOptions } from './approve-cluster.js';
export type { ApplyOutput, ApproveOutput } from './apply-output.js';
export { APPLY_FAILPOINTS, type ApplyFailpoint } from './apply-failpoints.js';
