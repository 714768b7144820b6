// Commands that bring the ledger in line with what is stored: refresh and import.
export { refreshCluster } from './refresh-cluster.js';
export { importCluster } from './import-cluster.js';
export type { StateSyncOutput } from './state-sync-output.js';
