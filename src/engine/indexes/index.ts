// Index builds: the indexes a schema declares, planned per table and built as one commit.
export { ensureIndices } from './ensure-indices.js';
export { indexRequest, planTableIndexes } from './index-plan.js';
