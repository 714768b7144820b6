// Commit changes: the exact entity diff of one commit against its first parent, in pages.
export { commitChanges } from './commit-changes.js';
