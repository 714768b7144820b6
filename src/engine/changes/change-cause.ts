import type { CommitRecord } from '../commit-record.js';

/** The commit a block of changes belongs to (`ChangeCauseOutput`). */
export interface ChangeCause {
  readonly graph_commit_id: string;
  readonly parent_commit_id: string | null;
  readonly merged_parent_commit_id: string | null;
  /** The branch the commit was written on (`main` included). */
  readonly authored_branch: string;
  readonly actor_id: string | null;
  /** Unix microseconds. */
  readonly authored_at: number;
}

/** The cause of a commit's changes. */
export function changeCause(commit: CommitRecord): ChangeCause {
  return {
    graph_commit_id: commit.graph_commit_id,
    parent_commit_id: commit.parent_commit_id,
    merged_parent_commit_id: commit.merged_parent_commit_id,
    authored_branch: commit.graph_branch,
    actor_id: commit.actor_id,
    authored_at: commit.created_at,
  };
}
