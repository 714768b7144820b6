// Branch merge: three-way, entity-level, published as one commit or refused with conflicts.
export { mergeBranch } from './merge-branch.js';
