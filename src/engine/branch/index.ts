// Branches: create (lazy forks), delete, list, under the branch-namespace gate.
export { BRANCH_NAMES_GATE, createBranch, deleteBranch, listBranchNames } from './branch-ops.js';
