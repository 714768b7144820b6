// Wire types: the Graph interface and every request, result and settings shape of the data plane,
// shared by the embedded engine, the HTTP server and the remote client. Imports only util.
export type {
  CallOptions,
  Graph,
  LoadOptions,
  MutateOptions,
  QueryOptions,
  QueryResult,
  SchemaOptions,
  WriteOptions,
} from './graph.js';
export type { GraphAdmin } from './graph-admin.js';
export type {
  BranchCreateOutput,
  BranchCreateRequest,
  BranchDeleteOutput,
  BranchListOutput,
  BranchMergeOutput,
  BranchMergeRequest,
  MergeOutcome,
} from './branch-output.js';
export type { ChangeOutput, ChangeRequest } from './change-output.js';
export type {
  ChangeBlockOutput,
  ChangeFeedFilter,
  ChangeFeedOutput,
  ChangeFeedRequest,
  ChangeFeedStart,
  ChangesBaselineRecord,
  ChangesBaselineRequest,
} from './change-feed-output.js';
export {
  followChanges,
  type FollowChangesEvent,
  type FollowChangesOptions,
} from './follow-changes.js';
export type {
  ChangeCauseOutput,
  ChangeImageOutput,
  ChangeOp,
  CommitChangesOutput,
  CommitChangesRequest,
  EntityChangeOutput,
  EntityKind,
} from './commit-changes-output.js';
export {
  COMMIT_OPERATIONS,
  type CommitListOutput,
  type CommitListRequest,
  type CommitOperation,
  type CommitOutput,
} from './commit-output.js';
export { MAX_COMMIT_MESSAGE_CHARS } from './commit-message.js';
export type { DiffBetweenOutput, DiffBetweenRequest } from './diff-between-output.js';
export type { EmbedOptions, EmbeddingProvider, EmbeddingTask } from './embedding-provider.js';
export type { ExportRequest } from './export-request.js';
export type { JsonObject, JsonValue } from './json-value.js';
export {
  LOAD_MODES,
  parseLoadMode,
  type LoadData,
  type LoadMode,
  type LoadOutput,
  type LoadProgress,
  type LoadRequest,
  type TypeLoadCount,
} from './load-output.js';
export type {
  CleanupDatasetOutput,
  CleanupOutput,
  CleanupRequest,
  DeferredIndexOutput,
  EnsureIndicesOutput,
  IndexTargetOutput,
  OptimizeDatasetOutput,
  OptimizeOutput,
  PendingIndexOutput,
} from './maintenance-output.js';
export type { QueryExplainOutput, QueryPlanNode, QueryProfileOutput } from './query-plan.js';
export type {
  QueryRequest,
  ReadOutput,
  ReadTargetOutput,
  ResultRow,
  ResultValue,
} from './read-output.js';
export type { SchemaApplyOutput, SchemaApplyRequest, SchemaOutput } from './schema-output.js';
export {
  API_KEY_VARIABLES,
  DEFAULT_SETTINGS,
  EMBEDDING_PROVIDERS,
  resolveSettings,
  type CacheSettings,
  type EmbeddingProviderName,
  type EmbeddingSettings,
  type LimitsSettings,
  type OmnigraphSettings,
  type S3Settings,
  type SearchSettings,
  type SettingName,
  type SettingsInput,
  type TextSearchMode,
  type TraversalMode,
  type TraversalSettings,
  type WriterSettings,
} from './settings.js';
export { envFlag, settingsFromEnv, type Env } from './settings-from-env.js';
export type { SnapshotDataset, SnapshotOutput, SnapshotRequest } from './snapshot-output.js';
export { jsonText } from './json-text.js';
export { readResultJson, type ReadResultJsonOptions } from './read-result-json.js';
export { renderQueryPlan } from './render-query-plan.js';
