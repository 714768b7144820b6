// Commit changes: the exact entity diff of one commit against its first parent, in pages.
export { commitChanges, type CommitChangesOptions } from './commit-changes.js';
// The entity diff between two snapshots (`branch diff`): two-point or from a merge base.
export { diffBetween, diffSides, refNotFound } from './diff-between.js';
// The change feed of a branch: polls in pages, durable cursors, and baselines to start from.
export {
  type ChangeFeedPollOptions,
  checkFeedStart,
  feedFilter,
  pollChangeFeed,
} from './change-feed-poll.js';
export { changesBaseline } from './changes-baseline.js';
