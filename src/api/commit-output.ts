/**
 * One commit of a graph (`CommitOutput`). `graph_branch` is null on `main`; `created_at` is Unix
 * microseconds.
 */
export interface CommitOutput {
  readonly graph_commit_id: string;
  readonly graph_branch: string | null;
  readonly graph_manifest_version: number;
  readonly parent_commit_id: string | null;
  readonly merged_parent_commit_id: string | null;
  readonly actor_id: string | null;
  readonly created_at: number;
  /**
   * Present (and true) in a commit list when `cleanup` removed table versions the commit pins:
   * it can no longer be read, exported or branched from.
   */
  readonly data_reclaimed?: true;
}

/** Which history {@link Graph.listCommits} lists. */
export interface CommitListRequest {
  /** Default `main`. A branch's list includes the history it inherited at its fork. */
  readonly branch?: string;
}

/** Commits newest first, by (manifest version, created_at, commit id). */
export interface CommitListOutput {
  readonly commits: readonly CommitOutput[];
}
