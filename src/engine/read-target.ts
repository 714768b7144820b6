import type { CommitInfo } from './commit-record.js';
import type { LoadMode } from './load/load-mode.js';
import type { LoadSource } from './load/ndjson-source.js';
import type { QueryOptions } from './query/read-query.js';
import type { ReadResult } from './query/read-result.js';

/** What a read or write targets: a branch head (default `main`) or one commit. */
export type ReadTarget = { readonly branch: string } | { readonly snapshot: string };

/** Count of entities loaded for one type. */
export interface TypeLoadCount {
  readonly name: string;
  readonly entities_loaded: number;
}

/** Progress of a long load, reported to a callback. */
export interface LoadProgress {
  readonly phase: 'validate' | 'write' | 'publish';
  /** Input lines (validate) or rows (write) done so far. */
  readonly done: number;
  /** Total when known (after validation). */
  readonly total: number | undefined;
}

/** Options of a load. */
export interface LoadOptions {
  readonly mode: LoadMode;
  /** Target branch; must exist unless `from` is given. Default `main`. */
  readonly branch?: string;
  /** Fork `branch` from this branch first when it does not exist. */
  readonly from?: string;
  readonly actor?: string | null;
  readonly onProgress?: (progress: LoadProgress) => void;
}

/** Result of a load (the CLI's `load --json` shape). */
export interface LoadResult {
  readonly uri: string;
  readonly branch: string;
  readonly mode: LoadMode;
  readonly base_branch?: string;
  readonly branch_created: boolean;
  readonly nodes: readonly TypeLoadCount[];
  readonly edges: readonly TypeLoadCount[];
  readonly total_entities: number;
  readonly commit: CommitInfo | null;
}

/** One type's table in a snapshot (`SnapshotOutput.datasets[]`). */
export interface SnapshotDataset {
  readonly entity_kind: 'node' | 'edge';
  readonly type_name: string;
  readonly dataset_path: string;
  readonly published_dataset_version: number;
  readonly native_dataset_branch: string | null;
  readonly entity_count: number;
}

/** Result of `snapshot`. */
export interface SnapshotResult {
  readonly graph_branch: string;
  readonly graph_commit_id: string;
  readonly graph_manifest_version: number;
  readonly internal_schema_version: number;
  readonly datasets: readonly SnapshotDataset[];
}

/** Result of creating a branch. */
export interface BranchCreateResult {
  readonly uri: string;
  readonly from: string;
  readonly name: string;
  readonly actor_id: string | null;
}

/** Result of deleting a branch. */
export interface BranchDeleteResult {
  readonly uri: string;
  readonly name: string;
  readonly actor_id: string | null;
}

/** Options of an export. */
export interface ExportOptions {
  readonly target?: ReadTarget;
  /** Only these node and/or edge types (by name); empty or absent = all. */
  readonly types?: readonly string[];
}

/**
 * The operations a graph offers, embedded or served: the embedded engine implements it, and
 * the HTTP client will implement the same interface, so the CLI behaves the same either way.
 */
export interface Graph {
  readonly uri: string;
  load(source: LoadSource, options: LoadOptions): Promise<LoadResult>;
  /** NDJSON lines in load format (one entity per string, no newline). */
  exportLines(options?: ExportOptions): AsyncIterable<string>;
  snapshot(target?: ReadTarget): Promise<SnapshotResult>;
  createBranch(
    name: string,
    options?: { from?: string; actor?: string | null },
  ): Promise<BranchCreateResult>;
  listBranches(): Promise<readonly string[]>;
  deleteBranch(name: string, options?: { actor?: string | null }): Promise<BranchDeleteResult>;
  listCommits(options?: { branch?: string }): Promise<readonly CommitInfo[]>;
  showCommit(commitId: string): Promise<CommitInfo>;
  schemaSource(): Promise<string>;
  close(): Promise<void>;
  /** Runs a read query on one snapshot of a branch head or commit. */
  query(source: string, options?: QueryOptions): Promise<ReadResult>;
}
