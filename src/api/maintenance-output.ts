import type { CommitOutput } from './commit-output.js';

/** A declared index optimize could not build, and why (e.g. too few rows to train). */
export interface PendingIndexOutput {
  readonly property: string;
  readonly reason: string;
}

/** What optimize did to one dataset. */
export interface OptimizeDatasetOutput {
  readonly type_key: string;
  readonly fragments_removed: number;
  readonly fragments_added: number;
  /** True when the commit publishes a new version of this dataset. */
  readonly committed: boolean;
  /** Why the dataset was left alone, or null. */
  readonly skipped: string | null;
  readonly published_dataset_version: number;
  readonly lance_head_version: number;
  readonly pending_indexes: readonly PendingIndexOutput[];
}

/** The result of `optimize`: every dataset of `main`, and the one commit publishing them. */
export interface OptimizeOutput {
  readonly uri: string;
  readonly datasets: readonly OptimizeDatasetOutput[];
  /** Null when nothing changed. */
  readonly commit_id: string | null;
}

/**
 * Which table versions `cleanup` may remove: those older than every commit it keeps — the
 * newest `keep_versions` commits of each branch and/or the commits younger than
 * `older_than_secs` (at least one is required). Without `confirm` it only previews.
 */
export interface CleanupRequest {
  readonly keep_versions?: number;
  readonly older_than_secs?: number;
  readonly confirm: boolean;
}

/** What cleanup did (or, in a preview, would do) to one dataset. */
export interface CleanupDatasetOutput {
  readonly type_key: string;
  /** Bytes removed; 0 in a preview. */
  readonly bytes_removed: number;
  readonly old_versions_removed: number;
  /** Why (part of) the dataset was not cleaned; the next run retries. */
  readonly error: string | null;
}

/** The result of `cleanup`. */
export interface CleanupOutput {
  readonly uri: string;
  readonly keep_versions: number | null;
  readonly older_than_secs: number | null;
  readonly confirm: boolean;
  readonly datasets: readonly CleanupDatasetOutput[];
  /** Lance branches of deleted graph branches reclaimed (or, in a preview, to reclaim). */
  readonly orphan_branches: readonly { readonly type_key: string; readonly branch: string }[];
  /**
   * Datasets nothing pins any more, dropped whole (or, in a preview, to drop): tables a large
   * load or a schema change replaced, or a dropped type's, once no retained commit reads them.
   */
  readonly dropped_datasets: readonly {
    /** The dataset's entry in `datasets` (its table's name: its type is no longer known). */
    readonly type_key: string;
    readonly dataset_path: string;
  }[];
}

/** One declared index on one table. */
export interface IndexTargetOutput {
  readonly type_key: string;
  readonly column: string;
  readonly kind: 'btree' | 'fts' | 'vector';
}

/** An index not built now, and why. */
export interface DeferredIndexOutput extends IndexTargetOutput {
  readonly reason: string;
}

/** What an index build did on a branch. */
export interface EnsureIndicesOutput {
  readonly branch: string;
  /** Indexes built (or rebuilt to cover new rows) by this call. */
  readonly built: readonly IndexTargetOutput[];
  /** Indexes that already covered every row. */
  readonly present: readonly IndexTargetOutput[];
  /** Indexes not built, with the reason (e.g. too few rows to train a vector index). */
  readonly deferred: readonly DeferredIndexOutput[];
  /** The commit publishing the new index versions; null when nothing was built. */
  readonly commit: CommitOutput | null;
}
