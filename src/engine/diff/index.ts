// Diffs: the entity-level changes between two pinned versions of a table, and merge bases.
export type { PinnedRows } from './pinned-rows.js';
export { type TableDelta, type TableDiff, diffTable, isEmptyDiff } from './table-diff.js';
export { diffSnapshots } from './graph-diff.js';
export { mergeBase } from './merge-base.js';
export { rowsEqual } from './row-equality.js';
