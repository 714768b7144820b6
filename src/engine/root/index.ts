// The graph root and its records: layout, init and open, branch heads, commit records, accepted
// schemas, table names and recovery intents. What is stored, not how a write proceeds.
export { type AcceptedSchema, SchemaReader, writeAcceptedSchema } from './schema-store.js';
export { type BranchHead, createHead, publishHead, readHead, requireHead } from './branch-head.js';
export {
  CommitReader,
  type CommitRecord,
  type ManifestEntry,
  commitInfo,
  nowMicros,
  writeCommitRecord,
} from './commit-record.js';
export { datasetPath, GRAPH_FORMAT_VERSION, GraphKeys, recordName } from './graph-layout.js';
export type { GraphRoot } from './graph-root.js';
export {
  type IntentTable,
  type RecoveryIntent,
  type WriterKind,
  deleteIntent,
  deleteIntents,
  hasIntents,
  leaveIntent,
  listIntents,
  type SkippedIntents,
  writeIntent,
} from './recovery-intent.js';
export { MAIN_BRANCH, branchNamesOverlap, normalizeBranchName } from './branch-name.js';
export { initGraph } from './graph-init.js';
export { ReadHeads } from './read-heads.js';
export { openGraphRoot } from './graph-open.js';
export { replacementTableNameFor, tableNameFor } from './table-naming.js';
