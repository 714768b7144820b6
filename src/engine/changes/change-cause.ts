import type { ChangeCauseOutput } from '../../api/commit-changes-output.js';
import type { CommitRecord } from '../root/index.js';

/** The cause of a commit's changes. */
export function changeCause(commit: CommitRecord): ChangeCauseOutput {
  return {
    graph_commit_id: commit.graph_commit_id,
    parent_commit_id: commit.parent_commit_id,
    merged_parent_commit_id: commit.merged_parent_commit_id,
    authored_branch: commit.graph_branch,
    actor_id: commit.actor_id,
    authored_at: commit.created_at,
  };
}
