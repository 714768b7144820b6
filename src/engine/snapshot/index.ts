// Snapshots: one commit's pinned tables and schema, key lookups on them, and read targets.
export {
  CHUNK,
  chunks,
  filterValueFor,
  type SnapshotLookups,
  type StoredRowsVisitor,
} from './snapshot-lookups.js';
export { type ExistingEntities, uniqueValueKey } from './existing-entities.js';
export type { CachedLookups, IdDerivedColumns } from './cached-lookups.js';
export { type ReadTarget, readTargetOf } from './read-target.js';
export { type PinnedVersion, pinnedKey, reclaimedPins } from './reclaimed-data.js';
export { Snapshot } from './snapshot.js';
export { snapshotOutput } from './snapshot-output.js';
