// Mutations: insert/update/delete statements evaluated into one change set and one commit;
// concurrent ones of a branch grouped into one commit (group commit).
export { MutationBatcher } from './mutation-batcher.js';
export type { MutationRequest } from './run-mutation.js';
