// Mutations: insert/update/delete statements evaluated into one change set and one commit.
export { runMutation } from './run-mutation.js';
