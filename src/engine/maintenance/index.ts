// Maintenance: optimize (compaction, index reconciliation) and cleanup (version GC).
export { cleanupGraph } from './cleanup.js';
export { optimizeGraph } from './optimize.js';
