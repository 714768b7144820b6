// Read-only looks at a cluster's stored state, and the operator's way out of a stale lock.
export { statusCluster } from './status-cluster.js';
export { forceUnlockCluster, type ForceUnlockOptions } from './force-unlock-cluster.js';
export type { ForceUnlockOutput, StatusOutput } from './status-output.js';
export { openConfiguredStore, type ConfiguredStore } from './configured-store.js';
export { appliedPayloads } from './applied-payloads.js';
