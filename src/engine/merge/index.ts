// Branch merge: three-way, entity-level, published as one commit or refused with conflicts.
export { dryRunMerge, mergeBranch } from './merge-branch.js';
